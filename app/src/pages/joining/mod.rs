//! Joining a case by a code at the appointment: the worker's page that
//! shows the code and asks "is this the person?", the professional's page
//! to enter it, and theirs that says whether they were let in.

use crate::api::joining::*;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text::{self, I18n};
use leptos::prelude::*;

/// The worker's: pick a role, show the code, confirm the person.
#[component]
pub fn JoinCodePage() -> impl IntoView {
    let case_id = param("case_id");
    let page = Resource::new(move || case_id.get(), load_join_page);
    signed_in_page(page, move |p: JoinPage| view! { <JoinCodeView p/> })
}

#[component]
fn JoinCodeView(p: JoinPage) -> impl IntoView {
    let i18n = use_i18n();
    let show = ServerAction::<ShowJoinCode>::new();
    let show_error = action_error(show);
    let role_errors = field_messages(show_error, "role".into());
    let case_id = p.case_id;
    let waiting = p.current.as_ref().is_some_and(|c| c.status == JoinStatus::Waiting);
    // Someone waits for her answer: that first (a new code would end theirs).
    let entered = p.current.as_ref().is_some_and(|c| matches!(c.status, JoinStatus::Entered(_)));
    // Live while something may still happen: the page changes when the
    // code is entered, and again when its minutes run out.
    let refresh_in_ms = p.current.as_ref().and_then(|c| match c.status {
        JoinStatus::Waiting | JoinStatus::Entered(_) => Some(c.until.0),
        _ => None,
    });
    view! {
        <p class="back"><a href="/case">{t!(i18n, back_to_case)}</a></p>
        <h1>{t!(i18n, join_title)}</h1>
        <p>{t!(i18n, join_intro)}</p>
        <div data-live="join">
            {p.current.map(|c| view! { <CurrentCode case_id c/> })}
        </div>
        {refresh_in_ms.map(|at| view! { <RefreshAt case_id at/> })}
        <section class="card" aria-labelledby="join-new" hidden=entered>
            <h2 id="join-new">{if waiting { t!(i18n, join_new_title_again).into_any() } else { t!(i18n, join_new_title).into_any() }}</h2>
            <ActionForm action=show attr:class="form" attr:novalidate=true>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <div class="field">
                    <label for="join-role">{t!(i18n, join_role_label)}</label>
                    <select id="join-role" name="role" required aria-describedby="join-role-error">
                        <option value="">{t!(i18n, choose_role)}</option>
                        {Role::ALL.iter().copied().map(|r| view! { <option value=r.id()>{text::role_name(i18n, r)}</option> }).collect_view()}
                    </select>
                    <p class="error" id="join-role-error" aria-live="polite">{move || role_errors.get().join(" ")}</p>
                </div>
                <FormError error=show_error/>
                <button type="submit">{t!(i18n, join_show_button)}</button>
            </ActionForm>
        </section>
    }
}

/// Keeps the code's part of the page current (`LiveUpdates`), and without
/// JavaScript a link to look again.
#[component]
fn RefreshAt(case_id: CaseId, at: i64) -> impl IntoView {
    let i18n = use_i18n();
    let now = chrono::Utc::now().timestamp_millis();
    view! {
        <crate::islands::LiveUpdates case_id=case_id.0 part="join".to_string() refresh_in_ms=Some((at - now).max(0) + 500)/>
        <noscript><p><a href=format!("/case/{case_id}/join")>{t!(i18n, join_check_again)}</a></p></noscript>
    }
}

#[component]
fn CurrentCode(case_id: CaseId, c: JoinView) -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<AnswerJoin>::new();
    let answer_error = action_error(answer);
    let role = text::role_name(i18n, c.role);
    let until = text::moment(i18n, c.until);
    let body = match c.status {
        JoinStatus::Waiting => view! {
            <section class="card join-code" aria-labelledby="join-code-title" data-testid="join-waiting">
                <h2 id="join-code-title">{t!(i18n, join_code_title, role = role.clone())}</h2>
                <p class="code" data-testid="join-code" aria-label=t_string!(i18n, join_code_label).to_string()>{c.code.clone()}</p>
                <div class="qr" role="img" aria-label=t_string!(i18n, join_qr_label).to_string() inner_html=c.qr_svg.clone()></div>
                <p class="hint">{t!(i18n, join_code_hint, until = until.clone())}</p>
            </section>
        }
        .into_any(),
        JoinStatus::Entered(who) => {
            let hidden = move |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
            view! {
                <section class="card notice" aria-labelledby="join-who" data-testid="join-entered">
                    <h2 id="join-who">{t!(i18n, join_confirm_title)}</h2>
                    <dl class="who">
                        <dt>{t!(i18n, name_label)}</dt><dd data-testid="join-name">{who.name.clone()}</dd>
                        <dt>{t!(i18n, role_label)}</dt><dd>{role.clone()}</dd>
                        {(!who.organisation.is_empty()).then(|| view! {
                            <dt>{t!(i18n, organisation_label)}</dt><dd>{who.organisation.clone()}</dd>
                        })}
                        <dt>{t!(i18n, email_label)}</dt><dd>{who.email.as_str().to_string()}</dd>
                        {who.phone.clone().map(|ph| view! { <dt>{t!(i18n, phone_label)}</dt><dd>{ph}</dd> })}
                    </dl>
                    <p>{t!(i18n, join_confirm_body)}</p>
                    <FormError error=answer_error/>
                    <div class="actions">
                        <ActionForm action=answer>
                            <Here/>
                            {hidden("case_id", case_id.to_string())}
                            {hidden("join_id", c.id.to_string())}
                            {hidden("answer", "yes".into())}
                            <button type="submit">{t!(i18n, join_yes)}</button>
                        </ActionForm>
                        <ActionForm action=answer>
                            <Here/>
                            {hidden("case_id", case_id.to_string())}
                            {hidden("join_id", c.id.to_string())}
                            {hidden("answer", "no".into())}
                            <button type="submit" class="secondary">{t!(i18n, join_no)}</button>
                        </ActionForm>
                    </div>
                    <p class="hint">{t!(i18n, join_confirm_until, until = until.clone())}</p>
                </section>
            }
            .into_any()
        }
        JoinStatus::Joined(who) => view! {
            <section class="card done" role="status" data-testid="join-joined">
                <p>{t!(i18n, join_joined, name = who.name.clone(), role = role.clone())}</p>
                <p><a href=format!("/case/{case_id}/sharing")>{t!(i18n, join_choose_sharing)}</a></p>
            </section>
        }
        .into_any(),
        JoinStatus::Declined => view! {
            <p class="card" role="status" data-testid="join-declined">{t!(i18n, join_declined)}</p>
        }
        .into_any(),
        JoinStatus::Expired => view! {
            <p class="card" role="status" data-testid="join-expired">{t!(i18n, join_expired)}</p>
        }
        .into_any(),
    };
    body
}

