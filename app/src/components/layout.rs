//! The frame of every page: header with the small menu (language, sign-out),
//! and the main landmark.

use crate::api::auth::SignOut;
use crate::api::language::SetLanguage;
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
    }
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
            <button type="submit" class="secondary">{t!(i18n, sign_out)}</button>
        </ActionForm>
    }
}

/// What a page shows when its data could not be loaded: the sign-in page
/// when the session is gone, "not found" for a case or person that is not
/// there (or not yours), otherwise the error in words.
pub fn failed(e: crate::error::AppError) -> AnyView {
    use crate::error::AppError;
    match e {
        AppError::SignInRequired => view! { <leptos_router::components::Redirect path="/"/> }.into_any(),
        AppError::NotFound => view! { <crate::pages::not_found::NotFound/> }.into_any(),
        e => view! { <Page signed_in=true><crate::components::FormError error=Signal::derive(move || Some(e.clone()))/></Page> }
            .into_any(),
    }
}

/// The value of route parameter `name`, or "" when absent.
pub fn param(name: &'static str) -> Memo<String> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).unwrap_or_default()))
}
