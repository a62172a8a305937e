//! "Waiting for you" at the top of My case: everything that waits for the
//! worker, from every area, by due date (`domain::waiting`). Each item has
//! its one-tap answer where one tap is enough and safe, and a link to where
//! it is answered in full.

use crate::api::referrals::RenewReferral;
use crate::api::requests::AnswerRequest;
use crate::api::work::TakeStep;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// The actions an item answers with, in one tap.
#[derive(Clone, Copy)]
pub struct WaitingActions {
    pub request: ServerAction<AnswerRequest>,
    pub step: ServerAction<TakeStep>,
    pub renew: ServerAction<RenewReferral>,
}

impl WaitingActions {
    pub fn new() -> Self {
        WaitingActions { request: ServerAction::new(), step: ServerAction::new(), renew: ServerAction::new() }
    }
}

#[component]
pub fn WaitingList(case_id: CaseId, waiting: Vec<Waiting>, today: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let a = WaitingActions::new();
    let none = waiting.is_empty();
    view! {
        <section class="waiting-list" aria-labelledby="waiting-title" data-testid="waiting">
            <h2 id="waiting-title">{t!(i18n, wait_title)}</h2>
            <FormError error=action_error(a.request) fields=&["categories", "until"]/>
            <FormError error=action_error(a.step) fields=&["review", "outcome"]/>
            <FormError error=action_error(a.renew)/>
            {none.then(|| view! { <p class="card" data-testid="waiting-none">{t!(i18n, wait_none)}</p> })}
            <ul class="plain">
                {waiting.into_iter().map(|w| view! { <Item case_id w today a/> }).collect_view()}
            </ul>
        </section>
    }
}

/// A hidden input.
fn hidden(name: &'static str, value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value/> }
}

