//! Erasure (GDPR article 17): the worker asks, her case closes at once (every
//! grant ends, nobody sees anything), and after the grace period the
//! portal erases it (`erase_due`, from the periodic jobs, safe on several
//! instances: a case is erased by whichever claims it first, in the write). Until then she
//! can keep it. The access log stays, as the law asks, and still verifies:
//! its rows are not touched (`store::record::erase`).

use super::super::authz::authorize;
use super::super::{refuse, PortalService};
use crate::error::Result;
use crate::store::{access_log, record};
use app::domain::*;
use app::error::AppError;
use app::ports::Account;

const DAY_MS: i64 = 24 * 3600 * 1000;

#[tracing::instrument(skip_all)]
pub async fn ask(s: &PortalService, actor: &Account, case: CaseId, understood: bool) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AskErasure, None).await?;
    if !understood {
        return refuse(tx, AppError::field("confirm", ErrorKey::ConfirmErasure)).await;
    }
    let row = tx.case_row(ok.case_id).await?.ok_or(AppError::NotFound)?;
    if row.erasure_due.is_some() {
        return refuse(tx, AppError::Conflict).await;
    }
    // Closed from now on, as "back at work" closes it: nothing stays shared.
    if row.closed_on.is_none() {
        super::super::case::close_in(&mut tx, ok.case_id, actor, ok.now.at, ok.now.today()).await?;
    }
    let due = Timestamp(ok.now.at.0 + i64::from(s.erasure_grace_days) * DAY_MS);
    record::set_erasure_due(&mut tx, ok.case_id, Some(due)).await?;
    super::super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
pub async fn cancel(s: &PortalService, actor: &Account, case: CaseId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::CancelErasure, None).await?;
    record::set_erasure_due(&mut tx, ok.case_id, None).await?;
    super::super::events::commit_announcing(s, tx, ok.case_id).await
}

/// Erases every case whose grace period is over; how many it erased.
pub async fn erase_due(s: &PortalService) -> Result<usize> {
    let now = s.now();
    let mut read = s.db.begin_read().await?;
    let due = record::erasures_due(&mut read, now).await?;
    read.commit().await?;
    let mut erased = 0;
    for c in due {
        let mut tx = s.db.begin_write().await?;
        // Another instance may have erased it since (or she kept it).
        if !record::claim_erasure(&mut tx, c, now).await? {
            tx.rollback().await?;
            continue;
        }
        record::erase(&mut tx, c, now).await?;
        let row = access_log::Entry {
            at: now,
            actor: None,
            on_behalf_of: None,
            role: "portal".into(),
            action: Operation::EraseCase,
            case_id: Some(c),
            participant_id: None,
            category: None,
            purpose: None,
            grant_id: None,
            allowed: true,
        };
        access_log::append(&mut tx, &row).await?;
        tx.commit().await?;
        erased += 1;
    }
    Ok(erased)
}
