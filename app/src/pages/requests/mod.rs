//! Information requests: the worker answers on My case (approve, narrow,
//! decline) and reads every request on their list; a care professional
//! asks from their view of a case and follows their own requests there.

use crate::api::kept;
use crate::api::requests::{load_requests, AnswerRequest, AskInformation};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// The worker's list: every request with where it stands; a pending one
/// with its full answer (what to share, until when), one that lapsed with
/// the way to share with the asker after all.
#[component]
pub fn RequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let page = Resource::new(move || case_id.get(), load_requests);
    let answer = ServerAction::<AnswerRequest>::new();
    signed_in_page(page, move |p| {
        let case_id = p.case_id;
        let none = p.requests.is_empty();
        view! {
            <h1>{t!(i18n, requests_title)}</h1>
            <p>{t!(i18n, requests_intro)}</p>
            <FormError error=action_error(answer) fields=&["categories"]/>
            {none.then(|| view! { <p class="card">{t!(i18n, requests_none)}</p> })}
            <ul class="plain">
                {p.requests.clone().into_iter().map(|q| {
                    let pending = q.status == RequestStatus::Pending;
                    let lapsed = q.status == RequestStatus::Expired;
                    let (from, name) = (q.from, q.from_name.clone());
                    view! {
                        <li id=format!("request-{}", q.id)>
                            <RequestCard q=q.clone()/>
                            {pending.then(|| view! { <AnswerForms case_id q=q.clone() answer/> })}
                            {lapsed.then(|| view! {
                                <p class="card hint" data-testid="request-lapsed">{t!(i18n, request_lapsed_hint, name = name.clone())}" "
                                    <a href=format!("/case/{case_id}/sharing/{from}")>{t!(i18n, request_share_anyway, name = name.clone())}</a>
                                </p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Places case_id here=Place::Case/>
        }
    })
}

#[component]
fn AnswerForms(case_id: CaseId, q: InfoRequest, answer: ServerAction<AnswerRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(answer);
    let until = kept::or::<AnswerRequest>("until", q.until.to_string());
    let id = q.id;
    view! {
        <ActionForm action=answer attr:class="card form" attr:novalidate=true attr:data-testid="approve-request-form">
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="request_id" value=id.to_string()/>
            <input type="hidden" name="decision" value="approve"/>
            <fieldset>
                <legend>{t!(i18n, referral_share_label)}</legend>
                {q.categories.iter().map(|c| {
                    let box_id = format!("q{id}-cat-{}", c.id());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=box_id.clone() name=format!("categories[{}]", c.id()) checked=true/>
                            <label for=box_id>{text::category_name(i18n, *c)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <Field id=format!("q{id}-until") label=t_string!(i18n, referral_until_label).to_string() name="until"
                kind="date" value=until error/>
            <button type="submit">{t!(i18n, request_approve)}</button>
        </ActionForm>
        <ActionForm action=answer attr:class="form" attr:data-testid="decline-request-form">
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="request_id" value=id.to_string()/>
            <input type="hidden" name="decision" value="decline"/>
            <button type="submit" class="secondary">{t!(i18n, referral_decline)}</button>
        </ActionForm>
    }
}

/// One request: who asks, for what and why, and where it stands.
#[component]
pub fn RequestCard(q: InfoRequest) -> impl IntoView {
    let i18n = use_i18n();
    let chips = |cats: &[Category]| {
        cats.iter().map(|c| view! { <li class="chip">{text::category_name(i18n, *c)}</li> }).collect_view()
    };
    let from = format!("{}, {}", q.from_name, text::role_name(i18n, q.from_role));
    let approved = (!q.approved.is_empty()).then(|| {
        let until = q.approved_until.map(|d| t_string!(i18n, referral_until, date = text::date(i18n, d)).to_string());
        view! {
            <dt>{t!(i18n, referral_approved)}</dt>
            <dd><ul class="chips" data-testid="request-approved">{chips(&q.approved)}</ul>{until}</dd>
        }
    });
    view! {
        <article class="card request" data-testid="request" data-status=q.status.id()>
            <h3 class="row">
                <span>{from}</span>
                <span class="chip" data-testid="request-status">{text::request_status(i18n, q.status)}</span>
            </h3>
            <dl class="stack">
                <dt>{t!(i18n, request_asks_for)}</dt>
                <dd><ul class="chips">{chips(&q.categories)}</ul>
                    {t_string!(i18n, referral_until, date = text::date(i18n, q.until)).to_string()}</dd>
                <dt>{t!(i18n, referral_purpose)}</dt>
                <dd>{text::purpose_name(i18n, q.purpose)}</dd>
                <dt>{t!(i18n, referral_why)}</dt>
                <dd class="words">{q.why.clone()}</dd>
                {approved}
            </dl>
            <p class="hint">{t!(i18n, request_asked_at, at = text::moment(i18n, q.asked_at))}</p>
        </article>
    }
}

/// A care professional's requests on their view of a case, and asking for more.
#[component]
pub fn OnSharedCase(page: RequestsPage) -> impl IntoView {
    let i18n = use_i18n();
    let ask = ServerAction::<AskInformation>::new();
    let (case_id, offered) = (page.case_id, page.offered.clone());
    view! {
        <section aria-labelledby="requests-title" data-testid="requests">
            <h2 id="requests-title">{t!(i18n, requests_title)}</h2>
            <ul class="plain">
                {page.requests.iter().cloned().map(|q| view! { <li><RequestCard q/></li> }).collect_view()}
            </ul>
            <details class="card" open={kept::value::<AskInformation>("why").is_some()}>
                <summary>{t!(i18n, request_ask_title)}</summary>
                <AskForm case_id offered ask/>
            </details>
        </section>
    }
}

#[component]
fn AskForm(case_id: CaseId, offered: Vec<Category>, ask: ServerAction<AskInformation>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(ask);
    let cat_errors = field_messages(error, "categories".into());
    let purpose = kept::or::<AskInformation>("purpose", Purpose::WorkCapacityAssessment.id());
    view! {
        <ActionForm action=ask attr:class="form" attr:novalidate=true attr:data-testid="ask-form">
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <p>{t!(i18n, request_ask_intro)}</p>
            <fieldset aria-describedby="ask-cats-error">
                <legend>{t!(i18n, request_asks_for)}</legend>
                {offered.into_iter().map(|c| {
                    let id = format!("ask-cat-{}", c.id());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name=format!("categories[{}]", c.id())/>
                            <label for=id>{text::category_name(i18n, c)}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="error" id="ask-cats-error" aria-live="polite">{move || cat_errors.get().join(" ")}</p>
            </fieldset>
            <div class="field">
                <label for="ask-purpose">{t!(i18n, referral_purpose_label)}</label>
                <select id="ask-purpose" name="purpose">
                    {Purpose::ALL.iter().map(|p| view! {
                        <option value=p.id() selected=purpose == p.id()>{text::purpose_name(i18n, *p)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextArea id="ask-why" name="why" label=t_string!(i18n, request_why_label).to_string()
                hint=t_string!(i18n, limit_hint, max = REQUEST_WHY_MAX).to_string()
                value={kept::or::<AskInformation>("why", "")} max=REQUEST_WHY_MAX error/>
            <Field id="ask-until" label=t_string!(i18n, referral_until_label).to_string() name="until" kind="date"
                value={kept::or::<AskInformation>("until", "")} hint=t_string!(i18n, until_hint).to_string() error/>
            <FormError error/>
            <button type="submit">{t!(i18n, request_send)}</button>
        </ActionForm>
    }
}