#[component]
fn Item(case_id: CaseId, w: Waiting, today: chrono::NaiveDate, a: WaitingActions) -> impl IntoView {
    let i18n = use_i18n();
    let late = w.due < today;
    let (kind, body) = match w.item {
        WaitingItem::Referral(r) => {
            let role = r.to.role.map(|x| text::role_name(i18n, x)).unwrap_or_default();
            let from = if r.from.withheld || r.from.participant.is_none() {
                super::super::referrals::from_name(i18n, &r, true)
            } else {
                r.from.name.clone()
            };
            (
                "referral",
                view! {
                    <h3><a href=format!("/case/{case_id}/referrals/{}", r.id)>{t!(i18n, wait_referral, name = r.to.name.clone(), role)}</a></h3>
                    <p class="hint">{t!(i18n, wait_referral_from, name = from)}</p>
                }
                .into_any(),
            )
        }
        WaitingItem::LinkRanOut(r) => (
            "link",
            view! {
                <h3><a href=format!("/case/{case_id}/referrals")>{t!(i18n, wait_link_ran_out, name = r.to.name.clone())}</a></h3>
                <p class="hint">{t!(i18n, wait_link_ran_out_hint)}</p>
                <div class="actions">
                    <ActionForm action=a.renew>
                        <Here/>
                        {hidden("case_id", case_id.to_string())}
                        {hidden("referral_id", r.id.to_string())}
                        <button type="submit">{t!(i18n, referral_renew)}</button>
                    </ActionForm>
                </div>
            }
            .into_any(),
        ),
        WaitingItem::Request(q) => {
            let who = format!("{}, {}", q.from_name, text::role_name(i18n, q.from_role));
            let cats = q.categories.clone();
            (
                "request",
                view! {
                    <h3><a href=format!("/case/{case_id}/requests#request-{}", q.id)>
                        {t!(i18n, wait_request, name = who, categories = text::category_list(i18n, &q.categories))}
                    </a></h3>
                    <p class="words clamp">{q.why.clone()}</p>
                    <p class="hint">{t!(i18n, wait_answer_by, date = text::date(i18n, w.due))}</p>
                    <div class="actions">
                        <ActionForm action=a.request attr:data-testid="approve-request">
                            <Here/>
                            {hidden("case_id", case_id.to_string())}
                            {hidden("request_id", q.id.to_string())}
                            {hidden("decision", "approve".into())}
                            {cats.iter().map(|cat| view! { <input type="hidden" name=format!("categories[{}]", cat.id()) value="on"/> }).collect_view()}
                            <button type="submit">{t!(i18n, wait_share_as_asked)}</button>
                        </ActionForm>
                        <ActionForm action=a.request attr:data-testid="decline-request">
                            <Here/>
                            {hidden("case_id", case_id.to_string())}
                            {hidden("request_id", q.id.to_string())}
                            {hidden("decision", "decline".into())}
                            <button type="submit" class="secondary">{t!(i18n, referral_decline)}</button>
                        </ActionForm>
                    </div>
                }
                .into_any(),
            )
        }
        WaitingItem::ReviewDue(adj) => (
            "review",
            view! {
                <h3><a href=format!("/case/{case_id}/work/{}#review", adj.id)>{t!(i18n, wait_review, kind = text::adjustment_kind(i18n, adj.text.kind))}</a></h3>
                <p class="hint">{t!(i18n, wait_review_hint, date = text::date(i18n, w.due))}</p>
                <div class="actions">
                    <ActionForm action=a.step attr:data-testid="review-keep">
                        <Here/>
                        {hidden("case_id", case_id.to_string())}
                        {hidden("adjustment_id", adj.id.to_string())}
                        {hidden("step", "reviewed".into())}
                        {hidden("outcome", "kept".into())}
                        <button type="submit">{t!(i18n, review_keep)}</button>
                    </ActionForm>
                </div>
            }
            .into_any(),
        ),
        WaitingItem::Recorded(adj) => {
            let p = adj.pending.unwrap_or(Agreement { start: today, review: today });
            (
                "recorded",
                view! {
                    <h3><a href=format!("/case/{case_id}/work/{}", adj.id)>{t!(i18n, wait_recorded, kind = text::adjustment_kind(i18n, adj.text.kind))}</a></h3>
                    <p class="hint">{t!(i18n, work_dates, start = text::date(i18n, p.start), review = text::date(i18n, p.review))}</p>
                    <div class="actions">
                        <ActionForm action=a.step attr:data-testid="confirm-recorded">
                            <Here/>
                            {hidden("case_id", case_id.to_string())}
                            {hidden("adjustment_id", adj.id.to_string())}
                            {hidden("step", "confirmed".into())}
                            <button type="submit">{t!(i18n, wait_confirm)}</button>
                        </ActionForm>
                    </div>
                }
                .into_any(),
            )
        }
        WaitingItem::Plan(v) => (
            "plan",
            view! {
                <h3><a href=format!("/case/{case_id}/plan") data-version=v.id.to_string()>{t!(i18n, wait_plan)}</a></h3>
            }
            .into_any(),
        ),
        WaitingItem::Statements(count) => (
            "statements",
            view! {
                <h3 data-testid="statements-new"><a href=format!("/case/{case_id}/statements")>{t!(i18n, wait_statements, count)}</a></h3>
            }
            .into_any(),
        ),
        WaitingItem::Milestone(l) => (
            "milestone",
            view! {
                <h3><a href=format!("/case/{case_id}/road#{}", l.milestone.id()) data-milestone=l.milestone.id()>{text::milestone_name(i18n, l.milestone)}</a></h3>
                <p class="hint">{if late {
                    t_string!(i18n, wait_milestone_late, date = text::date(i18n, l.due)).to_string()
                } else {
                    t_string!(i18n, wait_milestone_due, date = text::date(i18n, l.due)).to_string()
                }}</p>
            }
            .into_any(),
        ),
    };
    view! {
        <li class="card waiting-item" class:late=late data-testid="waiting-item" data-kind=kind>
            {body}
        </li>
    }
}
