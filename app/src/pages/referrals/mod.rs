//! Referrals: the worker's list and answers, the professional's part on
//! their view of a case, the proposal form both use, and the confirm page a
//! recipient's e-mail link opens.

mod answer;
mod link;
mod propose;

pub use answer::AnswerPage;
pub use link::LinkPage;
pub use propose::ReferPage;

use crate::api::kept;
use crate::api::referrals::{load_referrals, ProposeReferral, RenewReferral, TakeReferral};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;
use propose::ProposeForm;

/// The worker's referrals: each with its status and timeline, and a way to
/// ask for one themselves.
#[component]
pub fn ReferralsPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let page = Resource::new(move || case_id.get(), load_referrals);
    let propose = ServerAction::<ProposeReferral>::new();
    let renew = ServerAction::<RenewReferral>::new();
    signed_in_page(page, move |p| {
        let case_id = p.case_id;
        let none = p.referrals.is_empty();
        view! {
            <h1>{t!(i18n, referrals_title)}</h1>
            <p>{t!(i18n, referrals_intro)}</p>
            <FormError error=action_error(renew)/>
            {none.then(|| view! { <p class="card">{t!(i18n, referrals_none)}</p> })}
            <ul class="plain">
                {p.referrals.iter().cloned().map(|r| {
                    let ran_out = r.status == ReferralStatus::Expired;
                    let id = r.id;
                    view! {
                        <li>
                            <ReferralCard r page=p.clone()/>
                            {ran_out.then(|| view! {
                                <ActionForm action=renew attr:class="card" attr:data-testid="renew-form">
                                    <Here/>
                                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                                    <input type="hidden" name="referral_id" value=id.to_string()/>
                                    <p>{t!(i18n, referral_renew_hint)}</p>
                                    <button type="submit">{t!(i18n, referral_renew)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <details class="card" open={kept::value::<ProposeReferral>("name").is_some()}>
                <summary>{t!(i18n, referral_start_title)}</summary>
                <ProposeForm case_id action=propose worker=true/>
            </details>
            <Places case_id here=Place::Case/>
        }
    })
}

/// Who referred, as the reader calls them.
pub(crate) fn from_name(i18n: text::I18n, r: &Referral, worker_reads: bool) -> String {
    match (&r.from.participant, r.from.role) {
        _ if r.from.withheld => t_string!(i18n, referral_someone).to_string(),
        (Some(_), Some(role)) => format!("{}, {}", r.from.name, text::role_name(i18n, role)),
        _ if worker_reads => t_string!(i18n, referral_from_you).to_string(),
        _ => t_string!(i18n, referral_from_worker).to_string(),
    }
}

/// One referral: to whom, from whom, why, what is shared, where it stands
/// and how it got there. The same card on every side; what a reader gets
/// in `r` is already cut to what they may read.
#[component]
pub fn ReferralCard(r: Referral, page: ReferralsPage) -> impl IntoView {
    let i18n = use_i18n();
    let worker_reads = page.me.is_none();
    let role = r.to.role.map(|x| text::role_name(i18n, x)).unwrap_or_default();
    // A recipient kept from the reader (the mental-health switch): neither
    // who nor where the referral stands, only that the worker keeps it private.
    let withheld = r.to.withheld;
    let to = match (withheld, r.to.organisation.is_empty()) {
        (true, _) => t_string!(i18n, referral_someone).to_string(),
        (false, true) => format!("{}, {role}", r.to.name),
        (false, false) => format!("{}, {role}, {}", r.to.name, r.to.organisation),
    };
    let status = match withheld {
        true => t_string!(i18n, referral_kept_private).to_string(),
        false => text::referral_status(i18n, r.status),
    };
    let chips = |cats: &[Category]| {
        cats.iter().map(|c| view! { <li class="chip">{text::category_name(i18n, *c)}</li> }).collect_view()
    };
    let shared = (!r.approved.is_empty()).then(|| {
        let until = r.approved_until.map(|d| t_string!(i18n, referral_until, date = text::date(i18n, d)).to_string());
        view! {
            <dt>{t!(i18n, referral_approved)}</dt>
            <dd><ul class="chips">{chips(&r.approved)}</ul>{until}</dd>
        }
    });
    view! {
        <article class="card referral" data-testid="referral" data-status=(!withheld).then(|| r.status.id())>
            <h3 class="row">
                <span>{to}</span>
                <span class="chip" data-testid="referral-status">{status}</span>
            </h3>
            <dl class="stack">
                <dt>{t!(i18n, referral_from)}</dt>
                <dd>{from_name(i18n, &r, worker_reads)}</dd>
                <dt>{t!(i18n, referral_purpose)}</dt>
                <dd>{text::purpose_name(i18n, r.purpose)}</dd>
                <dt>{t!(i18n, referral_why)}</dt>
                <dd class="words">{r.reason.clone()}</dd>
                {(r.approved.is_empty() && r.status == ReferralStatus::AwaitingWorker).then(|| view! {
                    <dt>{t!(i18n, referral_proposed)}</dt>
                    <dd><ul class="chips">{chips(&r.proposed)}</ul>
                        {t_string!(i18n, referral_until, date = text::date(i18n, r.proposed_until)).to_string()}</dd>
                })}
                {shared}
            </dl>
            {r.first_appointment.map(|d| view! {
                <p data-testid="first-appointment">{t!(i18n, referral_first_appointment, date = text::date(i18n, d))}</p>
            })}
            {r.decline_reason.clone().map(|reason| view! { <p>{t!(i18n, referral_declined_because, reason)}</p> })}
            <details>
                <summary>{t!(i18n, referral_timeline)}</summary>
                <ol class="plain history" data-testid="referral-timeline">
                    {r.timeline.iter().map(|e| view! {
                        <li data-status=e.status.id()>
                            <p>{text::referral_event(i18n, e.status, e.by, worker_reads)}</p>
                            <p class="hint">{text::moment(i18n, e.at)}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </details>
        </article>
    }
}

/// Whether a referral waits for its reader, its recipient, to take it on.
fn to_take(r: &Referral, me: Option<ParticipantId>) -> bool {
    me.is_some() && r.to.participant == me && matches!(r.status, ReferralStatus::Sent | ReferralStatus::Opened)
}

/// At the top of a professional's page: referrals to them that wait for
/// their answer, each with it.
#[component]
pub fn ToTake(page: ReferralsPage) -> impl IntoView {
    let i18n = use_i18n();
    let take = ServerAction::<TakeReferral>::new();
    let (case_id, me) = (page.case_id, page.me);
    let waiting: Vec<Referral> = page.referrals.iter().filter(|r| to_take(r, me)).cloned().collect();
    let none = waiting.is_empty();
    view! {
        // A referral answered too late (its link ran out meanwhile) is no
        // longer listed: the reason is said whatever is listed.
        {none.then(|| view! { <FormError error=action_error(take) fields=&["reason", "first_appointment"]/> })}
        {(!none).then(|| view! {
            <section class="waiting-list" aria-labelledby="to-take-title" data-testid="to-take">
                <h2 id="to-take-title">{t!(i18n, wait_title)}</h2>
                <ul class="plain">
                    {waiting.into_iter().map(|r| {
                        let id = r.id;
                        view! {
                            <li>
                                <ReferralCard r page=page.clone()/>
                                <TakeForms case_id id take/>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// A professional's part of a case: the referrals from and to them (those
/// waiting for their answer are at the top of the page), and the way to
/// refer onwards.
#[component]
pub fn OnSharedCase(page: ReferralsPage) -> impl IntoView {
    let i18n = use_i18n();
    let (case_id, me) = (page.case_id, page.me);
    let rest: Vec<Referral> = page.referrals.iter().filter(|r| !to_take(r, me)).cloned().collect();
    view! {
        <section aria-labelledby="referrals-title" data-testid="referrals">
            <h2 id="referrals-title">{t!(i18n, referrals_title)}</h2>
            <ul class="plain">
                {rest.into_iter().map(|r| view! { <li><ReferralCard r page=page.clone()/></li> }).collect_view()}
            </ul>
            <p><a class="button secondary" href=format!("/shared/{case_id}/refer")>{t!(i18n, referral_refer_title)}</a></p>
        </section>
    }
}

/// The recipient takes the worker on (a first appointment if known) or
/// declines with a reason the worker and the referrer read.
#[component]
fn TakeForms(case_id: CaseId, id: ReferralId, take: ServerAction<TakeReferral>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(take);
    view! {
        <section class="card" aria-labelledby=format!("take-{id}") data-testid="take-referral">
            <h3 id=format!("take-{id}")>{t!(i18n, referral_for_you)}</h3>
            <ActionForm action=take attr:class="form" attr:novalidate=true attr:data-testid="accept-form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="referral_id" value=id.to_string()/>
                <input type="hidden" name="decision" value="accept"/>
                <Field id=format!("first-{id}") label=t_string!(i18n, referral_accept_date).to_string()
                    name="first_appointment" kind="date" value={kept::or::<TakeReferral>("first_appointment", "")} error/>
                <button type="submit">{t!(i18n, referral_accept)}</button>
            </ActionForm>
            // Open while a refused decline's reason is shown, so it is seen.
            <details open=move || error.get().is_some_and(|e| !e.for_field("reason").is_empty())>
                <summary>{t!(i18n, referral_decline)}</summary>
                <ActionForm action=take attr:class="form" attr:novalidate=true attr:data-testid="decline-form">
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <input type="hidden" name="referral_id" value=id.to_string()/>
                    <input type="hidden" name="decision" value="decline"/>
                    <TextArea id=format!("decline-{id}") name="reason" label=t_string!(i18n, referral_decline_reason).to_string()
                        hint=t_string!(i18n, limit_hint, max = REFERRAL_REASON_MAX).to_string()
                        value={kept::or::<TakeReferral>("reason", "")} max=REFERRAL_REASON_MAX error/>
                    <button type="submit" class="secondary">{t!(i18n, referral_decline)}</button>
                </ActionForm>
            </details>
            <FormError error fields=&["decision"]/>
        </section>
    }
}
