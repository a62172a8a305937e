//! The road back: each case's milestones from its country's rule set
//! (`domain::timeline`), their state, marks, and reminders. Who sees how
//! much of the road and who marks what are the permission table's
//! (`road_scope`, `marks`); the worker sees it all on My case and its own
//! page, a professional in the absence section of their page, the employer
//! their own part beside the adjustments.

use super::authz::{authorize, Allowed};
use super::{news, refuse, PortalService};
use crate::error::Result;
use crate::store::{access_log, case, timeline, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, TimelinePort};

#[async_trait::async_trait]
impl TimelinePort for PortalService {
    async fn road(&self, actor: &Account, c: CaseId) -> Result<RoadPage, AppError> {
        Ok(road_page(self, actor, c).await?)
    }
    async fn mark_milestone(&self, actor: &Account, c: CaseId, m: MarkRequest) -> Result<(), AppError> {
        Ok(mark(self, actor, c, m).await?)
    }
}

/// The road of `case` as `reader` (who sees `sees`; `me` when a
/// participant) may see it at `now`, or `None` when the table shows them
/// none.
pub(crate) async fn road_for(
    tx: &mut Tx,
    case: CaseId,
    now: Now,
    reader: Actor,
    me: Option<ParticipantId>,
    sees: &[Category],
) -> Result<Option<RoadView>> {
    let scope = road_scope(reader, sees);
    if scope == RoadScope::Nothing {
        return Ok(None);
    }
    let facts = timeline::road_facts(tx, case).await?;
    let marks = timeline::marks(tx, case).await?;
    let coordinator = match me {
        Some(p) => tx.coordinates(case, p).await?,
        None => false,
    };
    let day = |t: Timestamp| now.zone.local(t).map(|l| l.date());
    let seen = Seen {
        first_work_ability: facts.first_work_ability.and_then(day),
        plan_agreed: facts.plan_agreed.and_then(day),
    };
    let today = now.today();
    let lines = road(facts.country, facts.start, today, &marks, seen)
        .into_iter()
        .filter(|l| scope == RoadScope::Whole || rule_of(l.milestone).is_some_and(|r| r.employer_sees))
        .map(|l| MilestoneLine { may_mark: !l.date_only && marks_it(reader, l.responsible, coordinator, sees), ..l })
        .collect();
    Ok(Some(RoadView {
        country: facts.country,
        start: facts.start,
        today,
        position: position(facts.country, facts.start, today),
        lines,
        whole: scope == RoadScope::Whole,
    }))
}

/// The whole road, for the worker's My case.
pub(crate) async fn worker_road(tx: &mut Tx, case: CaseId, zone: Zone, at: Timestamp) -> Result<RoadView> {
    let road = road_for(tx, case, Now { at, zone }, Actor::Worker, None, &[]).await?;
    road.ok_or_else(|| AppError::NotFound.into())
}

fn marks_it(reader: Actor, responsible: Responsible, coordinator: bool, sees: &[Category]) -> bool {
    app::domain::marks(reader, responsible, coordinator, sees)
}

#[tracing::instrument(skip_all)]
async fn road_page(s: &PortalService, actor: &Account, case: CaseId) -> Result<RoadPage> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadTimeline, None).await?;
    let road = worker_road(&mut tx, ok.case_id, ok.now.zone, ok.now.at).await?;
    tx.commit().await?;
    Ok(RoadPage { case_id: ok.case_id, road })
}

#[tracing::instrument(skip_all, fields(milestone = %m.milestone))]
async fn mark(s: &PortalService, actor: &Account, case: CaseId, m: MarkRequest) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::MarkMilestone, None).await?;
    let facts = timeline::road_facts(&mut tx, ok.case_id).await?;
    let coordinator = match ok.acting {
        Some(p) => tx.coordinates(ok.case_id, p).await?,
        None => false,
    };
    // A milestone of another country's road, a date to know, or one that
    // is not this person's to mark: not there for them.
    let theirs = rules(facts.country)
        .iter()
        .find(|r| r.milestone == m.milestone)
        .is_some_and(|r| r.done != Done::DateOnly && marks_it(ok.actor, r.responsible, coordinator, &ok.acting_sees));
    if !theirs {
        return refuse(tx, AppError::NotFound).await;
    }
    if let Err(e) = m.check(facts.start, ok.now.today()) {
        // Nothing was marked, so nothing is logged as marked.
        tx.rollback().await?;
        return Err(AppError::Invalid(vec![e]).into());
    }
    timeline::mark(&mut tx, ok.case_id, &m, ok.acting, ok.now.at).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// Logs, in the caller's transaction, that the portal computed every due
