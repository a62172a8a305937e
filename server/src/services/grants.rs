//! Granting: the one place grants are written, below every area that
//! grants (sharing, an approved referral or request, the grant offered
//! with a proposal), so those areas never import each other for it.

use super::authz::authorize;
use super::{refuse, PortalService};
use crate::error::Result;
use crate::store::{sharing, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::Account;

/// Writes the grants `req` asks for `p`, from today; granting a category
/// again for the same purpose replaces the open grant (a new period),
/// keeping history. The caller has passed `authorize(Grant)` and checked
/// the ceiling. Answers the new grants' ids.
pub(crate) async fn give(
    tx: &mut Tx,
    case: CaseId,
    p: ParticipantId,
    req: &GrantRequest,
    by: AccountId,
    now: Now,
) -> Result<Vec<GrantId>> {
    let until = req.until.from(now.today()).map_err(|e| AppError::Invalid(vec![e]))?;
    let open = tx.open_grants(case).await?;
    let mut made = Vec::new();
    for category in &req.categories {
        for old in open.iter().filter(|g| g.participant == p && g.category == *category && g.purpose == req.purpose) {
            sharing::end(tx, old.id, EndReason::Replaced, by, now.at).await?;
        }
        let g = sharing::NewGrant {
            case,
            participant: p,
            category: *category,
            purpose: req.purpose,
            from: now.today(),
            until,
            by,
            at: now.at,
        };
        made.push(sharing::insert(tx, &g).await?);
    }
    Ok(made)
}

/// The last day a proposal (a referral's, an information request's) asks
/// its grants to hold, counted from `today` where the worker lives: a day
/// to come, never until revoked. The refusal names the field.
pub(crate) fn proposed_last_day(share: &GrantRequest, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, AppError> {
    match share.until.from(today) {
        Ok(Some(day)) => Ok(day),
        Ok(None) => Err(AppError::field("until", ErrorKey::Required)),
        Err(e) => Err(AppError::Invalid(vec![e])),
    }
}

/// The worker's answer to a referral or an information request, held to
/// what was proposed (narrowing only; not before today in the case's zone,
/// by the service's clock): one check for both. A refusal is answered
/// after its log rows are committed.
pub(crate) async fn held_to_proposal(
    tx: Tx,
    reply: WorkerReply,
    proposed: &[Category],
    proposed_until: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Result<(Tx, WorkerAnswer)> {
    match reply.within(proposed, proposed_until, today) {
        Ok(answer) => Ok((tx, answer)),
        Err(e) => refuse(tx, AppError::Invalid(e)).await,
    }
}

/// The grants a worker's approval makes (of a referral or an information
/// request): a grant like any other, through the table (logged as one), to
/// someone still in the team, within their role's ceiling. Answers the
/// transaction and the new grants; a refusal is answered after its log
/// rows are committed.
pub(crate) async fn grant_approved(
    s: &PortalService,
    tx: Tx,
    actor: &Account,
    case: CaseId,
    to: ParticipantId,
    req: &GrantRequest,
) -> Result<(Tx, Vec<GrantId>)> {
    let (mut tx, granted) = authorize(s, tx, actor, case, Operation::Grant, Some(to)).await?;
    let Some((_, target)) = granted.target.filter(|(_, t)| !t.removed) else {
        return refuse(tx, AppError::field("decision", ErrorKey::ParticipantRemoved)).await;
    };
    // The recipient as they are now: an address that has since become the
    // employer's is no recipient of an approval (only the worker sends the
    // employer anything, from Work), and the role ceiling holds as for any grant.
    if target.role == Role::Employer {
        return refuse(tx, AppError::field("decision", ErrorKey::ReferralNotToEmployer)).await;
    }
    if let Err(e) = req.check_ceiling(target.role) {
        return refuse(tx, AppError::Invalid(vec![e])).await;
    }
    let made = give(&mut tx, granted.case_id, to, req, actor.id, granted.now).await?;
    Ok((tx, made))
}
