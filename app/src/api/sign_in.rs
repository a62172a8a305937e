//! Sign-in by e-mail code, sign-out, and the demo mailbox.

use crate::domain::MailView;
use crate::error::AppError;
use leptos::prelude::*;

/// Step 1 of sign-in: e-mail a one-time code. The same answer whether or
/// not the address is known.
#[server(endpoint = "sign-in/request-code")]
pub async fn request_code(email: String) -> Result<(), AppError> {
    use super::context::*;
    use crate::domain::Email;
    let parsed = Email::parse(&email).map_err(|k| AppError::field("email", k));
    let email = super::kept::on_error::<RequestCode, _>(parsed, &[("email", &email)]).await?;
    // The same browser asking again for the same address replaces its own
    // code; anyone else's request leaves it alone.
    let earlier = sign_in_attempt().filter(|(_, e)| *e == email).map(|(a, _)| a);
    let device = cookie(DEVICE_COOKIE);
    let browser = crate::ports::SignInBrowser { attempt: earlier.as_deref(), device: device.as_deref() };
    let attempt = portal()?.request_code(&email, client_ip(), &language(), browser).await?;
    set_cookie(SIGN_IN_COOKIE, &sign_in_cookie_value(&attempt, &email), Some(15 * 60), true);
    leptos_axum::redirect("/sign-in/code");
    Ok(())
}

/// Step 2: the code from the e-mail starts a fresh session.
#[server(endpoint = "sign-in/verify-code")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use super::context::*;
    use crate::domain::ErrorKey;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::field("code", ErrorKey::CodeFormat));
    }
    let (attempt, email) = sign_in_attempt().ok_or(AppError::field("code", ErrorKey::CodeInvalid))?;
    let old = cookie(SESSION_COOKIE);
    let device = cookie(DEVICE_COOKIE);
    let browser = crate::ports::SignInBrowser { attempt: Some(&attempt), device: device.as_deref() };
    let session = portal()?.verify_code(&email, &code, client_ip(), browser, old.as_deref()).await?;
    set_cookie(DEVICE_COOKIE, &session.device, Some(365 * 24 * 3600), true);
    set_cookie(SIGN_IN_COOKIE, "", None, true);
    signed_in_as(&session);
    Ok(())
}

/// The first factor answered (an e-mail code, or the identity provider):
/// the session's cookie, its time zone, and on to the passkey or the page
/// the person was going to.
#[cfg(feature = "ssr")]
pub(crate) fn signed_in_as(session: &crate::ports::NewSession) {
    use super::context::*;
    set_cookie(SESSION_COOKIE, &session.token, Some(12 * 3600), true);
    // Times in the zone the person chose, on this device too; none chosen,
    // none left over from whoever used this browser before.
    match session.time_zone {
        Some(zone) => remember_zone(zone),
        None => set_cookie(ZONE_COOKIE, "", None, true),
    }
    // An account with passkeys confirms with one first (the destination
    // waits in its cookie).
    if session.needs_passkey {
        leptos_axum::redirect("/sign-in/passkey");
        return;
    }
    // On to the page a link pointed to (a mail's, a referral's), if any.
    let next = cookie(super::referrals::NEXT_COOKIE).filter(|n| is_destination(n));
    set_cookie(super::referrals::NEXT_COOKIE, "", None, true);
    leptos_axum::redirect(next.as_deref().unwrap_or("/case"));
}

#[server(endpoint = "sign-in/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use super::context::*;
    if let Some(token) = cookie(SESSION_COOKIE) {
        portal()?.sign_out(&token).await?;
    }
    set_cookie(SESSION_COOKIE, "", None, true);
    // Nothing of the case stays in this browser: a shared phone or a
    // library computer keeps no page, cookie or storage of it.
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            axum::http::HeaderName::from_static("clear-site-data"),
            axum::http::HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
        );
    }
    leptos_axum::redirect("/");
    Ok(())
}

/// The person's time zone: chosen on "Your time zone", or (`from_browser`
/// set) reported by their browser, which counts only while they have none.
#[server(endpoint = "sign-in/time-zone")]
pub async fn set_time_zone(time_zone: String, from_browser: Option<String>) -> Result<(), AppError> {
    use super::context::*;
    use crate::domain::{ErrorKey, Zone};
    let me = account().await?;
    let zone = time_zone.trim().parse::<Zone>().map_err(|_| AppError::field("time_zone", ErrorKey::Required))?;
    let zone = portal()?.set_time_zone(&me, zone, from_browser.is_some()).await?;
    remember_zone(zone);
    Ok(())
}

/// Whether someone is signed in; calling it also keeps the session alive.
#[server(endpoint = "sign-in/me")]
pub async fn signed_in() -> Result<bool, AppError> {
    match super::context::account().await {
        Ok(_) => Ok(true),
        Err(AppError::SignInRequired) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The development mailbox; answers `NotFound` unless the server runs in demo mode.
#[server(endpoint = "sign-in/dev-mailbox")]
pub async fn dev_mailbox() -> Result<Vec<MailView>, AppError> {
    super::context::portal()?.dev_mailbox().await
}
