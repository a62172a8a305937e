//! Server functions of passkeys: the "Your passkeys" page (add, remove) and
//! the sign-in step that asks for one. The browser's part of a ceremony is
//! the `PasskeyCeremony` island; these carry its JSON to and from the port.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn session_token() -> Result<String, AppError> {
    super::context::cookie(super::context::SESSION_COOKIE).ok_or(AppError::SignInRequired)
}

#[server(endpoint = "passkeys/page")]
pub async fn load_passkeys_page() -> Result<PasskeysPage, AppError> {
    super::context::portal()?.passkeys_page(&session_token()?).await
}

/// The options for `navigator.credentials.create` (WebAuthn JSON).
#[server(endpoint = "passkeys/start")]
pub async fn start_passkey() -> Result<String, AppError> {
    super::context::portal()?.start_passkey(&session_token()?).await
}

/// The passkey the browser made (`credential`: its JSON), under `name`.
#[server(endpoint = "passkeys/add")]
pub async fn add_passkey(name: String, credential: String) -> Result<(), AppError> {
    super::context::portal()?.add_passkey(&session_token()?, &name, &credential).await
}

#[server(endpoint = "passkeys/remove")]
pub async fn remove_passkey(passkey_id: String) -> Result<(), AppError> {
    use super::context::*;
    portal()?.remove_passkey(&session_token()?, id(&passkey_id)?).await
}

#[server(endpoint = "passkeys/step")]
pub async fn load_passkey_step() -> Result<PasskeyStep, AppError> {
    super::context::portal()?.passkey_step(&session_token()?).await
}

/// The challenge for `navigator.credentials.get` (WebAuthn JSON).
#[server(endpoint = "passkeys/sign-in/start")]
pub async fn start_passkey_sign_in() -> Result<String, AppError> {
    super::context::portal()?.start_passkey_sign_in(&session_token()?).await
}

/// The browser's answer; signed in when it holds. Answers where to go on:
/// the page a link pointed to before sign-in, else My case.
#[server(endpoint = "passkeys/sign-in/finish")]
pub async fn finish_passkey_sign_in(credential: String) -> Result<String, AppError> {
    use super::context::*;
    portal()?.finish_passkey_sign_in(&session_token()?, &credential).await?;
    let next = cookie(super::referrals::NEXT_COOKIE).filter(|n| is_destination(n));
    set_cookie(super::referrals::NEXT_COOKIE, "", None, true);
    Ok(next.unwrap_or_else(|| "/case".into()))
}

/// A lost phone (a form that works without JavaScript).
#[server(endpoint = "passkeys/lost")]
pub async fn ask_passkey_recovery() -> Result<(), AppError> {
    use super::context::*;
    portal()?.ask_passkey_recovery(&session_token()?, &language()).await?;
    Ok(())
}
