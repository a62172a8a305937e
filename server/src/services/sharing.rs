//! Sharing: grant, revoke, the mental-health switch, the preview and the
//! history of grants.

use super::authz::authorize;
use super::{refuse, PortalService};
use crate::error::Result;
use crate::store::{case, sharing};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, SharingPort};

#[async_trait::async_trait]
impl SharingPort for PortalService {
    async fn grant(
        &self,
        actor: &Account,
        c: CaseId,
        p: ParticipantId,
        req: Option<GrantRequest>,
    ) -> Result<(), AppError> {
        Ok(grant(self, actor, c, p, req).await?)
    }
    async fn revoke(
        &self,
        actor: &Account,
        c: CaseId,
        p: ParticipantId,
        what: Option<(Category, Purpose)>,
    ) -> Result<(), AppError> {
        Ok(revoke(self, actor, c, p, what).await?)
    }
    async fn set_protection(&self, actor: &Account, c: CaseId, p: Protection) -> Result<(), AppError> {
        Ok(set_protection(self, actor, c, p).await?)
    }
    async fn mark_mental_health(&self, actor: &Account, c: CaseId, p: ParticipantId, on: bool) -> Result<(), AppError> {
        Ok(mark_mental_health(self, actor, c, p, on).await?)
    }
    async fn preview(&self, actor: &Account, c: CaseId, p: ParticipantId) -> Result<SharedView, AppError> {
        Ok(preview(self, actor, c, p).await?)
    }
    async fn history(&self, actor: &Account, c: CaseId, older: Option<GrantId>) -> Result<SharingHistory, AppError> {
        Ok(history(self, actor, c, older).await?)
    }
}

/// Grants what `req` asks, or (`None`) the one-tap preset of the
/// participant's role for the default period.
#[tracing::instrument(skip_all)]
async fn grant(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
    req: Option<GrantRequest>,
) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::Grant, Some(p)).await?;
    let Some((_, target)) = ok.target else { return refuse(tx, AppError::NotFound).await };
    if target.removed {
        return refuse(tx, AppError::field("participant", ErrorKey::ParticipantRemoved)).await;
    }
    let req = req.unwrap_or_else(|| {
        let (categories, purpose) = target.role.preset();
        GrantRequest { categories: categories.to_vec(), purpose, until: LastDay::Default }
    });
    // The employer ceiling, whatever the client sent; the last day from
    // today where the worker lives.
    if let Err(e) = req.check_ceiling(target.role).and_then(|()| req.until.from(ok.now.today()).map(|_| ())) {
        return refuse(tx, AppError::Invalid(vec![e])).await;
    }
    super::grants::give(&mut tx, ok.case_id, p, &req, actor.id, ok.now).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// Revokes one category for one purpose, or (`None`) everything in force.
#[tracing::instrument(skip_all)]
async fn revoke(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
    what: Option<(Category, Purpose)>,
) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::Revoke, Some(p)).await?;
    let open = tx.open_grants(ok.case_id).await?;
    let ending: Vec<_> = open
        .iter()
        .filter(|g| g.participant == p && g.in_force(ok.now))
        .filter(|g| what.is_none_or(|(c, purpose)| g.category == c && g.purpose == purpose))
        .collect();
    // "Stop all" also stops the concerns shared with them by name.
    let named = match what {
        None => crate::store::concerns::shared_counts(&mut tx, ok.case_id).await?.iter().any(|(q, _)| *q == p),
        Some(_) => false,
    };
    if ending.is_empty() && !named {
        return refuse(tx, AppError::field("grant", ErrorKey::NotGranted)).await;
    }
    for g in ending {
        sharing::end(&mut tx, g.id, EndReason::Revoked, actor.id, ok.now.at).await?;
    }
    if named {
        crate::store::concerns::unshare_all(&mut tx, p).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn set_protection(s: &PortalService, actor: &Account, case: CaseId, mut p: Protection) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::SetProtection, None).await?;
    p.named.sort_unstable();
    p.named.dedup();
    for named in &p.named {
        let current = case::participant(&mut tx, ok.case_id, *named).await?.is_some_and(|t| !t.removed);
        if !current {
            return refuse(tx, AppError::field("named", ErrorKey::ParticipantUnknown)).await;
        }
    }
    sharing::set_protection(&mut tx, ok.case_id, &p).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// Marks `p` as mental-health care, or not. Only roles that do not say it
/// already can carry the mark (`Role::may_be_marked_mental_health`).
#[tracing::instrument(skip_all)]
async fn mark_mental_health(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
    on: bool,
) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::MarkMentalHealthCare, Some(p)).await?;
    let Some((_, target)) = ok.target else { return refuse(tx, AppError::NotFound).await };
    if !target.role.may_be_marked_mental_health() {
        return refuse(tx, AppError::field("mental_health", ErrorKey::MentalHealthMarkNotOffered)).await;
    }
    sharing::set_marked(&mut tx, ok.case_id, p, on).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn preview(s: &PortalService, actor: &Account, case: CaseId, p: ParticipantId) -> Result<SharedView> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::Preview, Some(p)).await?;
    let view = super::shared::shared_view(&mut tx, &ok).await?;
    tx.commit().await?;
    Ok(view)
}

#[tracing::instrument(skip_all)]
async fn history(s: &PortalService, actor: &Account, case: CaseId, older: Option<GrantId>) -> Result<SharingHistory> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadHistory, None).await?;
    // One more than a page tells whether there is an older page.
    let mut lines = sharing::history(&mut tx, ok.case_id, older, HISTORY_PAGE as i64 + 1).await?;
    tx.commit().await?;
    let older = if lines.len() > HISTORY_PAGE {
        lines.truncate(HISTORY_PAGE);
        lines.last().map(|l| l.grant.id)
    } else {
        None
    };
    for r in &mut lines {
        if r.status == GrantStatus::InForce && !r.grant.in_force(ok.now) {
            r.status = GrantStatus::Expired;
        }
    }
    Ok(SharingHistory { case_id: ok.case_id, lines, older })
}
