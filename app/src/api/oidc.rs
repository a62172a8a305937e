//! Sign-in through the deployment's identity provider (OpenID Connect).
//! The calls that leave for the provider are GETs, links on the pages (a
//! form's redirect to another site would need the provider in the pages'
//! `form-action` policy), and so is the return, where the provider sends
//! the browser back. None changes anything but this browser's own sign-in
//! (or link), bound to it by a cookie.

use crate::domain::ProviderLink;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The browser's half of a sign-in under way at the provider.
pub const PROVIDER_COOKIE: &str = "__Host-rtw-oidc";

/// Leaves for the provider's sign-in page.
#[server(endpoint = "sign-in/oidc", input = GetUrl)]
pub async fn begin_provider_sign_in() -> Result<(), AppError> {
    use super::context::*;
    let started = portal()?.begin_provider_sign_in(client_ip(), None).await;
    leave_for_provider(started);
    Ok(())
}

/// A signed-in person leaves for the provider to link their identity there
/// to their account (for a provider that names no address, say).
#[server(endpoint = "sign-in/oidc/link", input = GetUrl)]
pub async fn begin_provider_link() -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let started = portal()?.begin_provider_sign_in(client_ip(), Some(&me)).await;
    leave_for_provider(started);
    Ok(())
}

#[cfg(feature = "ssr")]
fn leave_for_provider(started: Result<crate::ports::ProviderStart, AppError>) {
    use super::context::*;
    match started {
        Ok(start) => {
            let seconds = crate::domain::PROVIDER_SIGN_IN_MS / 1000;
            set_cookie(PROVIDER_COOKIE, &start.browser, Some(seconds), true);
            leptos_axum::redirect(&start.url);
        }
        Err(e) => refused(&e),
    }
}

/// The provider sent the browser back: signed in (or on to the passkey),
/// else a page saying what to do.
#[server(endpoint = "sign-in/oidc/callback", input = GetUrl)]
pub async fn provider_callback(code: Option<String>, state: Option<String>) -> Result<(), AppError> {
    use super::context::*;
    let browser = cookie(PROVIDER_COOKIE);
    set_cookie(PROVIDER_COOKIE, "", None, true);
    // No code: the person cancelled there, or the provider refused.
    let (Some(code), Some(state), Some(browser)) = (code, state, browser) else {
        refused(&AppError::NotFound);
        return Ok(());
    };
    let old = cookie(SESSION_COOKIE);
    match portal()?.finish_provider_sign_in(&browser, &state, &code, old.as_deref()).await {
        Ok(crate::ports::ProviderFinish::SignedIn(session)) => super::sign_in::signed_in_as(&session),
        Ok(crate::ports::ProviderFinish::Linked) => leptos_axum::redirect("/passkeys?linked"),
        Err(e) => refused(&e),
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn refused(e: &AppError) {
    let why = crate::domain::ProviderRefusal::of(e);
    leptos_axum::redirect(&format!("/sign-in/provider?why={}", why.as_str()));
}

/// Whether the signed-in person's account is linked at the provider.
#[server(endpoint = "sign-in/oidc/linked")]
pub async fn load_provider_link() -> Result<Option<ProviderLink>, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.provider_link(&me).await
}

/// Removes the signed-in person's link at the provider.
#[server(endpoint = "sign-in/oidc/unlink")]
pub async fn unlink_provider() -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.unlink_provider(&me).await
}
