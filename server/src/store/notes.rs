//! Notes between care professionals; only ever added.

use super::{parsed, Conn};
use app::domain::*;
use sqlx::Row;

pub async fn insert(
    c: &mut Conn,
    case: CaseId,
    from: ParticipantId,
    n: &NoteText,
    at: Timestamp,
) -> Result<NoteId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO notes (case_id, from_id, to_id, text, written_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case)
    .bind(from)
    .bind(n.to)
    .bind(&n.text)
    .bind(at)
    .fetch_one(c)
    .await
}

/// The notes of `case`, newest first; only those from or to `p` when given.
pub async fn of_case(c: &mut Conn, case: CaseId, p: Option<ParticipantId>) -> Result<Vec<Note>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT n.id, n.from_id, f.name AS from_name, f.role AS from_role, n.to_id, t.name AS to_name,
                t.role AS to_role, n.text, n.written_at
         FROM notes n JOIN participants f ON f.id = n.from_id JOIN participants t ON t.id = n.to_id
         WHERE n.case_id = $1 AND ($2 IS NULL OR n.from_id = $2 OR n.to_id = $2)
         ORDER BY n.id DESC",
    )
    .bind(case)
    .bind(p)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Note {
                id: r.try_get("id")?,
                from: r.try_get("from_id")?,
                from_name: r.try_get("from_name")?,
                from_role: parsed(r.try_get("from_role")?, "role")?,
                to: r.try_get("to_id")?,
                to_name: r.try_get("to_name")?,
                to_role: parsed(r.try_get("to_role")?, "role")?,
                text: r.try_get("text")?,
                written_at: r.try_get("written_at")?,
            })
        })
        .collect()
}
