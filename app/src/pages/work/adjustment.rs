//! One adjustment need: written and saved as a draft (while typing, with
//! JavaScript; on "Save" without), sent to the employer and/or the
//! occupational physician, then followed step by step with its history.

use crate::api::kept;
use crate::api::work::{load_adjustment, load_work, DeleteDraft, TakeStep, WriteAdjustment};
use crate::components::*;
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::islands::{AutosaveTexts, DraftAutosave};
use crate::text;
use leptos::prelude::*;

#[component]
pub fn AdjustmentPage() -> impl IntoView {
    let (case_id, aid) = (param("case_id"), param("aid"));
    let write = ServerAction::<WriteAdjustment>::new();
    let step = ServerAction::<TakeStep>::new();
    let delete = ServerAction::<DeleteDraft>::new();
    let data = Resource::new(
        move || (case_id.get(), aid.get()),
        |(case_id, aid)| async move {
            Ok::<_, AppError>(if aid == "new" {
                (load_work(case_id).await?, None)
            } else {
                let p = load_adjustment(case_id, aid).await?;
                (p.work, Some(p.adjustment))
            })
        },
    );
    signed_in_page(data, move |(page, a)| {
        let case_id = page.case_id;
        view! {
            <p><a href=format!("/case/{case_id}/work")>{t!(use_i18n(), back_to_work)}</a></p>
            {match a {
                None => view! { <DraftForm case_id a=None write/> }.into_any(),
                Some(a) => view! { <AdjustmentView page a write step delete/> }.into_any(),
            }}
            <Places case_id here=Place::Work/>
        }
    })
}

