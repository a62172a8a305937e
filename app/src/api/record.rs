//! Server function of the record page. The files themselves are plain
//! `GET` downloads (`server/src/record.rs`), so a link works without
//! JavaScript and the browser saves the file under its name.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "record/page")]
pub async fn load_record_page() -> Result<RecordPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.record_page(&me).await
}

/// The worker asks for her case to be erased after the grace period;
/// `confirm` is the tick that she understands (absent when not ticked).
#[server(endpoint = "record/erase")]
pub async fn ask_erasure(case_id: String, confirm: Option<String>) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.ask_erasure(&me, id(&case_id)?, confirm.is_some_and(|c| !c.is_empty())).await
}

/// The worker keeps her case after all.
#[server(endpoint = "record/keep")]
pub async fn cancel_erasure(case_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.cancel_erasure(&me, id(&case_id)?).await
}

#[server(endpoint = "record/passport")]
pub async fn load_passport(case_id: String) -> Result<Passport, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.passport(&me, id(&case_id)?).await
}

/// Sends the passport to a new manager (what was typed is kept on a refusal).
#[server(endpoint = "record/passport/share")]
pub async fn share_passport(case_id: String, name: String, email: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let kept = [("name", name.as_str()), ("email", email.as_str())];
    let to = super::kept::on_error::<SharePassport, _>(
        PassportShare::parse(&name, &email).map_err(AppError::Invalid),
        &kept,
    )
    .await?;
    let shared = portal()?.share_passport(&me, id(&case_id)?, to).await;
    super::kept::on_error::<SharePassport, _>(shared, &kept).await
}

#[server(endpoint = "record/passport/revoke")]
pub async fn revoke_passport(case_id: String, link_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.revoke_passport(&me, id(&case_id)?, id(&link_id)?).await
}

/// Whether a passport link works; showing its page changes nothing.
#[server(endpoint = "record/passport/link")]
pub async fn load_passport_link(token: String) -> Result<LinkState, AppError> {
    super::context::portal()?.passport_link_state(&token).await
}

/// Continuing from a passport link (a POST): its addressee signed in goes
/// on to the passport; signed out, a code goes to the address the link was
/// sent to and the code page follows. The token is in no address after this.
#[server(endpoint = "record/passport/open")]
pub async fn open_passport(token: String) -> Result<(), AppError> {
    use super::context::*;
    use super::referrals::NEXT_COOKIE;
    let me = match account().await {
        Ok(a) => Some(a),
        Err(AppError::SignInRequired) => None,
        Err(e) => return Err(e),
    };
    let device = cookie(DEVICE_COOKIE);
    let outcome = portal()?.open_passport(me.as_ref(), &token, client_ip(), &language(), device.as_deref()).await?;
    match outcome {
        PassportOutcome::Enter(link) => leptos_axum::redirect(&format!("/passport/view/{link}")),
        PassportOutcome::CodeSent { email, link, attempt } => {
            set_cookie(SIGN_IN_COOKIE, &sign_in_cookie_value(&attempt, &email), Some(15 * 60), true);
            set_cookie(NEXT_COOKIE, &format!("/passport/view/{link}"), Some(15 * 60), true);
            leptos_axum::redirect("/sign-in/code");
        }
    }
    Ok(())
}

#[server(endpoint = "record/passport/view")]
pub async fn load_passport_view(link_id: String) -> Result<PassportView, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.view_passport(&me, id(&link_id)?).await
}
