//! Grants and the mental-health switch. Rows are never deleted: revoking or
//! replacing a grant sets `ended_at`, so the history stays complete.

use super::{date, parsed, Conn};
use app::domain::*;
use chrono::NaiveDate;
use sqlx::Row;

pub(super) fn open_grant(r: &sqlx::any::AnyRow) -> Result<Grant, sqlx::Error> {
    Ok(Grant {
        id: r.try_get("id")?,
        participant: r.try_get("participant_id")?,
        category: parsed(r.try_get("category")?, "category")?,
        purpose: parsed(r.try_get("purpose")?, "purpose")?,
        from: date(r.try_get("valid_from")?)?,
        until: r.try_get::<Option<String>, _>("valid_until")?.as_deref().map(date).transpose()?,
    })
}

/// Grants of `case` not revoked or replaced (expired ones included: the rule
/// decides whether each is still in force).
pub async fn open(c: &mut Conn, case: CaseId) -> Result<Vec<Grant>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, participant_id, category, purpose, valid_from, valid_until FROM grants
         WHERE case_id = $1 AND ended_at IS NULL ORDER BY id",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter().map(open_grant).collect()
}

pub struct NewGrant {
    pub case: CaseId,
    pub participant: ParticipantId,
    pub category: Category,
    pub purpose: Purpose,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub by: AccountId,
    pub at: Timestamp,
}

pub async fn insert(c: &mut Conn, g: &NewGrant) -> Result<GrantId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO grants (case_id, participant_id, category, purpose, valid_from, valid_until, granted_at, granted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(g.case)
    .bind(g.participant)
    .bind(g.category.id())
    .bind(g.purpose.id())
    .bind(g.from.to_string())
    .bind(g.until.map(|d| d.to_string()))
    .bind(g.at)
    .bind(g.by)
    .fetch_one(c)
    .await
}

/// Ends an open grant; answers whether it was open.
pub async fn end(
    c: &mut Conn,
    grant: GrantId,
    reason: EndReason,
    by: AccountId,
    at: Timestamp,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE grants SET ended_at = $1, ended_by = $2, end_reason = $3 WHERE id = $4 AND ended_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(reason.id())
    .bind(grant)
    .execute(c)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Grants of `case`, newest first, older than `before` (the previous page's
/// last), at most `limit`, with the participant's name and role.
pub async fn history(
    c: &mut Conn,
    case: CaseId,
    before: Option<GrantId>,
    limit: i64,
) -> Result<Vec<GrantHistory>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT g.id, g.participant_id, g.category, g.purpose, g.valid_from, g.valid_until, g.granted_at,
                g.ended_at, g.end_reason, p.name, p.role
         FROM grants g JOIN participants p ON p.id = g.participant_id
         WHERE g.case_id = $1 AND g.id < $2 ORDER BY g.id DESC LIMIT $3",
    )
    .bind(case)
    .bind(before.map_or(i64::MAX, |g| g.0))
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let reason: Option<&str> = r.try_get("end_reason")?;
            let reason: Option<EndReason> = reason.map(|e| parsed(e, "end reason")).transpose()?;
            Ok(GrantHistory {
                grant: open_grant(r)?,
                name: r.try_get("name")?,
                role: parsed(r.try_get("role")?, "role")?,
                granted_at: r.try_get("granted_at")?,
                status: match (r.try_get::<Option<Timestamp>, _>("ended_at")?, reason) {
                    (Some(at), Some(EndReason::Replaced)) => GrantStatus::Replaced { at },
                    (Some(at), Some(EndReason::Revoked) | None) => GrantStatus::Revoked { at },
                    (None, _) => GrantStatus::InForce,
                },
            })
        })
        .collect()
}

pub async fn set_protection(c: &mut Conn, case: CaseId, p: &Protection) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET mh_protection = $1 WHERE id = $2")
        .bind(i64::from(p.on))
        .bind(case)
        .execute(&mut *c)
        .await?;
    sqlx::query("DELETE FROM protected_viewers WHERE case_id = $1").bind(case).execute(&mut *c).await?;
    for participant in &p.named {
        sqlx::query("INSERT INTO protected_viewers (case_id, participant_id) VALUES ($1, $2)")
            .bind(case)
            .bind(participant)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

/// Marks participant `p` of `case` as mental-health care, or not.
pub async fn set_marked(c: &mut Conn, case: CaseId, p: ParticipantId, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET mental_health_care = $1 WHERE id = $2 AND case_id = $3")
        .bind(i64::from(on))
        .bind(p)
        .bind(case)
        .execute(c)
        .await?;
    Ok(())
}