#[component]
fn AdjustmentView(
    page: WorkPage,
    a: Adjustment,
    write: ServerAction<WriteAdjustment>,
    step: ServerAction<TakeStep>,
    delete: ServerAction<DeleteDraft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = page.case_id;
    let names: Vec<(ParticipantId, String)> = page.recipients.iter().map(|r| (r.id, r.name.clone())).collect();
    let sent_to = a
        .sent_to
        .iter()
        .filter_map(|p| names.iter().find(|(id, _)| id == p).map(|(_, n)| n.clone()))
        .collect::<Vec<_>>()
        .join(", ");
    let error = action_error(step);
    let status = a.status;
    let agreed = matches!(status, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace);
    let review_due = a.review_due(page.today);
    view! {
        {if status == AdjustmentStatus::Draft {
            view! {
                <DraftForm case_id a=Some(a.clone()) write/>
                <SendForm case_id a=a.clone() recipients=page.recipients.clone() step/>
                <DeleteDraftForm case_id id=a.id delete/>
            }.into_any()
        } else {
            view! {
                <h1>{text::adjustment_kind(i18n, a.text.kind)}</h1>
                <section class="card" aria-labelledby="adj-status">
                    <h2 id="adj-status" class="row">
                        {t!(i18n, status_label)}
                        <span class="chip" data-testid="status">{text::adjustment_status(i18n, status)}</span>
                    </h2>
                    {(!sent_to.is_empty()).then(|| view! { <p>{t!(i18n, work_sent_to, names = sent_to.clone())}</p> })}
                    {a.agreement.map(|ag| view! {
                        <p data-testid="dates">{t!(i18n, work_dates, start = text::date(i18n, ag.start), review = text::date(i18n, ag.review))}</p>
                    })}
                    {a.reason.clone().filter(|_| status == AdjustmentStatus::Declined).map(|r| view! {
                        <p>{t!(i18n, work_not_possible_because)}</p><blockquote>{r}</blockquote>
                    })}
                </section>
                <section class="card" aria-labelledby="adj-words">
                    <h2 id="adj-words">{t!(i18n, work_as_sent)}</h2>
                    <TextView a=a.clone()/>
                </section>
                {a.pending.map(|p| view! { <ConfirmForm case_id id=a.id p step/> })}
                {a.agreement.filter(|_| agreed).map(|ag| view! { <ReviewForm case_id id=a.id review=ag.review due=review_due step/> })}
                {matches!(status, AdjustmentStatus::Proposed | AdjustmentStatus::Agreed | AdjustmentStatus::InPlace)
                    .then(|| view! { <EndForm case_id id=a.id withdraw=status == AdjustmentStatus::Proposed step/> })}
            }.into_any()
        }}
        <FormError error/>
        // Deleting is refused once it was sent (in another tab, say): said here.
        <FormError error=action_error(delete)/>
        <section aria-labelledby="adj-history">
            <h2 id="adj-history">{t!(i18n, work_history)}</h2>
            <ol class="plain history">
                {a.history.iter().rev().map(|l| view! {
                    <li>
                        <p>{text::step_line(i18n, l)}</p>
                        <p class="hint">{text::moment(i18n, l.at)}</p>
                        {l.reason.clone().map(|r| view! { <blockquote>{r}</blockquote> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The worker's words, as they read to whoever it was sent to.
#[component]
pub fn TextView(a: Adjustment) -> impl IntoView {
    let i18n = use_i18n();
    let t = a.text;
    view! {
        <dl class="stack">
            <dt>{t!(i18n, work_help_label)}</dt>
            <dd class="words">{t.help}</dd>
            {(!t.benefit.is_empty()).then(|| view! {
                <dt>{t!(i18n, work_benefit_label)}</dt>
                <dd class="words">{t.benefit.clone()}</dd>
            })}
            {t.from.map(|d| view! { <dt>{t!(i18n, work_from_label)}</dt><dd>{text::date(i18n, d)}</dd> })}
            {t.until.map(|d| view! { <dt>{t!(i18n, work_until_label)}</dt><dd>{text::date(i18n, d)}</dd> })}
        </dl>
    }
}

/// Writing a need. Saved as a draft after a pause in typing (the island)
/// and on "Save"; nothing is sent from here.
#[component]
fn DraftForm(case_id: CaseId, a: Option<Adjustment>, write: ServerAction<WriteAdjustment>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(write);
    let id = a.as_ref().map(|a| a.id.to_string()).unwrap_or_default();
    let t = a.map(|a| a.text);
    let kind = kept::or::<WriteAdjustment>("kind", t.as_ref().map_or("", |t| t.kind.id()));
    let help = kept::or::<WriteAdjustment>("help", t.as_ref().map(|t| t.help.clone()).unwrap_or_default());
    let benefit = kept::or::<WriteAdjustment>("benefit", t.as_ref().map(|t| t.benefit.clone()).unwrap_or_default());
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let from = kept::or::<WriteAdjustment>("from", date(t.as_ref().and_then(|t| t.from)));
    let until = kept::or::<WriteAdjustment>("until", date(t.as_ref().and_then(|t| t.until)));
    let texts = AutosaveTexts {
        saving: t_string!(i18n, autosave_saving).to_string(),
        saved: t_string!(i18n, autosave_saved).to_string(),
        failed: t_string!(i18n, autosave_failed).to_string(),
    };
    let kind_errors = field_messages(error, "kind".into());
    view! {
        <h1>{t!(i18n, work_write_title)}</h1>
        <p class="hint private">{t!(i18n, work_draft_private)}</p>
        <ActionForm action=write attr:class="card form" attr:novalidate=true attr:data-testid="draft-form">
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="adjustment_id" value=id/>
            <div class="field">
                <label for="adj-kind">{t!(i18n, work_kind_label)}</label>
                <select id="adj-kind" name="kind" aria-describedby="adj-kind-error">
                    {AdjustmentKind::ALL.iter().map(|k| view! {
                        <option value=k.id() selected=kind == k.id()>{text::adjustment_kind(i18n, *k)}</option>
                    }).collect_view()}
                </select>
                <p class="error" id="adj-kind-error" aria-live="polite">{move || kind_errors.get().join(" ")}</p>
            </div>
            <TextArea id="adj-help" name="help" label=t_string!(i18n, work_help_label).to_string()
                hint=t_string!(i18n, work_help_hint, max = ADJUSTMENT_TEXT_MAX).to_string() value=help max=ADJUSTMENT_TEXT_MAX error/>
            <TextArea id="adj-benefit" name="benefit" label=t_string!(i18n, work_benefit_label).to_string()
                hint=t_string!(i18n, limit_hint, max = ADJUSTMENT_TEXT_MAX).to_string() value=benefit max=ADJUSTMENT_TEXT_MAX error/>
            <Field id="adj-from" label=format!("{} ({})", t_string!(i18n, work_from_label), t_string!(i18n, optional))
                name="from" kind="date" value=from error/>
            <Field id="adj-until" label=format!("{} ({})", t_string!(i18n, work_until_label), t_string!(i18n, optional))
                name="until" kind="date" value=until error/>
            <DraftAutosave texts/>
            <FormError error/>
            <button type="submit">{t!(i18n, save_draft)}</button>
        </ActionForm>
    }
}

/// Sending: to the employer, the occupational physician, or both. Someone
/// who cannot see adjustments yet is offered the grant in the same step.
#[component]
fn SendForm(case_id: CaseId, a: Adjustment, recipients: Vec<Recipient>, step: ServerAction<TakeStep>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(step);
    let to_errors = field_messages(error, "to".into());
    let help_errors = field_messages(error, "help".into());
    let any_lacking = recipients.iter().any(|r| !r.sees_adjustments);
    let none = recipients.is_empty();
    view! {
        <section class="card" aria-labelledby="send-title">
            <h2 id="send-title">{t!(i18n, work_send_title)}</h2>
            <p>{t!(i18n, work_send_intro)}</p>
            {none.then(|| view! { <p data-testid="no-recipients">{t!(i18n, work_no_recipients)}</p> })}
            {(!none).then(|| view! {
                <ActionForm action=step attr:class="form" attr:novalidate=true attr:data-testid="send-form">
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <input type="hidden" name="adjustment_id" value=a.id.to_string()/>
                    <input type="hidden" name="step" value="sent"/>
                    <fieldset aria-describedby="send-to-error">
                        <legend>{t!(i18n, work_send_to)}</legend>
                        {recipients.iter().map(|r| {
                            let id = format!("to-{}", r.id);
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone() name=format!("to[{}]", r.id)/>
                                    <label for=id>
                                        {r.name.clone()}
                                        <span class="hint block">{text::role_name(i18n, r.role)}</span>
                                        {(!r.sees_adjustments).then(|| view! { <span class="hint block">{t!(i18n, work_cannot_see_yet)}</span> })}
                                    </label>
                                </div>
                            }
                        }).collect_view()}
                        <p class="error" id="send-to-error" aria-live="polite">{move || { let mut m = to_errors.get(); m.extend(help_errors.get()); m.join(" ") }}</p>
                    </fieldset>
                    {any_lacking.then(|| view! {
                        <div class="check">
                            <input type="checkbox" id="send-grant" name="grant" checked=true/>
                            <label for="send-grant">{t!(i18n, work_send_grant)}</label>
                        </div>
                    })}
                    <button type="submit">{t!(i18n, work_send_button)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn ConfirmForm(case_id: CaseId, id: AdjustmentId, p: Agreement, step: ServerAction<TakeStep>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card notice" aria-labelledby="confirm-title" data-testid="confirm">
            <h2 id="confirm-title">{t!(i18n, work_confirm_title)}</h2>
            <p>{t!(i18n, work_dates, start = text::date(i18n, p.start), review = text::date(i18n, p.review))}</p>
            <ActionForm action=step>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="adjustment_id" value=id.to_string()/>
                <input type="hidden" name="step" value="confirmed"/>
                <button type="submit">{t!(i18n, work_confirm_button)}</button>
            </ActionForm>
        </section>
    }
}

/// Deleting a draft: it was only ever the worker's.
#[component]
fn DeleteDraftForm(case_id: CaseId, id: AdjustmentId, delete: ServerAction<DeleteDraft>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="card" data-testid="delete-draft">
            <summary>{t!(i18n, work_delete_draft)}</summary>
            <p>{t!(i18n, work_delete_draft_explained)}</p>
            <ActionForm action=delete>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="adjustment_id" value=id.to_string()/>
                <button type="submit" class="secondary">{t!(i18n, work_delete_draft)}</button>
            </ActionForm>
        </details>
    }
}

/// A review of what is agreed, by the worker or the employer: it works and
/// stays as it is, or it goes on with a change said in words; either way
/// with the next review date (six weeks from today when left empty).
/// Ending is the form below it.
#[component]
pub fn ReviewForm(
    case_id: CaseId,
    id: AdjustmentId,
    review: chrono::NaiveDate,
    due: bool,
    step: ServerAction<TakeStep>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(step);
    let kept = |f: &str| kept::value::<TakeStep>(&format!("{id}.{f}"));
    let changing = kept("outcome").as_deref() == Some("changed");
    let next = kept("review").unwrap_or_default();
    let (keep_next, change_next) = if changing { (String::new(), next) } else { (next, String::new()) };
    let note = if changing { kept("reason").unwrap_or_default() } else { String::new() };
    let hidden = move |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
    view! {
        <section class="card" class:notice=due id="review" aria-labelledby=format!("review-title-{id}") data-testid="review-form">
            <h2 id=format!("review-title-{id}")>{t!(i18n, review_title)}</h2>
            <p>{if due {
                t_string!(i18n, wait_review_hint, date = text::date(i18n, review)).to_string()
            } else {
                t_string!(i18n, review_next_on, date = text::date(i18n, review)).to_string()
            }}</p>
            <ActionForm action=step attr:class="form" attr:novalidate=true attr:data-testid="review-keep-form">
                <Here/>
                {hidden("case_id", case_id.to_string())}
                {hidden("adjustment_id", id.to_string())}
                {hidden("step", "reviewed".into())}
                {hidden("outcome", "kept".into())}
                <Field id=format!("keep-next-{id}") label=format!("{} ({})", t_string!(i18n, review_next_label), t_string!(i18n, optional))
                    name="review" kind="date" value=keep_next
                    hint=t_string!(i18n, review_next_hint).to_string() error/>
                <button type="submit">{t!(i18n, review_keep)}</button>
            </ActionForm>
            <details open=changing>
                <summary>{t!(i18n, review_change)}</summary>
                <ActionForm action=step attr:class="form" attr:novalidate=true attr:data-testid="review-change-form">
                    <Here/>
                    {hidden("case_id", case_id.to_string())}
                    {hidden("adjustment_id", id.to_string())}
                    {hidden("step", "reviewed".into())}
                    {hidden("outcome", "changed".into())}
                    <TextArea id=format!("change-what-{id}") name="reason" label=t_string!(i18n, review_change_label).to_string()
                        hint=t_string!(i18n, limit_hint, max = REASON_MAX).to_string() value=note max=REASON_MAX required=true error/>
                    <Field id=format!("change-next-{id}") label=format!("{} ({})", t_string!(i18n, review_next_label), t_string!(i18n, optional))
                        name="review" kind="date" value=change_next
                        hint=t_string!(i18n, review_next_hint).to_string() error/>
                    <button type="submit" class="secondary">{t!(i18n, review_change_save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// Ending (or, for a proposal, withdrawing) with an optional short reason.
#[component]
pub fn EndForm(case_id: CaseId, id: AdjustmentId, withdraw: bool, step: ServerAction<TakeStep>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(step);
    let field_id = format!("end-reason-{id}");
    let reason = kept::value::<TakeStep>(&format!("{id}.reason")).unwrap_or_default();
    let open = !reason.is_empty();
    view! {
        <details class="card" open=open>
            <summary>{if withdraw { t!(i18n, work_withdraw).into_any() } else { t!(i18n, work_end).into_any() }}</summary>
            <ActionForm action=step attr:class="form" attr:novalidate=true>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="adjustment_id" value=id.to_string()/>
                <input type="hidden" name="step" value="ended"/>
                <TextArea id=field_id name="reason" label=format!("{} ({})", t_string!(i18n, reason_label), t_string!(i18n, optional))
                    hint=t_string!(i18n, limit_hint, max = REASON_MAX).to_string() value=reason max=REASON_MAX error/>
                <button type="submit" class="secondary">{if withdraw { t!(i18n, work_withdraw).into_any() } else { t!(i18n, work_end).into_any() }}</button>
            </ActionForm>
        </details>
    }
}
