//! Concerns: the worker's stigma concerns and disclosure plan. Private
//! unless shared with named clinicians or through a `stigma` grant; the role
//! ceiling (`Role::may_receive`) keeps every employer out, whatever a form says.

use super::authz::{authorize, Allowed};
use super::{refuse, PortalService};
use crate::error::Result;
use crate::store::{case, concerns, work, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, ConcernsPort};

#[async_trait::async_trait]
impl ConcernsPort for PortalService {
    async fn concerns(&self, actor: &Account, c: CaseId) -> Result<ConcernsPage, AppError> {
        Ok(page(self, actor, c).await?)
    }
    async fn write_concern(
        &self,
        actor: &Account,
        c: CaseId,
        id: Option<ConcernId>,
        text: ConcernText,
    ) -> Result<ConcernId, AppError> {
        Ok(write(self, actor, c, id, text).await?)
    }
    async fn share_concern(
        &self,
        actor: &Account,
        c: CaseId,
        id: ConcernId,
        with: Vec<ParticipantId>,
    ) -> Result<(), AppError> {
        Ok(share(self, actor, c, id, with).await?)
    }
    async fn set_disclosure_plan(&self, actor: &Account, c: CaseId, plan: DisclosurePlan) -> Result<(), AppError> {
        Ok(set_plan(self, actor, c, plan).await?)
    }
    async fn adjustment_from_concern(
        &self,
        actor: &Account,
        c: CaseId,
        id: ConcernId,
    ) -> Result<AdjustmentId, AppError> {
        Ok(adjustment_from(self, actor, c, id).await?)
    }
    async fn delete_concern(&self, actor: &Account, c: CaseId, id: ConcernId) -> Result<(), AppError> {
        Ok(delete(self, actor, c, id).await?)
    }
}

/// Deletes a concern and whom it was shared with: the worker's words, gone
/// from every page at once. The access log keeps that it was deleted.
#[tracing::instrument(skip_all)]
async fn delete(s: &PortalService, actor: &Account, case: CaseId, id: ConcernId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::DeleteConcern, None).await?;
    if !concerns::delete(&mut tx, ok.case_id, id).await? {
        return refuse(tx, AppError::NotFound).await;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// The current team, each with whether their `stigma` grant is in force.
async fn team(tx: &mut Tx, ok: &Allowed) -> Result<Vec<TeamMember>> {
    let people = tx.team(ok.case_id).await?;
    let open = tx.open_grants(ok.case_id).await?;
    let protection = tx.protection(ok.case_id).await?;
    Ok(people
        .into_iter()
        .map(|p| TeamMember {
            sees_all: visible(p.id, p.role, &open, &protection, ok.now).iter().any(|v| v.category == Category::Stigma),
            id: p.id,
            name: p.contact.name,
            role: p.role,
        })
        .collect())
}

#[tracing::instrument(skip_all)]
async fn page(s: &PortalService, actor: &Account, case: CaseId) -> Result<ConcernsPage> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadConcerns, None).await?;
    let page = ConcernsPage {
        case_id: ok.case_id,
        concerns: concerns::of_case(&mut tx, ok.case_id).await?,
        plan: concerns::plan(&mut tx, ok.case_id).await?,
        team: team(&mut tx, &ok).await?,
        zone: ok.now.zone,
    };
    tx.commit().await?;
    Ok(page)
}

#[tracing::instrument(skip_all)]
async fn write(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    id: Option<ConcernId>,
    t: ConcernText,
) -> Result<ConcernId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::WriteConcern, None).await?;
    let id = match id {
        None => concerns::insert(&mut tx, ok.case_id, &t, ok.now.at).await?,
        Some(id) if concerns::exists(&mut tx, ok.case_id, id).await? => {
            concerns::rewrite(&mut tx, id, &t, ok.now.at).await?;
            id
        }
        Some(_) => return refuse(tx, AppError::NotFound).await,
    };
    // A concern shared by name changes on its readers' pages too.
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    Ok(id)
}

