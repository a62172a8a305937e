//! The plan of action, one page for the worker (`/case/{case}/plan`) and
//! for the employer and the occupational physician (`/shared/{case}/plan`):
//! the same text for all, who agreed, the linked adjustments, the progress
//! evaluations, and the earlier versions.

use crate::api::kept;
use crate::api::plan::{load_plan, AgreePlan, EvaluatePlan, WritePlan};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// `worker`: the page under the worker's places; else a participant's.
#[component]
pub fn PlanPage(#[prop(optional)] worker: bool) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let page = Resource::new(move || case_id.get(), load_plan);
    signed_in_page(page, move |p: PlanPage| {
        let case_id = p.case_id;
        let is_worker = p.actions.party == Some(Party::Worker);
        view! {
            {(!worker).then(|| view! {
                <p><a href=format!("/shared/{case_id}")>{t!(i18n, stf_back, name = p.worker_first_name.clone())}</a></p>
            })}
            <h1>{t!(i18n, poa_title)}</h1>
            <p>{t!(i18n, poa_intro)}</p>
            <p class="notice card">{t!(i18n, poa_nothing_medical)}</p>
            <PlanBody p/>
            // The worker's places, for the worker (its readers may open this address too).
            {(worker && is_worker).then(|| view! { <Places case_id here=Place::Case/> })}
        }
    })
}

#[component]
fn PlanBody(p: PlanPage) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = p.case_id;
    let current = p.current().cloned();
    let earlier: Vec<PlanVersion> = p.versions.iter().skip(1).cloned().collect();
    let next = p.next_evaluation();
    let party = p.actions.party;
    view! {
        {match current.clone() {
            None => view! { <p class="card" data-testid="plan-none">{t!(i18n, poa_none)}</p> }.into_any(),
            Some(v) => view! {
                <section class="card plan" data-testid="plan-current" data-version=v.id.to_string()>
                    <h2>{t!(i18n, poa_current)}</h2>
                    <Agreement v=v.clone() party has_employer=p.has_employer/>
                    <VersionText v=v.clone() linked=p.linked.clone()/>
                    {next.map(|d| view! {
                        <p data-testid="plan-next-evaluation" class:overdue=d < p.today>{t!(i18n, poa_next_evaluation_on, date = text::date(i18n, d))}</p>
                    })}
                    {party.filter(|pt| !v.agreed_by(*pt) && p.has_employer).map(|_| view! { <AgreeForm case_id v=v.id/> })}
                </section>
            }.into_any(),
        }}
        {party.map(|_| view! { <WriteForm case_id current=current.clone() linkable=p.linkable.clone() today=p.today/> })}
        <section class="card" aria-labelledby="evaluations-title">
            <h2 id="evaluations-title">{t!(i18n, poa_evaluations)}</h2>
            {p.evaluations.is_empty().then(|| view! { <p>{t!(i18n, poa_evaluations_none)}</p> })}
            <ul class="plain">
                {p.evaluations.iter().map(|e| view! {
                    <li class="evaluation" data-testid="evaluation">
                        <p class="hint">{author(i18n, &e.author)}", "{text::date(i18n, written_on(e.written_at))}</p>
                        <p class="words">{e.text.text.clone()}</p>
                    </li>
                }).collect_view()}
            </ul>
            {(p.actions.evaluate && current.is_some()).then(|| view! { <EvaluateForm case_id today=p.today/> })}
        </section>
        {(!earlier.is_empty()).then(|| view! {
            <details class="card">
                <summary>{t!(i18n, poa_history, count = earlier.len())}</summary>
                <ul class="plain history">
                    {earlier.into_iter().map(|v| view! {
                        <li data-testid="plan-version">
                            <p class="hint">{author(i18n, &v.author)}", "{text::date(i18n, written_on(v.written_at))}</p>
                            <VersionText v linked=Vec::new()/>
                        </li>
                    }).collect_view()}
                </ul>
            </details>
        })}
    }
}

fn author(i18n: text::I18n, a: &PlanAuthor) -> String {
    match a {
        PlanAuthor::Worker => t_string!(i18n, poa_by_worker).to_string(),
        PlanAuthor::Participant { name, role } => format!("{name}, {}", text::role_name(i18n, *role)),
    }
}

