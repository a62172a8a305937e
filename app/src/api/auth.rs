use crate::error::AppError;
use leptos::prelude::*;

/// Step 1 of sign-in: e-mail a one-time code. The same answer whether or
/// not the address is known.
#[server(endpoint = "auth/request-code")]
pub async fn request_code(email: String) -> Result<(), AppError> {
    use super::context::*;
    use crate::domain::Email;
    let parsed = Email::parse(&email).map_err(|k| AppError::field("email", k));
    let email = super::kept::on_error(parsed, &[("sign_in.email", &email)])?;
    portal()?.request_code(&email, client_ip(), &language()).await?;
    set_cookie(SIGN_IN_COOKIE, email.as_str(), Some(15 * 60), true);
    leptos_axum::redirect("/sign-in/code");
    Ok(())
}

/// Step 2: the code from the e-mail starts a fresh session.
#[server(endpoint = "auth/verify-code")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use super::context::*;
    use crate::domain::{Email, ErrorKey};
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::field("code", ErrorKey::CodeFormat));
    }
    let email = cookie(SIGN_IN_COOKIE)
        .and_then(|e| Email::parse(&e).ok())
        .ok_or(AppError::field("code", ErrorKey::CodeInvalid))?;
    let old = cookie(SESSION_COOKIE);
    let session = portal()?.verify_code(&email, &code, old.as_deref()).await?;
    set_cookie(SESSION_COOKIE, &session.token, Some(12 * 3600), true);
    set_cookie(SIGN_IN_COOKIE, "", None, true);
    leptos_axum::redirect("/case");
    Ok(())
}

#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use super::context::*;
    if let Some(token) = cookie(SESSION_COOKIE) {
        portal()?.sign_out(&token).await?;
    }
    set_cookie(SESSION_COOKIE, "", None, true);
    leptos_axum::redirect("/");
    Ok(())
}

/// Whether someone is signed in, for the pages that change with it.
#[server(endpoint = "auth/me")]
pub async fn signed_in() -> Result<bool, AppError> {
    match super::context::account().await {
        Ok(_) => Ok(true),
        Err(AppError::SignInRequired) => Ok(false),
        Err(e) => Err(e),
    }
}
