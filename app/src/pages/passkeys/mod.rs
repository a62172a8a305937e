//! Passkeys: "Your passkeys" (add, remove, recent sign-ins), the sign-in
//! step that asks for one, and what a professional's case page shows
//! without one.

use crate::api::passkeys::{load_passkey_step, load_passkeys_page, AskPasskeyRecovery, RemovePasskey};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::islands::{PasskeyCeremony, PasskeyTexts};
use crate::text::{self, I18n};
use leptos::prelude::*;
use leptos_router::components::Redirect;

fn ceremony_texts(i18n: I18n, button: String, name_label: Option<String>, needs_js: String) -> PasskeyTexts {
    PasskeyTexts {
        needs_js,
        button,
        name_label,
        cannot: t_string!(i18n, passkey_browser_cannot).to_string(),
        cancelled: t_string!(i18n, passkey_cancelled).to_string(),
        failed: t_string!(i18n, err_passkey_failed).to_string(),
    }
}

#[component]
pub fn PasskeysPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = Resource::new(|| (), |_| load_passkeys_page());
    let added = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("added").is_some());
    signed_in_page(page, move |p: PasskeysPage| {
        let remove = ServerAction::<RemovePasskey>::new();
        let remove_error = action_error(remove);
        let may_change = p.passkeys.is_empty() || p.signed_in_with_passkey;
        view! {
            <h1>{t!(i18n, passkeys_title)}</h1>
            <p>{t!(i18n, passkeys_intro)}</p>
            {p.required.then(|| view! { <p class="card notice" data-testid="passkey-required">{t!(i18n, passkeys_required)}</p> })}
            {(added && !p.passkeys.is_empty()).then(|| view! { <p class="card done" role="status">{t!(i18n, passkey_added)}</p> })}
            <section class="card" aria-labelledby="passkeys-list">
                <h2 id="passkeys-list">{t!(i18n, passkeys_title)}</h2>
                {if p.passkeys.is_empty() {
                    view! { <p data-testid="no-passkey">{t!(i18n, passkeys_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain passkeys" data-testid="passkeys">
                            {p.passkeys.into_iter().map(|k| view! {
                                <li>
                                    <strong>{k.name}</strong>
                                    <p class="hint">
                                        {t!(i18n, passkey_added_label)} ": " {text::moment(i18n, k.added_at)} ". "
                                        {match k.last_used_at {
                                            Some(t) => format!("{}: {}", t_string!(i18n, passkey_used_label), text::moment(i18n, t)),
                                            None => t_string!(i18n, passkey_never_used).to_string(),
                                        }}
                                    </p>
                                    {may_change.then(|| view! {
                                        <ActionForm action=remove attr:class="inline">
                                            <Here/>
                                            <input type="hidden" name="passkey_id" value=k.id.to_string()/>
                                            <button type="submit" class="secondary">{t!(i18n, passkey_remove)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <FormError error=remove_error/>
            </section>
            <section class="card" aria-labelledby="passkey-add">
                <h2 id="passkey-add">{t!(i18n, passkey_add_title)}</h2>
                {if !p.available {
                    view! { <p>{t!(i18n, err_passkeys_unavailable)}</p> }.into_any()
                } else if !may_change {
                    view! { <p>{t!(i18n, err_passkey_first)}</p> }.into_any()
                } else {
                    let texts = ceremony_texts(
                        i18n,
                        t_string!(i18n, passkey_add_button).to_string(),
                        Some(t_string!(i18n, passkey_name_label).to_string()),
                        t_string!(i18n, passkey_needs_js).to_string(),
                    );
                    view! { <PasskeyCeremony texts/> }.into_any()
                }}
            </section>
            <crate::pages::oidc::ProviderLinkSection/>
            <section class="card" aria-labelledby="passkey-events">
                <h2 id="passkey-events">{t!(i18n, passkey_events_title)}</h2>
                <ul class="plain" data-testid="account-events">
                    {p.events.into_iter().map(|e| view! {
                        <li>
                            <span class="hint">{text::moment(i18n, e.at)}</span> " "
                            {text::account_event(i18n, e.event)}
                            {(!e.detail.is_empty()).then(|| format!(" ({})", e.detail))}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// After the e-mail code, for an account with passkeys.
#[component]
pub fn PasskeyStepPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = Resource::new(|| (), |_| load_passkey_step());
    let lost = ServerAction::<AskPasskeyRecovery>::new();
    let lost_error = action_error(lost);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match step.await {
                    Err(crate::error::AppError::SignInRequired) => view! { <Redirect path="/"/> }.into_any(),
                    Err(e) => failed(e),
                    Ok(s) => {
                        let texts = ceremony_texts(
                            i18n,
                            t_string!(i18n, passkey_use_button).to_string(),
                            None,
                            t_string!(i18n, passkey_step_needs_js).to_string(),
                        );
                        view! {
                            <Page>
                                <h1>{t!(i18n, passkey_step_title)}</h1>
                                <p>{t!(i18n, passkey_step_intro)}</p>
                                <div class="card">
                                    <PasskeyCeremony texts/>
                                </div>
                                <section class="card" aria-labelledby="passkey-lost">
                                    <h2 id="passkey-lost">{t!(i18n, passkey_lost_title)}</h2>
                                    {match s.recovery_due {
                                        Some(at) => view! {
                                            <p data-testid="recovery-due">{t!(i18n, passkey_recovery_due, when = text::moment(i18n, at))}</p>
                                        }.into_any(),
                                        None => view! {
                                            <p>{t!(i18n, passkey_lost_intro)}</p>
                                            <ActionForm action=lost attr:class="form">
                                                <Here/>
                                                <FormError error=lost_error/>
                                                <button type="submit" class="secondary">{t!(i18n, passkey_lost_button)}</button>
                                            </ActionForm>
                                        }.into_any(),
                                    }}
                                </section>
                            </Page>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A professional's case page without a passkey: why, and the way to add one.
#[component]
pub fn PasskeyRequired() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page signed_in=true>
            <h1>{t!(i18n, passkey_required_title)}</h1>
            <p class="card notice" data-testid="passkey-required">{t!(i18n, passkey_required_body)}</p>
            <p><a class="button" href="/passkeys">{t!(i18n, passkey_required_link)}</a></p>
        </Page>
    }
}
