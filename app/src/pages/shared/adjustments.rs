//! The adjustments a worker sent to this participant, with the steps they
//! may take: the employer agrees (with dates), answers "not possible",
//! marks in place, or ends; the occupational physician records an
//! agreement reached in a meeting, which counts once the worker confirms.

use crate::api::kept;
use crate::api::work::TakeStep;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::pages::work::adjustment::{EndForm, ReviewForm};
use crate::text;
use leptos::prelude::*;

#[component]
pub fn SentAdjustments(
    case_id: CaseId,
    role: Role,
    list: Vec<SentAdjustment>,
    act: bool,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let step = ServerAction::<TakeStep>::new();
    let error = action_error(step);
    view! {
        <FormError error fields=&["reason", "review", "start", "outcome"]/>
        <ul class="plain">
            {list.into_iter().map(|a| view! { <SentAdjustmentCard case_id role a act today step/> }).collect_view()}
        </ul>
    }
}

#[component]
fn SentAdjustmentCard(
    case_id: CaseId,
    role: Role,
    a: SentAdjustment,
    act: bool,
    today: chrono::NaiveDate,
    step: ServerAction<TakeStep>,
) -> impl IntoView {
    let i18n = use_i18n();
    let employer = act && role == Role::Employer;
    let physician = act && role == Role::OccupationalPhysician;
    let status = a.status;
    view! {
        <li class="card adjustment" data-testid="sent-adjustment" data-status=status.id()>
            <p class="row">
                <strong>{text::adjustment_kind(i18n, a.kind)}</strong>
                <span class="chip" data-testid="status">{text::adjustment_status(i18n, status)}</span>
            </p>
            <dl class="stack">
                <dt>{t!(i18n, work_help_label)}</dt>
                <dd class="words">{a.help.clone()}</dd>
                {(!a.benefit.is_empty()).then(|| view! { <dt>{t!(i18n, work_benefit_label)}</dt><dd class="words">{a.benefit.clone()}</dd> })}
                {a.from.map(|d| view! { <dt>{t!(i18n, work_from_label)}</dt><dd>{text::date(i18n, d)}</dd> })}
                {a.until.map(|d| view! { <dt>{t!(i18n, work_until_label)}</dt><dd>{text::date(i18n, d)}</dd> })}
            </dl>
            {a.agreement.map(|ag| view! {
                <p data-testid="dates">{t!(i18n, work_dates, start = text::date(i18n, ag.start), review = text::date(i18n, ag.review))}</p>
            })}
            {a.reason.clone().map(|r| view! { <p>{t!(i18n, work_not_possible_because)}</p><blockquote>{r}</blockquote> })}
            {a.pending.map(|p| view! {
                <p class="hint">{t!(i18n, work_recorded_waiting, start = text::date(i18n, p.start), review = text::date(i18n, p.review))}</p>
            })}
            {(employer && status == AdjustmentStatus::Proposed).then(|| view! {
                <DatesForm case_id id=a.id step_id="agreed" title=t_string!(i18n, employer_agree).to_string() step/>
                <NotPossibleForm case_id id=a.id step/>
            })}
            {(physician && status == AdjustmentStatus::Proposed && a.pending.is_none()).then(|| view! {
                <DatesForm case_id id=a.id step_id="recorded" title=t_string!(i18n, physician_record).to_string() step/>
            })}
            {(employer && status == AdjustmentStatus::Agreed).then(|| view! {
                <ActionForm action=step>
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <input type="hidden" name="adjustment_id" value=a.id.to_string()/>
                    <input type="hidden" name="step" value="in_place"/>
                    <button type="submit" data-testid="mark-in-place">{t!(i18n, employer_in_place)}</button>
                </ActionForm>
            })}
            {a.agreement.filter(|_| employer && matches!(status, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace)).map(|ag| view! {
                <ReviewForm case_id id=a.id review=ag.review due=ag.review <= today step/>
            })}
            {(employer && matches!(status, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace)).then(|| view! {
                <EndForm case_id id=a.id withdraw=false step/>
            })}
        </li>
    }
}

/// Agree (employer) or record an agreement (occupational physician): a
/// start date and a review date that defaults to six weeks later.
#[component]
fn DatesForm(
    case_id: CaseId,
    id: AdjustmentId,
    step_id: &'static str,
    title: String,
    step: ServerAction<TakeStep>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(step);
    let kept = |f: &str| kept::value::<TakeStep>(&format!("{id}.{f}")).unwrap_or_default();
    let (start, review) = (kept("start"), kept("review"));
    view! {
        <details class="card" open=true>
            <summary>{title.clone()}</summary>
            <ActionForm action=step attr:class="form" attr:novalidate=true attr:data-testid=format!("{step_id}-form")>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="adjustment_id" value=id.to_string()/>
                <input type="hidden" name="step" value=step_id/>
                <Field id=format!("{step_id}-start-{id}") label=t_string!(i18n, start_label).to_string() name="start" kind="date" value=start required=true error/>
                <Field id=format!("{step_id}-review-{id}") label=format!("{} ({})", t_string!(i18n, review_label), t_string!(i18n, optional))
                    name="review" kind="date" value=review hint=t_string!(i18n, review_hint).to_string() error/>
                <button type="submit">{title}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn NotPossibleForm(case_id: CaseId, id: AdjustmentId, step: ServerAction<TakeStep>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(step);
    // What was typed before a refused post comes back, with the form open.
    let reason = kept::value::<TakeStep>(&format!("{id}.reason")).unwrap_or_default();
    let open = !reason.is_empty();
    view! {
        <details class="card" open=open>
            <summary>{t!(i18n, employer_not_possible)}</summary>
            <ActionForm action=step attr:class="form" attr:novalidate=true>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="adjustment_id" value=id.to_string()/>
                <input type="hidden" name="step" value="declined"/>
                <TextArea id=format!("declined-reason-{id}") name="reason" label=t_string!(i18n, employer_reason_label).to_string()
                    hint=t_string!(i18n, employer_reason_hint, max = REASON_MAX).to_string() value=reason max=REASON_MAX required=true error/>
                <button type="submit" class="secondary">{t!(i18n, employer_not_possible)}</button>
            </ActionForm>
        </details>
    }
}