fn written_on(t: Timestamp) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp_millis(t.0).map(|t| t.date_naive()).unwrap_or_default()
}

/// Who agreed, in words.
#[component]
fn Agreement(v: PlanVersion, party: Option<Party>, has_employer: bool) -> impl IntoView {
    let i18n = use_i18n();
    let state = match (v.agreed(), v.worker_agreed, v.employer_agreed) {
        (Some(at), _, _) => t_string!(i18n, poa_agreed_both, date = text::date(i18n, written_on(at))).to_string(),
        (None, Some(_), None) if party == Some(Party::Worker) => t_string!(i18n, poa_waiting_employer).to_string(),
        (None, Some(_), None) => t_string!(i18n, poa_waiting_you_worker_agreed).to_string(),
        (None, None, Some(_)) if party == Some(Party::Employer) => t_string!(i18n, poa_waiting_worker).to_string(),
        (None, None, Some(_)) => t_string!(i18n, poa_waiting_you_employer_agreed).to_string(),
        _ => String::new(),
    };
    let agreed = v.agreed().is_some();
    view! {
        <p class="chip" data-testid="plan-agreement" data-agreed=agreed.then_some("true")>{state}</p>
        {(!has_employer).then(|| view! { <p class="hint">{t!(i18n, poa_no_employer)}</p> })}
    }
}

