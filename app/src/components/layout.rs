//! The frame of every page: header with the small menu (language, sign-out),
//! and the main landmark.

use super::Here;
use crate::api::language::SetLanguage;
use crate::api::sign_in::SignOut;
use crate::error::AppError;
use crate::i18n::*;
use crate::islands::{SessionTexts, SessionTimer};
use leptos::prelude::*;

#[component]
pub fn Page(
    /// Show the sign-out button (signed-in pages only).
    #[prop(optional)]
    signed_in: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="top">
            <a class="brand" href="/">{t!(i18n, app_name)}</a>
            <details class="menu">
                <summary>{t!(i18n, menu)}</summary>
                <div class="menu-body">
                    <LanguageSwitch/>
                    {signed_in.then(|| view! { <a class="menu-link" href="/record">{t!(i18n, menu_record)}</a> })}
                    {signed_in.then(|| view! { <a class="menu-link" href="/passkeys">{t!(i18n, menu_passkeys)}</a> })}
                    {signed_in.then(|| view! {
                        <a class="menu-link" href="/time-zone">{t!(i18n, menu_time_zone, city = crate::text::reader_zone(i18n).city())}</a>
                    })}
                    {signed_in.then(|| view! { <SignOutButton/> })}
                </div>
            </details>
        </header>
        <main id="main">{children()}</main>
        {signed_in.then(|| {
            let texts = SessionTexts {
                warning: t_string!(i18n, session_warning).to_string(),
                stay: t_string!(i18n, stay_signed_in).to_string(),
            };
            view! { <SessionTimer texts/> }
        })}
        // Times follow the browser's zone until the person chooses one.
        {(signed_in && !zone_known()).then(|| view! { <crate::islands::ZoneFromBrowser/> })}
    }
}

/// Whether this browser already carries the reader's time zone.
fn zone_known() -> bool {
    #[cfg(feature = "ssr")]
    return crate::api::context::reader_zone().is_some();
    #[cfg(not(feature = "ssr"))]
    true
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    let choices = [(Locale::en, "en", "English"), (Locale::fi, "fi", "Suomi"), (Locale::nl, "nl", "Nederlands")];
    view! {
        <div class="language" role="group" aria-label=move || t_string!(i18n, language).to_string()>
            <p class="menu-label">{t!(i18n, language)}</p>
            {choices
                .into_iter()
                .map(|(locale, id, name)| {
                    view! {
                        <ActionForm action>
                            <Here/>
                            <input type="hidden" name="lang" value=id/>
                            <button
                                type="submit"
                                lang=id
                                aria-pressed=move || if i18n.get_locale() == locale { "true" } else { "false" }
                            >
                                {name}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn SignOutButton() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignOut>::new();
    view! {
        <ActionForm action>
            <Here/>
            <button type="submit" class="secondary">{t!(i18n, sign_out)}</button>
        </ActionForm>
    }
}

/// What a page shows when its data could not be loaded: the sign-in page
/// when the session is gone, "not found" for a case or person that is not
/// there (or not yours), 503 when the database fails, otherwise the error
/// in words with its status.
pub fn failed(e: AppError) -> AnyView {
    match e {
        AppError::SignInRequired => {
            #[cfg(feature = "ssr")]
            crate::api::context::remember_destination();
            view! { <leptos_router::components::Redirect path="/"/> }.into_any()
        }
        AppError::NotFound => view! { <crate::pages::not_found::NotFound/> }.into_any(),
        AppError::PasskeyRequired => {
            #[cfg(feature = "ssr")]
            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                r.set_status(axum::http::StatusCode::FORBIDDEN);
            }
            view! { <crate::pages::passkeys::PasskeyRequired/> }.into_any()
        }
        AppError::Unavailable => view! { <crate::pages::unavailable::Unavailable/> }.into_any(),
        e => {
            #[cfg(feature = "ssr")]
            if let (Some(r), Ok(status)) =
                (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(e.status()))
            {
                r.set_status(status);
            }
            view! { <Page signed_in=true><crate::components::FormError error=Signal::derive(move || Some(e.clone()))/></Page> }
            .into_any()
        }
    }
}

/// The frame of every signed-in page with data: waits for `data`, then shows
/// `body` inside the page, or what `failed` shows.
pub fn signed_in_page<T, V>(
    data: Resource<Result<T, AppError>>,
    body: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => failed(e),
                        Ok(v) => view! { <Page signed_in=true>{body(v)}</Page> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The value of route parameter `name`, or "" when absent.
pub fn param(name: &'static str) -> Memo<String> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).unwrap_or_default()))
}

/// Links between the pages of a list that is read newest first: "older
/// entries" continues after the last row shown (a stable cursor, so rows
/// added meanwhile never shift a page), and the way back to the newest.
/// Plain links that keep the rest of the query (filters).
#[component]
pub fn Pager<C: std::fmt::Display + Send + Sync + 'static>(older: Option<C>, first_page: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let with_cursor = move |cursor: Option<String>| {
        let mut q = query.get_untracked();
        q.remove("older");
        if let Some(c) = cursor {
            q.insert("older", c);
        }
        // An empty href would keep the current query (and its cursor).
        Some(q.to_query_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| "?".into())
    };
    let older_href = older.map(|c| with_cursor(Some(c.to_string())));
    let newest_href = (!first_page).then(|| with_cursor(None));
    (older_href.is_some() || newest_href.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=t_string!(i18n, older_entries)>
                {newest_href.map(|h| view! { <a href=h>{t!(i18n, newest_entries)}</a> })}
                {older_href.map(|h| view! { <a href=h data-testid="older">{t!(i18n, older_entries)}</a> })}
            </nav>
        }
    })
}

/// A link that does not work (a referral's or a passport's): expired, used,
/// revoked, malformed or guessed, one neutral page, 404.
#[component]
pub fn DeadLink() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Page signed_in=false>
            <h1>{t!(i18n, link_dead_title)}</h1>
            <p class="card" data-testid="dead-link">{t!(i18n, link_dead_body)}</p>
        </Page>
    }
}
