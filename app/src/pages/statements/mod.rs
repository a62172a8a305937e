//! Statements: the worker's "What your care team wrote" (everything, newest
//! first, what is new since their last visit marked, their own view on
//! each, advice made into a Work draft in one tap), and the entries as a
//! professional reads them in the sections of their case page.

pub mod form;

use crate::api::kept;
use crate::api::statements::{load_statements, AddOwnView, AdoptAdvice};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// Who reads the entries, for the words around them and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reader {
    /// The worker: their own view is "your view", and they act on it.
    Worker,
    /// A professional (or the worker's preview of one): the view is the
    /// worker's, named by first name.
    Professional { worker: String },
}

#[component]
pub fn StatementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let page = Resource::new(move || case_id.get(), load_statements);
    signed_in_page(page, move |StatementsPage { case_id, statements }| {
        let (current, earlier): (Vec<Statement>, Vec<Statement>) = statements.into_iter().partition(|s| !s.superseded);
        let new = current.iter().filter(|s| s.new).count();
        let earlier_count = earlier.len();
        view! {
            <h1>{t!(i18n, st_title)}</h1>
            <p>{t!(i18n, st_intro)}</p>
            {(new > 0).then(|| view! { <p class="card" data-testid="st-new-count">{t!(i18n, st_new_count, count = new)}</p> })}
            {current.is_empty().then(|| view! { <p class="card">{t!(i18n, st_none)}</p> })}
            <StatementList case_id list=current reader=Reader::Worker/>
            {(earlier_count > 0).then(|| view! {
                <details class="card">
                    <summary>{t!(i18n, st_earlier, count = earlier_count)}</summary>
                    <StatementList case_id list=earlier reader=Reader::Worker/>
                </details>
            })}
            <Places case_id here=Place::Case/>
        }
    })
}

/// Entries as cards. Superseded ones say so.
#[component]
pub fn StatementList(case_id: CaseId, list: Vec<Statement>, reader: Reader) -> impl IntoView {
    view! {
        <ul class="plain">
            {list.into_iter().map(|s| view! { <StatementCard case_id s reader=reader.clone()/> }).collect_view()}
        </ul>
    }
}

/// A professional's section of one kind: current entries, then earlier versions.
#[component]
pub fn StatementSection(case_id: CaseId, list: Vec<Statement>, worker: String) -> impl IntoView {
    let i18n = use_i18n();
    let (current, earlier): (Vec<Statement>, Vec<Statement>) = list.into_iter().partition(|s| !s.superseded);
    let earlier_count = earlier.len();
    let reader = Reader::Professional { worker };
    view! {
        <StatementList case_id list=current reader=reader.clone()/>
        {(earlier_count > 0).then(|| view! {
            <details>
                <summary>{t!(i18n, st_earlier, count = earlier_count)}</summary>
                <StatementList case_id list=earlier reader/>
            </details>
        })}
    }
}

#[component]
fn StatementCard(case_id: CaseId, s: Statement, reader: Reader) -> impl IntoView {
    let i18n = use_i18n();
    let kind = s.kind();
    let author = match &s.author {
        Author::Named { name, role, .. } => format!("{name}, {}", text::role_name(i18n, *role)),
        Author::CareTeam => t_string!(i18n, st_author_care_team).to_string(),
    };
    let worker = reader == Reader::Worker;
    let drafts = s.drafts.clone();
    view! {
        <li class="card statement" data-testid="statement" data-kind=kind.id() data-new=s.new.then_some("true")>
            <p class="row">
                <strong>{text::statement_kind(i18n, kind)}</strong>
                {s.new.then(|| view! { <span class="chip new" data-testid="new">{t!(i18n, st_new)}</span> })}
                {s.superseded.then(|| view! { <span class="chip">{t!(i18n, st_superseded)}</span> })}
            </p>
            <p class="hint">{t!(i18n, st_by, author, date = text::date(i18n, s.written_on()))}</p>
            {match s.body.clone() {
                StatementBody::WorkAbility(w) => view! {
                    <WorkAbilityView w case_id id=s.id drafts act=worker && !s.superseded/>
                }.into_any(),
                StatementBody::Treatment(t) => view! { <TreatmentView t/> }.into_any(),
                StatementBody::Diagnosis(d) => view! { <DiagnosisView d/> }.into_any(),
            }}
            <OwnViewShown view=s.own_view.clone() reader=reader.clone()/>
            {worker.then(|| view! { <OwnViewForm case_id id=s.id current=s.own_view.clone()/> })}
        </li>
    }
}