/// The professional's: the code (filled in from the QR code's link), and
/// how the worker will know them.
#[component]
pub fn JoinEnterPage() -> impl IntoView {
    let code = param("code");
    let me = Resource::new(|| (), |_| load_joiner_name());
    signed_in_page(me, move |name: String| {
        let i18n = use_i18n();
        let enter = ServerAction::<EnterJoinCode>::new();
        let error = action_error(enter);
        let code = code.get_untracked();
        view! {
            <h1>{t!(i18n, join_enter_title)}</h1>
            <p>{t!(i18n, join_enter_intro)}</p>
            <ActionForm action=enter attr:class="form card" attr:novalidate=true>
                <Here/>
                <Field id="join-code" label=t_string!(i18n, join_code_label).to_string() name="code" required=true
                    value=code autocomplete="off" autocapitalize="characters" hint=t_string!(i18n, join_code_input_hint).to_string() error/>
                <Field id="join-name" label=t_string!(i18n, name_label).to_string() name="name" required=true
                    value={crate::api::kept::or::<EnterJoinCode>("name", &name)} autocomplete="name" maxlength=NAME_MAX error/>
                <Field id="join-org" label=format!("{} ({})", t_string!(i18n, organisation_label), t_string!(i18n, optional))
                    name="organisation" maxlength=ORGANISATION_MAX autocomplete="organization"
                    value={crate::api::kept::or::<EnterJoinCode>("organisation", "")} error/>
                <Field id="join-phone" label=format!("{} ({})", t_string!(i18n, phone_label), t_string!(i18n, optional))
                    name="phone" kind="tel" autocomplete="tel" value={crate::api::kept::or::<EnterJoinCode>("phone", "")} error/>
                <FormError error/>
                <button type="submit">{t!(i18n, join_enter_button)}</button>
            </ActionForm>
        }
    })
}

/// After entering: waiting for the worker, let in, or not.
#[component]
pub fn JoinedPage() -> impl IntoView {
    let join_id = param("join_id");
    let page = Resource::new(move || join_id.get(), load_joiner_page);
    signed_in_page(page, move |p: JoinerPage| {
        let i18n = use_i18n();
        joiner_status(i18n, p)
    })
}

fn joiner_status(i18n: I18n, p: JoinerPage) -> AnyView {
    let role = text::role_name(i18n, p.role);
    match p.status {
        JoinerStatus::Waiting { until } => view! {
            <crate::islands::JoinWait join_id=p.id.0/>
            <h1>{t!(i18n, join_wait_title)}</h1>
            <p class="card notice" role="status" data-testid="joiner-waiting">
                {t!(i18n, join_wait_body, role = role, until = text::moment(i18n, until))}
            </p>
            <noscript><p><a href=format!("/joined/{}", p.id)>{t!(i18n, join_check_again)}</a></p></noscript>
        }
        .into_any(),
        JoinerStatus::Joined(case) => view! {
            <h1>{t!(i18n, join_in_title)}</h1>
            <p class="card done" role="status" data-testid="joiner-joined">{t!(i18n, join_in_body, role = role)}</p>
            <p><a class="button" href=format!("/shared/{case}")>{t!(i18n, join_open_case)}</a></p>
        }
        .into_any(),
        JoinerStatus::NotJoined => view! {
            <h1>{t!(i18n, join_not_title)}</h1>
            <p class="card" role="status" data-testid="joiner-not-joined">{t!(i18n, join_not_body)}</p>
            <p><a href="/join">{t!(i18n, join_enter_again)}</a></p>
        }
        .into_any(),
    }
}
