//! Server functions of Referrals: proposing, the worker's answer, the
//! recipient's answer, and the link a recipient follows from their e-mail.
// The proposal's form has a field per part; the generated client function
// takes them all.
#![allow(clippy::too_many_arguments)]

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Where a referral link's continuation goes after the sign-in code.
pub const NEXT_COOKIE: &str = "__Host-rtw-next";

/// The worker's referrals.
#[server(endpoint = "referrals/list")]
pub async fn load_referrals(case_id: String) -> Result<ReferralsPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.referrals(&me, id(&case_id)?).await
}

/// A care professional's: from them, and to them once the worker approved.
#[server(endpoint = "referrals/mine")]
pub async fn load_my_referrals(case_id: String) -> Result<ReferralsPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.my_referrals(&me, id(&case_id)?).await
}

/// `categories[<id>]=on` for each category proposed. A professional's form
/// returns to their view of the case; the worker's (`then=answer`) goes on
/// to the answer they give their own referral.
#[server(endpoint = "referrals/propose")]
pub async fn propose_referral(
    case_id: String,
    role: String,
    name: String,
    organisation: String,
    email: String,
    purpose: String,
    reason: String,
    categories: Option<BTreeMap<String, String>>,
    until: String,
    then: Option<String>,
) -> Result<String, AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let cats = categories.unwrap_or_default();
    let parsed = ReferralProposal::parse(
        &role,
        &name,
        &organisation,
        &email,
        &purpose,
        &reason,
        cats.keys().map(String::as_str),
        &until,
    )
    .map_err(AppError::Invalid);
    let kept = [
        ("role", role.as_str()),
        ("name", &name),
        ("organisation", &organisation),
        ("email", &email),
        ("purpose", &purpose),
        ("reason", &reason),
        ("until", &until),
    ];
    let proposal = super::kept::on_error::<ProposeReferral, _>(parsed, &kept).await?;
    let made = portal()?.refer(&me, case, proposal).await;
    let made = super::kept::on_error::<ProposeReferral, _>(made, &kept).await?;
    if is_form_post() {
        // The worker's own page ends on the answer to give; a professional's
        // on their view of the case, where the referral now shows.
        match then.as_deref() {
            Some("answer") => leptos_axum::redirect(&format!("/case/{case}/referrals/{made}")),
            _ => leptos_axum::redirect(&format!("/shared/{case}")),
        }
    }
    Ok(made.to_string())
}

/// The worker's answer: `decision` = `approve` (with `categories[<id>]` and
/// `until`, at most what was proposed) or `decline`.
#[server(endpoint = "referrals/answer")]
pub async fn answer_referral(
    case_id: String,
    referral_id: String,
    decision: String,
    categories: Option<BTreeMap<String, String>>,
    until: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let until = until.unwrap_or_default();
    let reply = super::requests::worker_reply(&decision, categories, &until);
    let reply = super::kept::on_error::<AnswerReferral, _>(reply, &[("until", &until)]).await?;
    let done = portal()?.answer_referral(&me, case, id(&referral_id)?, reply).await;
    super::kept::on_error::<AnswerReferral, _>(done, &[("until", &until)]).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/referrals"));
    }
    Ok(())
}

/// The recipient's answer: `decision` = `accept` (optional
/// `first_appointment`) or `decline` (with `reason`).
#[server(endpoint = "referrals/take")]
pub async fn take_referral(
    case_id: String,
    referral_id: String,
    decision: String,
    first_appointment: Option<String>,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let (day, reason) = (first_appointment.unwrap_or_default(), reason.unwrap_or_default());
    let parsed = RecipientAnswer::parse(&decision, &day, &reason).map_err(AppError::Invalid);
    let kept = [("first_appointment", day.as_str()), ("reason", &reason)];
    let answer = super::kept::on_error::<TakeReferral, _>(parsed, &kept).await?;
    let taken = portal()?.take_referral(&me, case, id(&referral_id)?, answer).await;
    super::kept::on_error::<TakeReferral, _>(taken, &kept).await
}

/// The worker sends a new link for a referral whose link ran out.
#[server(endpoint = "referrals/renew")]
pub async fn renew_referral(case_id: String, referral_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.renew_referral(&me, id(&case_id)?, id(&referral_id)?).await
}

/// Whether a link's confirm page can offer to continue. Changes nothing:
/// mail scanners open links.
#[server(endpoint = "referrals/link")]
pub async fn load_link(token: String) -> Result<LinkState, AppError> {
    super::context::portal()?.link_state(&token).await
}

/// Continuing from a link (a POST): the recipient signed in goes to the
/// case; signed out, a code goes to the recipient's own address and the
/// code page follows. The token is in no address after this.
#[server(endpoint = "referrals/open")]
pub async fn open_link(token: String) -> Result<(), AppError> {
    use super::context::*;
    let me = match account().await {
        Ok(a) => Some(a),
        Err(AppError::SignInRequired) => None,
        Err(e) => return Err(e),
    };
    let device = cookie(DEVICE_COOKIE);
    let outcome = portal()?.open_link(me.as_ref(), &token, client_ip(), &language(), device.as_deref()).await?;
    match outcome {
        LinkOutcome::Enter(case) => leptos_axum::redirect(&format!("/shared/{case}")),
        LinkOutcome::CodeSent { email, case, attempt } => {
            set_cookie(SIGN_IN_COOKIE, &sign_in_cookie_value(&attempt, &email), Some(15 * 60), true);
            set_cookie(NEXT_COOKIE, &format!("/shared/{case}"), Some(15 * 60), true);
            leptos_axum::redirect("/sign-in/code");
        }
    }
    Ok(())
}
