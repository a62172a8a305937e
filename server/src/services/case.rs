//! The worker's case: dates and care team.

use super::authz::authorize;
use super::{refuse, PortalService};
use crate::error::Result;
use crate::store::{accounts, case, sharing, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, CasePort};

#[async_trait::async_trait]
impl CasePort for PortalService {
    async fn my_case(&self, actor: &Account) -> Result<Option<CaseOverview>, AppError> {
        Ok(my_case(self, actor).await?)
    }
    async fn case_home(&self, actor: &Account) -> Result<Option<CaseHome>, AppError> {
        Ok(case_home(self, actor).await?)
    }
    async fn start_case(&self, actor: &Account, name: &str, start: NewCase) -> Result<CaseId, AppError> {
        Ok(start_case(self, actor, name, start).await?)
    }
    async fn change_dates(
        &self,
        actor: &Account,
        c: CaseId,
        d: CaseDates,
        z: Option<Zone>,
        country: Option<Country>,
    ) -> Result<(), AppError> {
        Ok(change_dates(self, actor, c, d, z, country).await?)
    }
    async fn add_participant(&self, actor: &Account, c: CaseId, p: NewParticipant) -> Result<ParticipantId, AppError> {
        Ok(add_participant(self, actor, c, p).await?)
    }
    async fn change_contact(&self, actor: &Account, c: CaseId, p: ParticipantId, ct: Contact) -> Result<(), AppError> {
        Ok(change_contact(self, actor, c, p, ct).await?)
    }
    async fn remove_participant(&self, actor: &Account, c: CaseId, p: ParticipantId) -> Result<(), AppError> {
        Ok(remove_participant(self, actor, c, p).await?)
    }
    async fn set_coordinator(&self, actor: &Account, c: CaseId, p: Option<ParticipantId>) -> Result<(), AppError> {
        Ok(set_coordinator(self, actor, c, p).await?)
    }
    async fn close_case(&self, actor: &Account, c: CaseId, day: chrono::NaiveDate) -> Result<(), AppError> {
        Ok(close_case(self, actor, c, day).await?)
    }
    async fn reopen_case(&self, actor: &Account, c: CaseId) -> Result<(), AppError> {
        Ok(reopen_case(self, actor, c).await?)
    }
}

#[tracing::instrument(skip_all)]
async fn my_case(s: &PortalService, actor: &Account) -> Result<Option<CaseOverview>> {
    // A read: its access-log row is appended when it commits (`store::Tx`).
    let Some((tx, overview)) = overview_in(s, s.db.begin_read().await?, actor).await? else {
        return Ok(None);
    };
    tx.commit().await?;
    Ok(Some(overview))
}

/// My case in one read, so one log commit: the overview and everything
/// waiting for the worker, each area's part decided by its own row of the
/// table (and logged as such), put in order by `waiting_for_worker`.
#[tracing::instrument(skip_all)]
async fn case_home(s: &PortalService, actor: &Account) -> Result<Option<CaseHome>> {
    let Some((tx, case)) = overview_in(s, s.db.begin_read().await?, actor).await? else {
        return Ok(None);
    };
    let (tx, referrals) = super::referrals::list_in(s, tx, actor, case.id, Operation::ReadReferrals).await?;
    let (tx, requests) = super::requests::list_in(s, tx, actor, case.id, Operation::ReadRequests).await?;
    let (mut tx, ok) = authorize(s, tx, actor, case.id, Operation::ReadWork, None).await?;
    let adjustments = crate::store::work::of_case(&mut tx, ok.case_id).await?;
    let (mut tx, _) = authorize(s, tx, actor, case.id, Operation::ReadPlan, None).await?;
    let plan = super::plan::waiting_for_worker(&mut tx, case.id).await?;
    // Only a count: the entries themselves are on their own page.
    let new_statements =
        super::statements::new_since(&mut tx, case.id, actor.id, Operation::ReadStatements, s.now()).await?;
    let road = super::timeline::worker_road(&mut tx, case.id, case.zone, s.now()).await?;
    tx.commit().await?;
    let waiting = waiting_for_worker(&WaitingSources {
        today: ok.now.today(),
        zone: case.zone,
        referrals: &referrals.referrals,
        requests: &requests.requests,
        adjustments: &adjustments,
        plan: plan.as_ref(),
        new_statements,
        milestones: &road.lines,
    });
    Ok(Some(CaseHome { case, waiting, road }))
}

