//! Following a case's changes: the worker, or a participant of the case
//! who sees something, through the table and the log like any other
//! access. An open stream asks again (`watch`) whenever something may have
//! changed: its session must still be alive (without being kept alive by
//! the open page), and its holder must still be allowed to follow; a
//! participant's stream then compares a digest of what their page may show
//! now with the one before, so it says "changed" only when their view
//! changed (an employer hears nothing of a concern, a draft or the dates).
//! The digest is computed in a read that is dropped, not committed: it
//! logs nothing (the follow was logged when the stream opened, and the
//! page's reload after "changed" is logged like any view) and never leaves
//! the server. A holder who may no longer follow is refused by `authorize`
//! as always, which logs that refusal.

use super::authz::authorize;
use super::shared::shared_view;
use super::PortalService;
use crate::error::{Error, Result};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, LivePort, Watch};
use sha2::{Digest, Sha256};

#[async_trait::async_trait]
impl LivePort for PortalService {
    async fn follow(&self, actor: &Account, c: CaseId) -> Result<(), AppError> {
        Ok(follow(self, actor, c).await?)
    }
    async fn watch(&self, session: &str, c: CaseId, view: bool) -> Result<Watch, AppError> {
        Ok(watch(self, session, c, view).await?)
    }
}

async fn follow(s: &PortalService, actor: &Account, case: CaseId) -> Result<()> {
    let tx = s.db.begin_read().await?;
    let (tx, _) = authorize(s, tx, actor, case, Operation::FollowCase, None).await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
async fn watch(s: &PortalService, session: &str, case: CaseId, view: bool) -> Result<Watch> {
    let Some(account) = super::sign_in::session_peek(s, session).await? else { return Ok(Watch::Closed) };
    if !view {
        return Ok(Watch::Open(None));
    }
    let tx = s.db.begin_read().await?;
    let (tx, ok) = match authorize(s, tx, &account, case, Operation::FollowCase, None).await {
        Ok(allowed) => allowed,
        // Refused (and logged): removed from the team, or nothing shared any more.
        Err(Error::Refused(AppError::NotFound | AppError::TooManyRequests)) => return Ok(Watch::Closed),
        Err(e) => return Err(e),
    };
    if ok.actor == Actor::Worker {
        tx.rollback().await?;
        return Ok(Watch::Open(None));
    }
    // What the participant's page shows, read as the page reads it.
    let (mut tx, seen) = authorize(s, tx, &account, case, Operation::ViewShared, None).await?;
    let mut page = shared_view(&mut tx, &seen).await?;
    // The time until a grant ends changes every moment; what it ends on does not.
    page.refresh_in_ms = None;
    let mut digest = Sha256::new();
    digest.update(serde_json::to_vec(&page).unwrap_or_default());
    let role_may = |op| permitted(Actor::Participant(page.role), op, None, &[]);
    let tx = if role_may(Operation::SeeRequests) && role_may(Operation::SeeReferrals) {
        let (tx, requests) = super::requests::list_in(s, tx, &account, case, Operation::SeeRequests).await?;
        let (tx, referrals) = super::referrals::list_in(s, tx, &account, case, Operation::SeeReferrals).await?;
        digest.update(serde_json::to_vec(&(requests, referrals)).unwrap_or_default());
        tx
    } else {
        tx
    };
    // Dropped, not committed: this look logs nothing and showed nothing.
    tx.rollback().await?;
    Ok(Watch::Open(Some(format!("{:x}", digest.finalize()))))
}
