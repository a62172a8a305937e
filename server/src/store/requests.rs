//! Information requests. A status changes only from `pending` (each update
//! names it), so an answer never lands twice.

use super::{category_ids, category_list, date, parsed, Conn};
use app::domain::*;
use chrono::NaiveDate;
use sqlx::Row;

const SELECT: &str = "SELECT q.id, q.from_participant, p.name, p.role, q.categories, q.purpose, q.why, q.until,
       q.status, q.approved, q.approved_until, q.asked_at, q.answered_at, q.expires_at
     FROM info_requests q JOIN participants p ON p.id = q.from_participant";

fn request(r: &sqlx::any::AnyRow) -> Result<InfoRequest, sqlx::Error> {
    Ok(InfoRequest {
        id: r.try_get("id")?,
        from: r.try_get("from_participant")?,
        from_name: r.try_get("name")?,
        from_role: parsed(r.try_get("role")?, "role")?,
        categories: category_list(r.try_get("categories")?)?,
        purpose: parsed(r.try_get("purpose")?, "purpose")?,
        why: r.try_get("why")?,
        until: date(r.try_get("until")?)?,
        status: parsed(r.try_get("status")?, "request status")?,
        approved: category_list(r.try_get("approved")?)?,
        approved_until: r.try_get::<Option<String>, _>("approved_until")?.as_deref().map(date).transpose()?,
        asked_at: r.try_get("asked_at")?,
        answered_at: r.try_get("answered_at")?,
        expires_at: r.try_get("expires_at")?,
    })
}

/// The requests of `case`, newest first; only `from`'s when given.
pub async fn of_case(c: &mut Conn, case: CaseId, from: Option<ParticipantId>) -> Result<Vec<InfoRequest>, sqlx::Error> {
    let rows = match from {
        Some(p) => {
            sqlx::query(&format!("{SELECT} WHERE q.case_id = $1 AND q.from_participant = $2 ORDER BY q.id DESC"))
                .bind(case)
                .bind(p)
                .fetch_all(c)
                .await?
        }
        None => {
            sqlx::query(&format!("{SELECT} WHERE q.case_id = $1 ORDER BY q.id DESC")).bind(case).fetch_all(c).await?
        }
    };
    rows.iter().map(request).collect()
}

pub async fn one(c: &mut Conn, case: CaseId, id: RequestId) -> Result<Option<InfoRequest>, sqlx::Error> {
    let row = sqlx::query(&format!("{SELECT} WHERE q.case_id = $1 AND q.id = $2"))
        .bind(case)
        .bind(id)
        .fetch_optional(c)
        .await?;
    row.as_ref().map(request).transpose()
}

pub async fn insert(
    c: &mut Conn,
    case: CaseId,
    from: ParticipantId,
    t: &InfoRequestText,
    until: NaiveDate,
    at: Timestamp,
) -> Result<RequestId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO info_requests (case_id, from_participant, categories, purpose, why, until, status, asked_at,
             expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) RETURNING id",
    )
    .bind(case)
    .bind(from)
    .bind(category_ids(&t.share.categories))
    .bind(t.share.purpose.id())
    .bind(&t.why)
    .bind(until.to_string())
    .bind(at)
    .bind(Timestamp(at.0 + REQUEST_OPEN_MS))
    .fetch_one(c)
    .await
}

/// Answers a pending request: `approved` empty means declined.
pub async fn answer(
    c: &mut Conn,
    id: RequestId,
    approved: &[Category],
    until: Option<chrono::NaiveDate>,
    at: Timestamp,
) -> Result<bool, sqlx::Error> {
    let status = if approved.is_empty() { RequestStatus::Declined } else { RequestStatus::Approved };
    let done = sqlx::query(
        "UPDATE info_requests SET status = $1, approved = $2, approved_until = $3, answered_at = $4
         WHERE id = $5 AND status = 'pending' AND expires_at > $4",
    )
    .bind(status.id())
    .bind(category_ids(approved))
    .bind(until.map(|d| d.to_string()))
    .bind(at)
    .bind(id)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A request that lapsed unanswered and whose people were not told yet.
pub struct Lapsed {
    pub id: RequestId,
    pub case_id: CaseId,
    pub from: ParticipantId,
}

/// Requests past their time, still pending, nobody told yet; oldest first.
pub async fn lapsed_untold(c: &mut Conn, now: Timestamp) -> Result<Vec<Lapsed>, sqlx::Error> {
    let rows: Vec<(RequestId, CaseId, ParticipantId)> = sqlx::query_as(
        "SELECT id, case_id, from_participant FROM info_requests
         WHERE status = 'pending' AND expires_at <= $1 AND lapse_told_at IS NULL ORDER BY expires_at, id",
    )
    .bind(now)
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().map(|(id, case_id, from)| Lapsed { id, case_id, from }).collect())
}

/// Marks a lapse told; answers whether this call did it (so two instances
/// never tell it twice).
pub async fn mark_lapse_told(c: &mut Conn, id: RequestId, at: Timestamp) -> Result<bool, sqlx::Error> {
    let n = sqlx::query("UPDATE info_requests SET lapse_told_at = $1 WHERE id = $2 AND lapse_told_at IS NULL")
        .bind(at)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected();
    Ok(n == 1)
}
