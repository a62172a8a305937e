//! The road back: a case's country, its milestones marked done, and the
//! reminders sent. Due dates are computed, never stored.

use super::{date, parsed, Conn};
use app::domain::*;
use chrono::NaiveDate;
use sqlx::Row;

pub async fn set_country(c: &mut Conn, case: CaseId, country: Country) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET country = $1 WHERE id = $2").bind(country.id()).bind(case).execute(c).await?;
    Ok(())
}

pub async fn mark(
    c: &mut Conn,
    case: CaseId,
    m: &MarkRequest,
    by: Option<ParticipantId>,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO milestone_marks (case_id, milestone, done_on, participant_id, marked_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case)
    .bind(m.milestone.id())
    .bind(m.done_on.to_string())
    .bind(by)
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

/// Every mark of `case`, oldest first, with who marked it.
pub async fn marks(c: &mut Conn, case: CaseId) -> Result<Vec<Mark>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.milestone, m.done_on, m.participant_id, p.name, p.role FROM milestone_marks m
         LEFT JOIN participants p ON p.id = m.participant_id WHERE m.case_id = $1 ORDER BY m.id",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let by = match r.try_get::<Option<ParticipantId>, _>("participant_id")? {
                None => MarkedBy::Worker,
                Some(_) => {
                    MarkedBy::Participant { name: r.try_get("name")?, role: parsed(r.try_get("role")?, "role")? }
                }
            };
            Ok(Mark {
                milestone: parsed(r.try_get("milestone")?, "milestone")?,
                done_on: date(r.try_get("done_on")?)?,
                by,
            })
        })
        .collect()
}

/// What a case's road is computed from, in one statement (My case asks on
/// every view): the start, the country, and the two steps the portal sees
/// itself, read from the statements and plan tables: the first work-ability
/// statement by an occupational physician, and the first version of the
/// plan of action that both parties agreed to (when the second did).
pub struct RoadFacts {
    pub start: NaiveDate,
    pub country: Country,
    pub first_work_ability: Option<Timestamp>,
    pub plan_agreed: Option<Timestamp>,
}

pub async fn road_facts(c: &mut Conn, case: CaseId) -> Result<RoadFacts, sqlx::Error> {
    let r = sqlx::query(
        "SELECT c.sick_leave_start, c.country,
            (SELECT MIN(s.written_at) FROM statements s JOIN participants p ON p.id = s.author_id
             WHERE s.case_id = $1 AND s.kind = 'work_ability' AND p.role = 'occupational_physician') AS first_work_ability,
            (SELECT MIN(both_at) FROM (SELECT MAX(a.agreed_at) AS both_at FROM plan_agreements a
               JOIN plan_versions v ON v.id = a.version_id WHERE v.case_id = $1
               GROUP BY a.version_id HAVING COUNT(*) = 2) agreed) AS plan_agreed
         FROM cases c WHERE c.id = $1",
    )
    .bind(case)
    .fetch_one(c)
    .await?;
    Ok(RoadFacts {
        start: date(r.try_get("sick_leave_start")?)?,
        country: parsed(r.try_get("country")?, "country")?,
        first_work_ability: r.try_get("first_work_ability")?,
        plan_agreed: r.try_get("plan_agreed")?,
    })
}

/// Every case's start, country and zone, for the reminder job.
pub async fn all_roads(c: &mut Conn) -> Result<Vec<(CaseId, NaiveDate, Country, Zone)>, sqlx::Error> {
    let rows: Vec<(CaseId, String, String, String)> =
        sqlx::query_as("SELECT id, sick_leave_start, country, time_zone FROM cases ORDER BY id").fetch_all(c).await?;
    rows.into_iter()
        .map(|(id, start, country, zone)| {
            Ok((id, date(&start)?, parsed(&country, "country")?, parsed(&zone, "time zone")?))
        })
        .collect()
}

/// Claims the reminder of `milestone` at `step` for its `due` date: true
/// for the one caller, on any instance, whose row went in.
pub async fn claim_reminder(
    c: &mut Conn,
    case: CaseId,
    milestone: Milestone,
    step: &str,
    due: NaiveDate,
    at: Timestamp,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "INSERT INTO milestone_reminders (case_id, milestone, step, due, sent_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(case)
    .bind(milestone.id())
    .bind(step)
    .bind(due.to_string())
    .bind(at)
    .execute(c)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// The reminders already sent for `case`: (milestone, step, due).
pub async fn reminders(c: &mut Conn, case: CaseId) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT milestone, step, due FROM milestone_reminders WHERE case_id = $1")
        .bind(case)
        .fetch_all(c)
        .await
}
