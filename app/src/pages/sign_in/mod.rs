//! Sign-in with a one-time code sent by e-mail: two short steps.

pub mod mailbox;
pub mod zone;

use crate::api::kept;
use crate::api::sign_in::{signed_in, RequestCode, VerifyCode};
use crate::components::*;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestCode>::new();
    let error = action_error(action);
    let already = Resource::new(|| (), |_| signed_in());
    view! {
        <Page>
            <Suspense>
                {move || Suspend::new(async move {
                    matches!(already.await, Ok(true)).then(|| view! { <Redirect path="/case"/> })
                })}
            </Suspense>
            <h1>{t!(i18n, sign_in_title)}</h1>
            <p class="lead">{t!(i18n, tagline)}</p>
            <crate::pages::oidc::ProviderSignIn/>
            <p>{t!(i18n, sign_in_intro)}</p>
            <ActionForm action attr:class="card form" attr:novalidate=true>
                <Here/>
                <Field
                    id="sign-in-email"
                    label=t_string!(i18n, email_label).to_string()
                    name="email"
                    kind="email"
                    value={kept::or::<RequestCode>("email", "")}
                    required=true
                    autocomplete="email"
                    maxlength=254
                    error
                />
                <FormError error/>
                <button type="submit">{t!(i18n, send_code)}</button>
            </ActionForm>
        </Page>
    }
}

#[component]
pub fn CodePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<VerifyCode>::new();
    let error = action_error(action);
    view! {
        <Page>
            <h1>{t!(i18n, code_title)}</h1>
            <p>{t!(i18n, code_intro)}</p>
            <ActionForm action attr:class="card form" attr:novalidate=true>
                <Here/>
                <Field
                    id="sign-in-code"
                    label=t_string!(i18n, code_label).to_string()
                    name="code"
                    required=true
                    autocomplete="one-time-code"
                    inputmode="numeric"
                    maxlength=7
                    error
                />
                <FormError error/>
                <button type="submit">{t!(i18n, sign_in_button)}</button>
            </ActionForm>
            <p><a href="/">{t!(i18n, code_resend)}</a></p>
        </Page>
    }
}
