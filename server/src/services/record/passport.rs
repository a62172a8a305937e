//! The adjustment passport: the agreed and in-place adjustments in the
//! worker's own words, which she prints or sends to a new manager. The link
//! works as a referral's does (256 bits from the OS, stored hashed, for the
//! address it was sent to only, expiring, taken back at will), and shows
//! that page alone, read-only; every opening and every refused try is in
//! the worker's log. The passport holds adjustments only (the employer
//! ceiling), and only those agreed.

use super::super::authz::authorize;
use super::super::sign_in::{hash, new_token};
use super::super::{news, refuse, PortalService};
use crate::error::Result;
use crate::store::record::{self, NewPassportLink, StoredPassportLink};
use crate::store::{access_log, work, Conn, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, SignInBrowser};
use std::net::IpAddr;

#[tracing::instrument(skip_all)]
pub async fn passport(s: &PortalService, actor: &Account, case: CaseId) -> Result<Passport> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadPassport, None).await?;
    let row = tx.case_row(ok.case_id).await?.ok_or(AppError::NotFound)?;
    let adjustments = work::of_case(&mut tx, ok.case_id).await?;
    let links = record::passport_links(&mut tx, ok.case_id).await?;
    tx.commit().await?;
    Ok(Passport {
        worker_name: row.worker_name().to_string(),
        items: PassportItem::from_adjustments(&adjustments),
        links,
        now: ok.now.at,
        zone: ok.now.zone,
    })
}

#[tracing::instrument(skip_all)]
pub async fn share(s: &PortalService, actor: &Account, case: CaseId, to: PassportShare) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::SharePassport, None).await?;
    let token = new_token();
    let link = NewPassportLink {
        name: &to.name,
        email: to.email.as_str(),
        token_hash: &hash(&[&token]),
        at: ok.now.at,
        expires_at: Timestamp(ok.now.at.0 + PASSPORT_LINK_VALID_MS),
    };
    record::add_passport_link(&mut tx, ok.case_id, &link).await?;
    // The link is in this one neutral e-mail and nowhere else.
    news::tell(s, &mut tx, to.email.as_str(), &format!("/passport/{token}")).await?;
    tx.commit().await?;
    s.outbox_wake.notify_one();
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn revoke(s: &PortalService, actor: &Account, case: CaseId, id: PassportLinkId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::RevokePassport, None).await?;
    if !record::revoke_passport_link(&mut tx, ok.case_id, id, ok.now.at).await? {
        return refuse(tx, AppError::NotFound).await;
    }
    tx.commit().await?;
    Ok(())
}

async fn find(c: &mut Conn, token: &str, now: Timestamp) -> Result<Option<StoredPassportLink>> {
    if !token_shape_ok(token) {
        return Ok(None);
    }
    Ok(record::passport_link_by_token(c, &hash(&[token])).await?.filter(|l| l.usable(now)))
}

pub async fn link_state(s: &PortalService, token: &str) -> Result<LinkState> {
    let mut c = s.db.pool().acquire().await?;
    Ok(match find(&mut c, token, s.now()).await? {
        Some(_) => LinkState::Usable,
        None => LinkState::Dead,
    })
}

/// Continuing from the link (a POST; showing the link's page changes
/// nothing): the addressee signed in goes on to the passport; signed out, a
/// code goes to the address the link was sent to; anyone else is refused.
#[tracing::instrument(skip_all)]
pub async fn open(
    s: &PortalService,
    actor: Option<&Account>,
    token: &str,
    ip: IpAddr,
    lang: &str,
    device: Option<&str>,
) -> Result<PassportOutcome> {
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    // The same budgets as a referral's link.
    if super::super::referrals::too_many_tries(&mut tx, token, ip, now).await? {
        tx.commit().await?;
        return Err(AppError::TooManyRequests.into());
    }
    let Some(link) = find(&mut tx, token, now).await? else {
        // A dead link names no case.
        log(&mut tx, actor, None, false, now).await?;
        tx.commit().await?;
        return Err(AppError::NotFound.into());
    };
    match actor {
        None => {
            log(&mut tx, None, Some(link.case), false, now).await?;
            tx.commit().await?;
            let email = Email::parse(&link.email).map_err(|_| AppError::Unavailable)?;
            let browser = SignInBrowser { attempt: None, device };
            let attempt = super::super::sign_in::request_code(s, &email, ip, lang, browser).await?;
            Ok(PassportOutcome::CodeSent { email, link: link.id, attempt })
        }
        Some(a) if a.email.as_str() == link.email => {
            tx.commit().await?;
            Ok(PassportOutcome::Enter(link.id))
        }
        Some(a) => {
            log(&mut tx, Some(a), Some(link.case), false, now).await?;
            tx.commit().await?;
            Err(AppError::field("link", ErrorKey::LinkForSomeoneElse).into())
        }
    }
}

/// The passport, read through link `id` by its addressee: anyone else, or
/// a link expired or taken back, gets "not found" (and a row in the log).
#[tracing::instrument(skip_all)]
pub async fn view(s: &PortalService, actor: &Account, id: PassportLinkId) -> Result<PassportView> {
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let link = record::passport_link(&mut tx, id).await?;
    let Some(link) = link.filter(|l| l.usable(now) && l.email == actor.email.as_str()) else {
        log(&mut tx, Some(actor), None, false, now).await?;
        tx.commit().await?;
        return Err(AppError::NotFound.into());
    };
    log(&mut tx, Some(actor), Some(link.case), true, now).await?;
    let row = tx.case_row(link.case).await?.ok_or(AppError::NotFound)?;
    let adjustments = work::of_case(&mut tx, link.case).await?;
    tx.commit().await?;
    Ok(PassportView { worker_name: row.worker_name().to_string(), items: PassportItem::from_adjustments(&adjustments) })
}

/// One row of the worker's log: someone outside the team (or signed out)
/// at the passport's link.
async fn log(tx: &mut Tx, actor: Option<&Account>, case: Option<CaseId>, allowed: bool, at: Timestamp) -> Result<()> {
    let row = access_log::Entry {
        at,
        actor: actor.map(|a| a.id),
        on_behalf_of: None,
        role: if actor.is_some() { Actor::Outsider } else { Actor::SignedOut }.id().to_string(),
        action: Operation::ViewPassport,
        case_id: case,
        participant_id: None,
        category: None,
        purpose: None,
        grant_id: None,
        allowed,
    };
    access_log::append(tx, &row).await?;
    Ok(())
}