#[component]
fn WorkAbilityView(
    w: WorkAbility,
    case_id: CaseId,
    id: StatementId,
    drafts: Vec<(usize, AdjustmentId)>,
    /// The worker, on a current entry: advice can become a draft.
    act: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let unlimited: Vec<String> =
        w.sections.iter().filter(|s| s.limit == Limit::None).map(|s| text::ability_section(i18n, s.section)).collect();
    let limited: Vec<SectionAbility> = w.limited().cloned().collect();
    let now = match (w.hours_a_day, w.days_a_week) {
        (Some(h), Some(d)) => Some(t_string!(i18n, st_hours_days, hours = h, days = d).to_string()),
        (Some(h), None) => Some(t_string!(i18n, st_hours_only, hours = h).to_string()),
        (None, Some(d)) => Some(t_string!(i18n, st_days_only, days = d).to_string()),
        (None, None) => None,
    };
    view! {
        <dl class="stack" data-testid="limits">
            {limited.into_iter().map(|s| view! {
                <dt>{text::ability_section(i18n, s.section)}" · "<span data-testid="limit">{text::limit(i18n, s.limit)}</span></dt>
                <dd class="words">{s.words}</dd>
            }).collect_view()}
        </dl>
        {(!unlimited.is_empty()).then(|| view! { <p>{t!(i18n, st_no_limit_in, sections = unlimited.join(", "))}</p> })}
        {now.map(|n| view! { <p data-testid="hours-now">{t!(i18n, st_can_work_now, hours = n)}</p> })}
        {(!w.build_up.is_empty()).then(|| view! {
            <p class="label">{t!(i18n, st_build_up)}</p>
            <ol class="build-up" data-testid="build-up">
                {w.build_up.iter().map(|b| view! {
                    <li>{t!(i18n, st_step, date = text::date(i18n, b.from), hours = b.hours_a_day, days = b.days_a_week)}</li>
                }).collect_view()}
            </ol>
        })}
        {(!w.advice.is_empty()).then(|| view! {
            <p class="label">{t!(i18n, st_advice)}</p>
            <ul class="plain advice">
                {w.advice.iter().enumerate().map(|(i, a)| {
                    let made = drafts.iter().find(|(item, _)| *item == i).map(|(_, d)| *d);
                    view! {
                        <li data-testid="advice">
                            <p><strong>{text::adjustment_kind(i18n, a.kind)}</strong></p>
                            <p class="words">{a.words.clone()}</p>
                            {act.then(|| match made {
                                Some(d) => view! {
                                    <p><a href=format!("/case/{case_id}/work/{d}") data-testid="advice-draft">{t!(i18n, st_advice_draft_made)}</a></p>
                                }.into_any(),
                                None => view! { <AdoptButton case_id id item=i/> }.into_any(),
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {(!w.course.is_empty()).then(|| view! { <p class="label">{t!(i18n, st_course)}</p><p class="words">{w.course.clone()}</p> })}
        <dl>
            {w.next_assessment.map(|d| view! { <dt>{t!(i18n, st_next_assessment)}</dt><dd>{text::date(i18n, d)}</dd> })}
            {w.valid_until.map(|d| view! { <dt>{t!(i18n, st_valid_until)}</dt><dd>{text::date(i18n, d)}</dd> })}
        </dl>
    }
}

#[component]
fn AdoptButton(case_id: CaseId, id: StatementId, item: usize) -> impl IntoView {
    let i18n = use_i18n();
    let adopt = ServerAction::<AdoptAdvice>::new();
    view! {
        <ActionForm action=adopt>
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="statement_id" value=id.to_string()/>
            <input type="hidden" name="item" value=item.to_string()/>
            <button type="submit" class="secondary" data-testid="adopt">{t!(i18n, st_adopt)}</button>
        </ActionForm>
    }
}

#[component]
fn TreatmentView(t: TreatmentPlan) -> impl IntoView {
    let i18n = use_i18n();
    let period = match (t.since, t.until) {
        (Some(s), Some(u)) => {
            Some(t_string!(i18n, st_from_until, from = text::date(i18n, s), until = text::date(i18n, u)).to_string())
        }
        (Some(s), None) => Some(t_string!(i18n, st_since, date = text::date(i18n, s)).to_string()),
        (None, Some(u)) => Some(t_string!(i18n, st_until, date = text::date(i18n, u)).to_string()),
        (None, None) => None,
    };
    view! {
        <p class="words" data-testid="treatment-what">{t.what}</p>
        <dl>
            {(!t.how_often.is_empty()).then(|| view! { <dt>{t!(i18n, st_how_often)}</dt><dd class="words">{t.how_often.clone()}</dd> })}
            {period.map(|p| view! { <dt>{t!(i18n, st_period)}</dt><dd>{p}</dd> })}
            {t.next_appointment.map(|d| view! { <dt>{t!(i18n, st_next_appointment)}</dt><dd>{text::date(i18n, d)}</dd> })}
        </dl>
        {(!t.for_work.is_empty()).then(|| view! { <p class="label">{t!(i18n, st_for_work)}</p><p class="words">{t.for_work.clone()}</p> })}
    }
}

#[component]
fn DiagnosisView(d: Diagnosis) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="words" data-testid="diagnosis-words">{d.words}</p>
        {d.code.map(|c| view! { <p>{t!(i18n, st_code, code = c)}</p> })}
        {(!d.summary.is_empty()).then(|| view! { <p class="label">{t!(i18n, st_summary)}</p><p class="words">{d.summary.clone()}</p> })}
    }
}

/// The worker's view as it travels with the entry.
#[component]
fn OwnViewShown(view: Option<OwnView>, reader: Reader) -> impl IntoView {
    let i18n = use_i18n();
    view.map(|v| {
        let title = match &reader {
            Reader::Worker => t_string!(i18n, st_your_view).to_string(),
            Reader::Professional { worker } => t_string!(i18n, st_workers_view, name = worker.clone()).to_string(),
        };
        view! {
            <div class="own-view" data-testid="own-view" data-stance=v.stance.id()>
                <p class="label">{title}": "{text::stance(i18n, v.stance)}</p>
                {(!v.words.is_empty()).then(|| view! { <blockquote class="words">{v.words.clone()}</blockquote> })}
            </div>
        }
    })
}

#[component]
fn OwnViewForm(case_id: CaseId, id: StatementId, current: Option<OwnView>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddOwnView>::new();
    let error = action_error(action);
    let kept_stance = kept::value::<AddOwnView>(&format!("{id}.stance"));
    let kept_words = kept::value::<AddOwnView>(&format!("{id}.words"));
    let open = kept_stance.is_some() || kept_words.is_some();
    let stance = kept_stance.or(current.as_ref().map(|v| v.stance.id().to_string())).unwrap_or_default();
    let words = kept_words.or(current.as_ref().map(|v| v.words.clone())).unwrap_or_default();
    let stance_errors = field_messages(error, "stance".into());
    let summary = if current.is_some() { t_string!(i18n, st_change_view) } else { t_string!(i18n, st_add_view) };
    view! {
        <details open=open>
            <summary>{summary}</summary>
            <ActionForm action attr:class="form" attr:novalidate=true attr:data-testid="own-view-form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="statement_id" value=id.to_string()/>
                <fieldset aria-describedby=format!("stance-{id}-error")>
                    <legend>{t!(i18n, st_stance_label)}</legend>
                    {Stance::ALL.iter().map(|s| {
                        let input_id = format!("stance-{id}-{}", s.id());
                        view! {
                            <div class="check">
                                <input type="radio" id=input_id.clone() name="stance" value=s.id() checked=stance == s.id()/>
                                <label for=input_id>{text::stance(i18n, *s)}</label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="error" id=format!("stance-{id}-error") aria-live="polite">{move || stance_errors.get().join(" ")}</p>
                </fieldset>
                <TextArea id=format!("view-words-{id}") name="words" label=format!("{} ({})", t_string!(i18n, st_view_words), t_string!(i18n, optional))
                    hint=t_string!(i18n, st_view_words_hint, max = OWN_VIEW_MAX).to_string() value=words max=OWN_VIEW_MAX rows=3 error/>
                <button type="submit">{t!(i18n, st_save_view)}</button>
            </ActionForm>
        </details>
    }
}
