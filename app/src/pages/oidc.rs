//! Sign-in through the deployment's identity provider: its link on the
//! sign-in page, and the page a sign-in that did not finish comes back to.

use crate::api::oidc::{load_provider_link, UnlinkProvider};
use crate::components::*;
use crate::domain::ProviderRefusal;
use crate::i18n::*;
use leptos::prelude::*;

/// Where a sign-in through the provider begins (a GET: `api::oidc`).
const BEGIN: &str = "/api/sign-in/oidc";
/// Where a signed-in person begins linking their identity there.
const LINK: &str = "/api/sign-in/oidc/link";

/// The provider's name, read where the page is rendered (pages render on
/// the server only): no call, and nothing to wait for, without one.
fn provider_name() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::ports::SharedPortal>().and_then(|p| p.identity_provider())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// "Sign in with …" above the e-mail form, when the deployment has a provider.
#[component]
pub fn ProviderSignIn() -> impl IntoView {
    let i18n = use_i18n();
    provider_name().map(|name| {
        view! {
            <p><a class="button" href=BEGIN data-testid="provider-sign-in">
                {t!(i18n, provider_sign_in, name = name.clone())}
            </a></p>
            <p>{t!(i18n, provider_or_code)}</p>
        }
    })
}

/// `/sign-in/provider?why=…`: what went wrong, and the two ways on.
#[component]
pub fn ProviderRefusedPage() -> impl IntoView {
    let i18n = use_i18n();
    let why = leptos_router::hooks::use_query_map()
        .with_untracked(|q| ProviderRefusal::parse(q.get("why").as_deref().unwrap_or_default()));
    let name = provider_name().unwrap_or_default();
    view! {
        <Page>
            <h1>{t!(i18n, provider_refused_title)}</h1>
            {
                    let text = match why {
                        ProviderRefusal::Failed => t_string!(i18n, provider_failed, name = name.clone()).to_string(),
                        ProviderRefusal::NoVerifiedEmail => {
                            t_string!(i18n, provider_no_email, name = name.clone()).to_string()
                        }
                        ProviderRefusal::LinkedElsewhere => {
                            t_string!(i18n, provider_linked_elsewhere, name = name.clone()).to_string()
                        }
                        ProviderRefusal::TooMany => t_string!(i18n, provider_too_many).to_string(),
                    };
                    // Trying again helps only where something on the way failed.
                    let again = matches!(why, ProviderRefusal::Failed) && !name.is_empty();
                    view! {
                        <p data-testid="provider-refused" data-why=why.as_str()>{text}</p>
                        {again.then(|| view! {
                            <p><a class="button" href=BEGIN>{t!(i18n, provider_try_again)}</a></p>
                        })}
                    }
            }
            <p><a href="/">{t!(i18n, provider_use_code)}</a></p>
        </Page>
    }
}

/// On "Your passkeys": whether the person's account is linked at the
/// provider, with the way to link it (a provider that names no address
/// finds the account only so) or to remove the link. Nothing without one.
#[component]
pub fn ProviderLinkSection() -> impl IntoView {
    provider_name().map(|_| view! { <LinkSection/> })
}

#[component]
fn LinkSection() -> impl IntoView {
    let i18n = use_i18n();
    let link = Resource::new(|| (), |_| load_provider_link());
    let unlink = ServerAction::<UnlinkProvider>::new();
    let error = action_error(unlink);
    let just_linked = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("linked").is_some());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                link.await.ok().flatten().map(|l| {
                    let name = l.name.clone();
                    view! {
                        <section class="card" aria-labelledby="provider-link" data-testid="provider-link">
                            <h2 id="provider-link">{t!(i18n, provider_link_title, name = name.clone())}</h2>
                            {if l.linked {
                                view! {
                                    {if just_linked {
                                        view! {
                                            <p role="status" data-testid="provider-linked">
                                                {t!(i18n, provider_linked_done, name = name.clone())}
                                            </p>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <p data-testid="provider-linked">
                                                {t!(i18n, provider_linked_state, name = name.clone())}
                                            </p>
                                        }.into_any()
                                    }}
                                    <ActionForm action=unlink attr:class="inline">
                                        <Here/>
                                        <button type="submit" class="secondary">{t!(i18n, provider_unlink_button)}</button>
                                    </ActionForm>
                                    <FormError error/>
                                }.into_any()
                            } else {
                                view! {
                                    <p>{t!(i18n, provider_link_intro, name = name.clone())}</p>
                                    <p><a class="button" href=LINK>{t!(i18n, provider_link_button, name = name.clone())}</a></p>
                                }.into_any()
                            }}
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