/// The worker's own case read in `tx`, or `None` when they have none.
async fn overview_in(s: &PortalService, mut tx: Tx, actor: &Account) -> Result<Option<(Tx, CaseOverview)>> {
    let Some(own) = tx.case_of_worker(actor.id).await? else {
        return Ok(None);
    };
    let (mut tx, ok) = authorize(s, tx, actor, own.id, Operation::ReadCase, None).await?;
    let mut participants = tx.team(ok.case_id).await?;
    let open = tx.open_grants(ok.case_id).await?;
    let protection = own.protection;
    let named = crate::store::concerns::shared_counts(&mut tx, ok.case_id).await?;
    for p in &mut participants {
        // The same rule that serves the participant decides the "can see" line.
        p.sees = visible(p.id, p.role, &open, &protection, ok.now).into_iter().map(|v| v.category).collect();
        p.grants = open.iter().filter(|g| g.participant == p.id && g.in_force(ok.now)).cloned().collect();
        let named = named.iter().find(|(q, _)| *q == p.id).map_or(0, |(_, n)| *n);
        p.named_concerns = if protection.blocks(p.id, Category::Stigma) { 0 } else { named as u32 };
    }
    let (dates, closed_on) = (own.dates, own.closed_on);
    Ok(Some((tx, CaseOverview { id: ok.case_id, dates, participants, protection, zone: ok.now.zone, closed_on })))
}

#[tracing::instrument(skip_all)]
async fn start_case(s: &PortalService, actor: &Account, name: &str, start: NewCase) -> Result<CaseId> {
    // The dates against today where the worker lives.
    start.dates.check(Now { at: s.now(), zone: start.zone }.today()).map_err(AppError::Invalid)?;
    let mut tx = s.db.begin_write().await?;
    // Starting twice (a double tap) returns the case already there.
    if let Some(own) = case::of_worker(&mut tx, actor.id).await? {
        return Ok(own.id);
    }
    let id = case::create(&mut tx, actor.id, &start.dates, start.zone, s.now()).await?;
    crate::store::timeline::set_country(&mut tx, id, start.country).await?;
    accounts::set_display_name(&mut tx, actor.id, name).await?;
    // Where she lives is the zone she reads times in, unless she chose one.
    accounts::set_time_zone(&mut tx, actor.id, start.zone, true).await?;
    let (tx, _) = authorize(s, tx, actor, id, Operation::StartCase, None).await?;
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(skip_all)]
async fn change_dates(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    dates: CaseDates,
    zone: Option<Zone>,
    country: Option<Country>,
) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ChangeDates, None).await?;
    // The dates against today where the worker lives (from now on).
    if let Err(e) = dates.check(Now { zone: zone.unwrap_or(ok.now.zone), ..ok.now }.today()) {
        return refuse(tx, AppError::Invalid(e)).await;
    }
    let before = tx.case(ok.case_id).await?;
    let before = (before.dates.sick_leave_start, before.country);
    case::set_dates(&mut tx, ok.case_id, &dates).await?;
    if let Some(zone) = zone {
        case::set_zone(&mut tx, ok.case_id, zone).await?;
    }
    if let Some(country) = country {
        crate::store::timeline::set_country(&mut tx, ok.case_id, country).await?;
    }
    let after = (dates.sick_leave_start, country.unwrap_or(before.1));
    if after != before {
        // Every due date follows from these two: the activity log says so.
        super::timeline::recomputed(&mut tx, &ok).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn add_participant(s: &PortalService, actor: &Account, case: CaseId, p: NewParticipant) -> Result<ParticipantId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AddParticipant, None).await?;
    if case::current_with_email(&mut tx, ok.case_id, &p.contact.email).await?.is_some() {
        return refuse(tx, AppError::field("email", ErrorKey::AlreadyInTeam)).await;
    }
    let id = case::add_participant(&mut tx, ok.case_id, &p, ok.now.at).await?;
    // They hear of it: the neutral mail, linking their view of the case
    // (which shows what the worker shares with them: nothing yet).
    super::news::tell(s, &mut tx, p.contact.email.as_str(), &format!("/shared/{}", ok.case_id)).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(id)
}