/// date of `ok`'s case again (its start or country changed).
pub(crate) async fn recomputed(tx: &mut Tx, ok: &Allowed) -> Result<()> {
    let row = access_log::Entry {
        at: ok.now.at,
        actor: None,
        on_behalf_of: Some(ok.worker_id),
        role: "portal".into(),
        action: Operation::RecomputeTimeline,
        case_id: Some(ok.case_id),
        participant_id: None,
        category: Some(Category::Absence),
        purpose: None,
        grant_id: None,
        allowed: true,
    };
    tx.log(&row).await?;
    Ok(())
}

/// The reminder steps of a milestone on `today`: before its due date and
/// once it has passed (for two weeks, so a case started late does not
/// send reminders of long-gone steps).
fn reminder_step(due: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<&'static str> {
    let days = (due - today).num_days();
    match days {
        0..=REMIND_BEFORE_DAYS => Some("soon"),
        -14..=-1 => Some("overdue"),
        _ => None,
    }
}

/// Reminds the people responsible for milestones due soon or passed, in
/// every case: the neutral mail with a link, once per milestone, step and
/// due date, whichever instance claims it first (`milestone_reminders`).
/// Only those who may see the milestone hear of it; a done milestone, or a
/// date only to know, reminds nobody. Answers how many reminders went out.
pub async fn remind(s: &PortalService) -> Result<usize> {
    let mut c = s.db.pool().acquire().await?;
    let roads = timeline::all_roads(&mut c).await?;
    drop(c);
    let mut sent = 0;
    for (case_id, start, country, zone) in roads {
        let now = Now { at: s.now(), zone };
        let today = now.today();
        let due: Vec<(&Rule, chrono::NaiveDate, &str)> = rules(country)
            .iter()
            .filter(|r| r.done != Done::DateOnly)
            .filter_map(|r| {
                let d = due_date(r.due, start);
                reminder_step(d, today).map(|step| (r, d, step))
            })
            .collect();
        if due.is_empty() {
            continue;
        }
        sent += remind_case(s, case_id, now, &due).await?;
    }
    if sent > 0 {
        s.outbox_wake.notify_one();
    }
    Ok(sent)
}

async fn remind_case(
    s: &PortalService,
    case_id: CaseId,
    now: Now,
    due: &[(&Rule, chrono::NaiveDate, &str)],
) -> Result<usize> {
    let mut tx = s.db.begin_write().await?;
    let Some(owner) = case::row(&mut tx, case_id).await? else { return Ok(0) };
    // Back at work: the road has ended, nobody is reminded of it.
    if owner.closed_on.is_some() {
        return Ok(0);
    }
    let facts = timeline::road_facts(&mut tx, case_id).await?;
    let marks = timeline::marks(&mut tx, case_id).await?;
    let day = |t: Timestamp| now.zone.local(t).map(|l| l.date());
    let seen = Seen {
        first_work_ability: facts.first_work_ability.and_then(day),
        plan_agreed: facts.plan_agreed.and_then(day),
    };
    let state = road(facts.country, facts.start, now.today(), &marks, seen);
    let team = tx.team(case_id).await?;
    let open = tx.open_grants(case_id).await?;
    let protection = &owner.protection;
    let mut sent = 0;
    for (rule, due_on, step) in due {
        let done = state.iter().any(|l| l.milestone == rule.milestone && l.done.is_some());
        if done || !timeline::claim_reminder(&mut tx, case_id, rule.milestone, step, *due_on, now.at).await? {
            continue;
        }
        // Whoever is responsible and may see the milestone now.
        let mut to: Vec<(String, String)> = Vec::new();
        if rule.responsible == Responsible::Worker {
            to.push((case::worker_email(&mut tx, case_id).await?, format!("/case/{case_id}/road")));
        }
        for p in &team {
            let sees: Vec<Category> =
                visible(p.id, p.role, &open, protection, now).into_iter().map(|v| v.category).collect();
            let reader = Actor::Participant(p.role);
            let road = road_scope(reader, &sees);
            let shown = road == RoadScope::Whole || (road == RoadScope::EmployersPart && rule.employer_sees);
            if shown && marks_it(reader, rule.responsible, p.is_coordinator, &sees) {
                to.push((p.contact.email.as_str().to_string(), format!("/shared/{case_id}")));
            }
        }
        for (email, path) in &to {
            news::tell(s, &mut tx, email, path).await?;
        }
        // Logged like any access: the portal read the case to remind.
        let row = access_log::Entry {
            at: now.at,
            actor: None,
            on_behalf_of: Some(owner.worker_id),
            role: "portal".into(),
            action: Operation::RemindMilestone,
            case_id: Some(case_id),
            participant_id: None,
            category: Some(Category::Absence),
            purpose: None,
            grant_id: None,
            allowed: true,
        };
        access_log::append(&mut tx, &row).await?;
        sent += to.len();
    }
    tx.commit().await?;
    Ok(sent)
}