#[tracing::instrument(skip_all)]
async fn share(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    id: ConcernId,
    mut with: Vec<ParticipantId>,
) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ShareConcern, None).await?;
    if !concerns::exists(&mut tx, ok.case_id, id).await? {
        return refuse(tx, AppError::NotFound).await;
    }
    with.sort_unstable();
    with.dedup();
    for p in &with {
        match case::participant(&mut tx, ok.case_id, *p).await? {
            Some(t) if t.removed => return refuse(tx, AppError::field("with", ErrorKey::ParticipantRemoved)).await,
            // Never an employer, whatever was posted.
            Some(t) if !t.role.may_receive(Category::Stigma) => {
                return refuse(tx, AppError::field("with", ErrorKey::ConcernNotForEmployer)).await
            }
            Some(_) => {}
            None => return refuse(tx, AppError::field("with", ErrorKey::ParticipantUnknown)).await,
        }
    }
    concerns::set_shares(&mut tx, id, &with, ok.now.at).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn set_plan(s: &PortalService, actor: &Account, case: CaseId, plan: DisclosurePlan) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::SetDisclosurePlan, None).await?;
    for (p, _) in &plan.comfort {
        if case::participant(&mut tx, ok.case_id, *p).await?.is_none_or(|t| t.removed) {
            return refuse(tx, AppError::field("comfort", ErrorKey::ParticipantUnknown)).await;
        }
    }
    concerns::set_plan(&mut tx, ok.case_id, &plan).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// One tap from a concern: a draft of the adjustment such concerns most
/// often lead to, with what would help copied in for the worker to edit.
#[tracing::instrument(skip_all)]
async fn adjustment_from(s: &PortalService, actor: &Account, case: CaseId, id: ConcernId) -> Result<AdjustmentId> {
    let tx = s.db.begin_write().await?;
    let (tx, ok) = authorize(s, tx, actor, case, Operation::ReadConcerns, None).await?;
    let (mut tx, _) = authorize(s, tx, actor, ok.case_id, Operation::WriteAdjustment, None).await?;
    let all = concerns::of_case(&mut tx, ok.case_id).await?;
    let Some(c) = all.into_iter().find(|c| c.id == id) else { return refuse(tx, AppError::NotFound).await };
    let text = AdjustmentText {
        kind: c.text.kind.suggested_adjustment(),
        help: c.text.helps.clone(),
        benefit: String::new(),
        from: None,
        until: None,
    };
    let new = work::insert(&mut tx, ok.case_id, &text, ok.now.at).await?;
    work::add_step(&mut tx, new, AdjustmentStep::Written, None, None, ok.now.at).await?;
    tx.commit().await?;
    Ok(new)
}

/// What a clinician sees of the concerns: with `stigma` visible, every
/// concern and the plan; otherwise the concerns shared with them by name.
/// Empty for an employer whatever is stored.
pub(crate) async fn seen_by(tx: &mut Tx, ok: &Allowed) -> Result<Option<SharedConcerns>> {
    let Some((p, role)) = ok.viewer else { return Ok(None) };
    if !role.may_receive(Category::Stigma) {
        return Ok(None);
    }
    let all = ok.visible.iter().any(|v| v.category == Category::Stigma);
    // The mental-health switch holds for concerns shared by name too.
    let blocked = tx.protection(ok.case_id).await?.blocks(p, Category::Stigma);
    let list = match (all, blocked) {
        (true, _) => concerns::of_case(tx, ok.case_id).await?,
        (false, false) => concerns::shared_with(tx, ok.case_id, p).await?,
        (false, true) => Vec::new(),
    };
    if list.is_empty() && !all {
        return Ok(None);
    }
    Ok(Some(SharedConcerns {
        concerns: list.into_iter().map(|c| c.text).collect(),
        plan: if all { Some(concerns::plan(tx, ok.case_id).await?) } else { None },
        names: if all { case::names(tx, ok.case_id).await? } else { Vec::new() },
    }))
}
