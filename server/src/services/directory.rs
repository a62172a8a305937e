//! The care-team directory: each participant's view of who is involved
//! (built into their page of the case and the worker's preview of it), and
//! the worker's settings of whom each one sees.

use super::authz::{authorize, involvement};
use super::{refuse, PortalService};
use crate::error::Result;
use crate::store::{directory, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, DirectoryPort};

#[async_trait::async_trait]
impl DirectoryPort for PortalService {
    async fn directory_settings(
        &self,
        actor: &Account,
        c: CaseId,
        v: ParticipantId,
    ) -> Result<DirectorySettings, AppError> {
        Ok(settings(self, actor, c, v).await?)
    }
    async fn set_directory(
        &self,
        actor: &Account,
        c: CaseId,
        v: ParticipantId,
        shown: Vec<ParticipantId>,
        contact: Option<CoordinatorContact>,
    ) -> Result<(), AppError> {
        Ok(set(self, actor, c, v, shown, contact).await?)
    }
}

async fn team(tx: &mut Tx, case: CaseId) -> Result<Vec<Member>> {
    Ok(tx
        .team(case)
        .await?
        .into_iter()
        .map(|p| Member { id: p.id, role: p.role, contact: p.contact, coordinator: p.is_coordinator })
        .collect())
}

/// The directory `viewer` sees now; for their page and the worker's preview.
pub(crate) async fn for_viewer(tx: &mut Tx, case: CaseId, viewer: ParticipantId) -> Result<Vec<DirectoryEntry>> {
    let team = team(tx, case).await?;
    let hidden = directory::hidden(tx, case).await?;
    let contact = tx.case(case).await?.coordinator_contact;
    let involvement = involvement(tx, case).await?;
    Ok(directory(viewer, &team, &hidden, contact, &involvement))
}

#[tracing::instrument(skip_all)]
async fn settings(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    viewer: ParticipantId,
) -> Result<DirectorySettings> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadDirectory, Some(viewer)).await?;
    let team = team(&mut tx, ok.case_id).await?;
    let hidden = directory::hidden(&mut tx, ok.case_id).await?;
    let contact = tx.case(ok.case_id).await?.coordinator_contact;
    let involvement = involvement(&mut tx, ok.case_id).await?;
    let Some(found) = DirectorySettings::of(viewer, &team, &hidden, contact, &involvement) else {
        return refuse(tx, AppError::NotFound).await;
    };
    tx.commit().await?;
    Ok(found)
}

#[tracing::instrument(skip_all)]
async fn set(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    viewer: ParticipantId,
    shown: Vec<ParticipantId>,
    contact: Option<CoordinatorContact>,
) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::SetDirectory, Some(viewer)).await?;
    let team = team(&mut tx, ok.case_id).await?;
    let all = directory::hidden(&mut tx, ok.case_id).await?;
    // Whom the switch holds back does not matter here: the worker's choice
    // is kept for when it no longer does.
    let Some(now) = DirectorySettings::of(viewer, &team, &all, CoordinatorContact::Nothing, &Involvement::default())
    else {
        return refuse(tx, AppError::NotFound).await;
    };
    // Only people this viewer could see can be shown; anyone else named is
    // not in their directory at all.
    if shown.iter().any(|p| !now.candidates.iter().any(|c| c.id == *p)) {
        return refuse(tx, AppError::field("shown", ErrorKey::ParticipantUnknown)).await;
    }
    let hidden: Vec<ParticipantId> = now.candidates.iter().map(|c| c.id).filter(|id| !shown.contains(id)).collect();
    directory::set_hidden(&mut tx, ok.case_id, viewer, &hidden).await?;
    if let Some(c) = contact {
        directory::set_coordinator_contact(&mut tx, ok.case_id, c).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    Ok(())
}
