//! The worker's case: dates and care team.

use super::authz::{authorize, Operation};
use super::{internal, PortalService};
use crate::store::{accounts, cases, grants};
use app::domain::*;
use app::error::AppError;
use app::ports::Account;

pub async fn my_case(s: &PortalService, actor: &Account) -> Result<Option<CaseOverview>, AppError> {
    // A write transaction: reading the case appends to the access log.
    let mut tx = s.db.begin_write().await.map_err(internal)?;
    let Some(id) = cases::id_of_worker(&mut tx, actor.id).await.map_err(internal)? else {
        return Ok(None);
    };
    let (mut tx, ok) = authorize(s, tx, actor, id, Operation::ReadCase).await?;
    let dates = cases::dates(&mut tx, ok.case_id).await.map_err(internal)?;
    let mut participants = cases::participants(&mut tx, ok.case_id).await.map_err(internal)?;
    let open = grants::open(&mut tx, ok.case_id).await.map_err(internal)?;
    let protection = grants::protection(&mut tx, ok.case_id).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    let now = s.now_ms();
    for p in &mut participants {
        // The same rule that serves the participant decides the "can see" line.
        p.sees = visible(p.id, p.role, &open, &protection, now).into_iter().map(|v| v.category).collect();
        p.grants = open.iter().filter(|g| g.participant == p.id && g.in_force(now)).cloned().collect();
    }
    Ok(Some(CaseOverview { id: ok.case_id, dates, participants, protection }))
}

pub async fn start_case(s: &PortalService, actor: &Account, name: &str, dates: CaseDates) -> Result<CaseId, AppError> {
    let mut tx = s.db.begin_write().await.map_err(internal)?;
    // Starting twice (a double tap) returns the case already there.
    if let Some(id) = cases::id_of_worker(&mut tx, actor.id).await.map_err(internal)? {
        return Ok(id);
    }
    let id = cases::create(&mut tx, actor.id, &dates, s.now_ms()).await.map_err(internal)?;
    accounts::set_display_name(&mut tx, actor.id, name).await.map_err(internal)?;
    let (tx, _) = authorize(s, tx, actor, id, Operation::StartCase).await?;
    tx.commit().await.map_err(internal)?;
    Ok(id)
}

pub async fn change_dates(s: &PortalService, actor: &Account, case: CaseId, dates: CaseDates) -> Result<(), AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ChangeDates).await?;
    cases::set_dates(&mut tx, ok.case_id, &dates).await.map_err(internal)?;
    tx.commit().await.map_err(internal)
}

pub async fn add_participant(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: NewParticipant,
) -> Result<ParticipantId, AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AddParticipant).await?;
    let id = cases::add_participant(&mut tx, ok.case_id, &p, s.now_ms()).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(id)
}

pub async fn change_contact(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
    c: Contact,
) -> Result<(), AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, _) = authorize(s, tx, actor, case, Operation::ChangeContact(p)).await?;
    cases::set_contact(&mut tx, p, &c).await.map_err(internal)?;
    tx.commit().await.map_err(internal)
}

pub async fn remove_participant(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
) -> Result<(), AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::RemoveParticipant(p)).await?;
    let now = s.now_ms();
    cases::remove_participant(&mut tx, p, now).await.map_err(internal)?;
    // Someone who left the team keeps nothing: their grants end as revoked.
    for g in grants::open(&mut tx, ok.case_id).await.map_err(internal)?.iter().filter(|g| g.participant == p) {
        grants::end(&mut tx, g.id, "revoked", actor.id, now).await.map_err(internal)?;
    }
    tx.commit().await.map_err(internal)
}

pub async fn set_coordinator(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: Option<ParticipantId>,
) -> Result<(), AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::SetCoordinator(p)).await?;
    cases::set_coordinator(&mut tx, ok.case_id, p).await.map_err(internal)?;
    tx.commit().await.map_err(internal)
}
