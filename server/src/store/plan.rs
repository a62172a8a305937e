//! The plan of action: versions, agreements and evaluations; only added.

use super::{date, parsed, Conn};
use app::domain::*;
use chrono::NaiveDate;
use sqlx::Row;

fn author(r: &sqlx::any::AnyRow) -> Result<PlanAuthor, sqlx::Error> {
    Ok(match r.try_get::<Option<ParticipantId>, _>("author_id")? {
        None => PlanAuthor::Worker,
        Some(_) => PlanAuthor::Participant { name: r.try_get("name")?, role: parsed(r.try_get("role")?, "role")? },
    })
}

fn ids(raw: &str) -> Result<Vec<AdjustmentId>, sqlx::Error> {
    raw.split(',').filter(|s| !s.is_empty()).map(|s| parsed(s, "adjustment id")).collect()
}

fn opt_date(raw: Option<String>) -> Result<Option<NaiveDate>, sqlx::Error> {
    raw.as_deref().map(date).transpose()
}

/// Every version of `case`'s plan, newest first, with its agreements.
pub async fn versions(c: &mut Conn, case: CaseId) -> Result<Vec<PlanVersion>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.id, v.goal, v.steps, v.case_manager, v.next_evaluation, v.adjustments, v.author_id, v.written_at,
                p.name, p.role,
                (SELECT agreed_at FROM plan_agreements a WHERE a.version_id = v.id AND a.party = 'worker') AS worker_agreed,
                (SELECT agreed_at FROM plan_agreements a WHERE a.version_id = v.id AND a.party = 'employer') AS employer_agreed
         FROM plan_versions v LEFT JOIN participants p ON p.id = v.author_id
         WHERE v.case_id = $1 ORDER BY v.id DESC",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PlanVersion {
                id: r.try_get("id")?,
                text: PlanText {
                    goal: parsed(r.try_get("goal")?, "plan goal")?,
                    steps: r.try_get("steps")?,
                    case_manager: r.try_get("case_manager")?,
                    next_evaluation: opt_date(r.try_get("next_evaluation")?)?,
                    adjustments: ids(r.try_get("adjustments")?)?,
                },
                author: author(r)?,
                written_at: r.try_get("written_at")?,
                worker_agreed: r.try_get("worker_agreed")?,
                employer_agreed: r.try_get("employer_agreed")?,
            })
        })
        .collect()
}

pub async fn insert_version(
    c: &mut Conn,
    case: CaseId,
    t: &PlanText,
    author: Option<ParticipantId>,
    at: Timestamp,
) -> Result<PlanVersionId, sqlx::Error> {
    let adjustments = t.adjustments.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(",");
    sqlx::query_scalar(
        "INSERT INTO plan_versions (case_id, goal, steps, case_manager, next_evaluation, adjustments, author_id, written_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(case)
    .bind(t.goal.id())
    .bind(&t.steps)
    .bind(&t.case_manager)
    .bind(t.next_evaluation.map(|d| d.to_string()))
    .bind(adjustments)
    .bind(author)
    .bind(at)
    .fetch_one(c)
    .await
}

/// Records `party`'s agreement to version `v` (once: agreeing again changes nothing).
pub async fn agree(c: &mut Conn, v: PlanVersionId, party: Party, at: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO plan_agreements (version_id, party, agreed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(v)
    .bind(party.id())
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

/// Every evaluation of `case`, newest first.
pub async fn evaluations(c: &mut Conn, case: CaseId) -> Result<Vec<Evaluation>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.id, e.text, e.next_evaluation, e.author_id, e.written_at, p.name, p.role
         FROM plan_evaluations e LEFT JOIN participants p ON p.id = e.author_id
         WHERE e.case_id = $1 ORDER BY e.id DESC",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Evaluation {
                id: r.try_get("id")?,
                author: author(r)?,
                text: EvaluationText {
                    text: r.try_get("text")?,
                    next_evaluation: opt_date(r.try_get("next_evaluation")?)?,
                },
                written_at: r.try_get("written_at")?,
            })
        })
        .collect()
}

pub async fn insert_evaluation(
    c: &mut Conn,
    case: CaseId,
    e: &EvaluationText,
    author: Option<ParticipantId>,
    at: Timestamp,
) -> Result<EvaluationId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO plan_evaluations (case_id, text, next_evaluation, author_id, written_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case)
    .bind(&e.text)
    .bind(e.next_evaluation.map(|d| d.to_string()))
    .bind(author)
    .bind(at)
    .fetch_one(c)
    .await
}