#[tracing::instrument(skip_all)]
async fn change_contact(s: &PortalService, actor: &Account, case: CaseId, p: ParticipantId, c: Contact) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ChangeContact, Some(p)).await?;
    if case::current_with_email(&mut tx, ok.case_id, &c.email).await?.is_some_and(|other| other != p) {
        let field = format!("{}.email", contact_prefix(p));
        return refuse(tx, AppError::Invalid(vec![FieldError::new(&field, ErrorKey::AlreadyInTeam)])).await;
    }
    case::set_contact(&mut tx, p, &c).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn remove_participant(s: &PortalService, actor: &Account, case: CaseId, p: ParticipantId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::RemoveParticipant, Some(p)).await?;
    case::remove_participant(&mut tx, p, ok.now.at).await?;
    // Someone who left the team keeps nothing: their grants end as revoked.
    for g in tx.open_grants(ok.case_id).await?.iter().filter(|g| g.participant == p) {
        sharing::end(&mut tx, g.id, EndReason::Revoked, actor.id, ok.now.at).await?;
    }
    crate::store::concerns::unshare_all(&mut tx, p).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn set_coordinator(s: &PortalService, actor: &Account, case: CaseId, p: Option<ParticipantId>) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::SetCoordinator, p).await?;
    case::set_coordinator(&mut tx, ok.case_id, p).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// Back at work since `day` (between the sick leave's start and today):
/// every grant ends now and every concern shared by name is unshared, so
/// a reopened case starts with nothing shared; the team then sees only
/// that the case is closed (`while_closed`).
#[tracing::instrument(skip_all)]
async fn close_case(s: &PortalService, actor: &Account, case: CaseId, day: chrono::NaiveDate) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::CloseCase, None).await?;
    if day > ok.now.today() {
        return refuse(tx, AppError::field("closed_on", ErrorKey::DateInFuture)).await;
    }
    if day < tx.case(ok.case_id).await?.dates.sick_leave_start {
        return refuse(tx, AppError::field("closed_on", ErrorKey::DoneBeforeStart)).await;
    }
    close_in(&mut tx, ok.case_id, actor, ok.now.at, day).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// Closes `case` on `day` in `tx`: every grant ends now and every concern
/// shared by name is unshared, so nothing stays shared (also when the worker
/// asks for erasure).
pub(crate) async fn close_in(
    tx: &mut Tx,
    case: CaseId,
    actor: &Account,
    now: Timestamp,
    day: chrono::NaiveDate,
) -> Result<()> {
    for g in tx.open_grants(case).await? {
        sharing::end(tx, g.id, EndReason::Revoked, actor.id, now).await?;
    }
    for p in tx.team(case).await? {
        crate::store::concerns::unshare_all(tx, p.id).await?;
    }
    case::set_closed(tx, case, Some(day)).await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
async fn reopen_case(s: &PortalService, actor: &Account, case: CaseId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReopenCase, None).await?;
    // Asked to be erased: she keeps it first (on "Your record").
    if tx.case_row(ok.case_id).await?.is_some_and(|r| r.erasure_due.is_some()) {
        return refuse(tx, AppError::field("case", ErrorKey::ErasurePending)).await;
    }
    case::set_closed(&mut tx, ok.case_id, None).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}