#[component]
fn VersionText(v: PlanVersion, linked: Vec<SentAdjustment>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="stack">
            <dt>{t!(i18n, poa_goal)}</dt>
            <dd data-testid="plan-goal">{text::plan_goal(i18n, v.text.goal)}</dd>
            <dt>{t!(i18n, poa_steps)}</dt>
            <dd class="words" data-testid="plan-steps">{v.text.steps.clone()}</dd>
            {(!v.text.case_manager.is_empty()).then(|| view! {
                <dt>{t!(i18n, poa_case_manager)}</dt><dd class="words">{v.text.case_manager.clone()}</dd>
            })}
        </dl>
        {(!linked.is_empty()).then(|| view! {
            <p class="label">{t!(i18n, poa_linked)}</p>
            <ul class="plain" data-testid="plan-linked">
                {linked.into_iter().map(|a| view! {
                    <li class="linked" data-testid="plan-adjustment">
                        <strong>{text::adjustment_kind(i18n, a.kind)}</strong>" · "{text::adjustment_status(i18n, a.status)}
                        <p class="words">{a.help}</p>
                        {a.agreement.map(|ag| view! { <p class="hint">{t!(i18n, work_dates, start = text::date(i18n, ag.start), review = text::date(i18n, ag.review))}</p> })}
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn AgreeForm(case_id: CaseId, v: PlanVersionId) -> impl IntoView {
    let i18n = use_i18n();
    let agree = ServerAction::<AgreePlan>::new();
    let error = action_error(agree);
    view! {
        <ActionForm action=agree attr:data-testid="agree-form">
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="version_id" value=v.to_string()/>
            <FormError error fields=&["version"]/>
            <button type="submit">{t!(i18n, poa_agree)}</button>
        </ActionForm>
    }
}

#[component]
fn WriteForm(
    case_id: CaseId,
    current: Option<PlanVersion>,
    linkable: Vec<SentAdjustment>,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let write = ServerAction::<WritePlan>::new();
    let error = action_error(write);
    let goal_errors = field_messages(error, "goal".into());
    let linked_errors = field_messages(error, "adjustments".into());
    let kept_any = kept::value::<WritePlan>("steps").is_some();
    let text = current.as_ref().map(|v| v.text.clone());
    let value = |field: &str, from_current: String| kept::or::<WritePlan>(field, from_current);
    let goal = value("goal", text.as_ref().map(|t| t.goal.id().to_string()).unwrap_or_default());
    let steps = value("steps", text.as_ref().map(|t| t.steps.clone()).unwrap_or_default());
    let manager = value("case_manager", text.as_ref().map(|t| t.case_manager.clone()).unwrap_or_default());
    let next = value(
        "next_evaluation",
        text.as_ref()
            .and_then(|t| t.next_evaluation)
            .unwrap_or_else(|| EvaluationText::default_next(today))
            .to_string(),
    );
    let chosen: Vec<AdjustmentId> = text.as_ref().map(|t| t.adjustments.clone()).unwrap_or_default();
    let open = current.is_none() || kept_any;
    let summary = if current.is_some() { t_string!(i18n, poa_change) } else { t_string!(i18n, poa_write) };
    view! {
        <details class="card" open=open>
            <summary>{summary}</summary>
            <p class="hint">{t!(i18n, poa_write_hint)}</p>
            <ActionForm action=write attr:class="form" attr:novalidate=true attr:data-testid="plan-form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <fieldset aria-describedby="plan-goal-error">
                    <legend>{t!(i18n, poa_goal)}</legend>
                    {PlanGoal::ALL.iter().map(|g| {
                        let id = format!("plan-goal-{}", g.id());
                        view! {
                            <div class="check">
                                <input type="radio" id=id.clone() name="goal" value=g.id() checked=goal == g.id()/>
                                <label for=id>{text::plan_goal(i18n, *g)}</label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="error" id="plan-goal-error" aria-live="polite">{move || goal_errors.get().join(" ")}</p>
                </fieldset>
                <TextArea id="plan-steps" name="steps" label=t_string!(i18n, poa_steps).to_string()
                    hint=t_string!(i18n, poa_steps_hint, max = PLAN_STEPS_MAX).to_string() value=steps max=PLAN_STEPS_MAX required=true error/>
                <TextArea id="plan-case-manager" name="case_manager" label=format!("{} ({})", t_string!(i18n, poa_case_manager), t_string!(i18n, optional))
                    hint=t_string!(i18n, poa_case_manager_hint, max = CASE_MANAGER_MAX).to_string() value=manager max=CASE_MANAGER_MAX rows=2 error/>
                <Field id="plan-next" label=t_string!(i18n, poa_next_evaluation).to_string() name="next_evaluation" kind="date"
                    value=next hint=t_string!(i18n, poa_next_evaluation_hint).to_string() error/>
                <fieldset aria-describedby="plan-adjustments-error">
                    <legend>{t!(i18n, poa_linked)}</legend>
                    {linkable.is_empty().then(|| view! { <p class="hint">{t!(i18n, poa_linkable_none)}</p> })}
                    {linkable.into_iter().map(|a| {
                        let id = format!("plan-adj-{}", a.id);
                        view! {
                            <div class="check">
                                <input type="checkbox" id=id.clone() name=format!("adjustments[{}]", a.id) checked=chosen.contains(&a.id)/>
                                <label for=id>{text::adjustment_kind(i18n, a.kind)}<span class="hint block">{a.help.clone()}</span></label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="error" id="plan-adjustments-error" aria-live="polite">{move || linked_errors.get().join(" ")}</p>
                </fieldset>
                <FormError error/>
                <button type="submit">{t!(i18n, poa_save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn EvaluateForm(case_id: CaseId, today: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let evaluate = ServerAction::<EvaluatePlan>::new();
    let error = action_error(evaluate);
    let open = kept::value::<EvaluatePlan>("text").is_some();
    view! {
        <details open=open>
            <summary>{t!(i18n, poa_evaluate)}</summary>
            <ActionForm action=evaluate attr:class="form" attr:novalidate=true attr:data-testid="evaluate-form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <TextArea id="evaluation-text" name="text" label=t_string!(i18n, poa_evaluation_text).to_string()
                    hint=t_string!(i18n, poa_evaluation_hint, max = EVALUATION_MAX).to_string()
                    value={kept::or::<EvaluatePlan>("text", "")} max=EVALUATION_MAX required=true error/>
                <Field id="evaluation-next" label=t_string!(i18n, poa_next_evaluation).to_string() name="next_evaluation" kind="date"
                    value={kept::or::<EvaluatePlan>("next_evaluation", EvaluationText::default_next(today).to_string())} error/>
                <FormError error/>
                <button type="submit">{t!(i18n, poa_evaluate_button)}</button>
            </ActionForm>
        </details>
    }
}
