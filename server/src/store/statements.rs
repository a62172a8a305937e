//! Statements, the worker's own views of them, and the advice items made
//! into drafts; all only ever added.

use super::{parsed, Conn};
use app::domain::*;
use sqlx::Row;

fn body_json(body: &StatementBody) -> Result<String, sqlx::Error> {
    serde_json::to_string(body).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

pub async fn insert(
    c: &mut Conn,
    case: CaseId,
    author: ParticipantId,
    body: &StatementBody,
    at: Timestamp,
) -> Result<StatementId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO statements (case_id, author_id, kind, body, written_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case)
    .bind(author)
    .bind(body.kind().id())
    .bind(body_json(body)?)
    .bind(at)
    .fetch_one(c)
    .await
}

/// Every entry of `case`, oldest first, with its author as the worker
/// entered them.
pub async fn of_case(c: &mut Conn, case: CaseId) -> Result<Vec<StoredStatement>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.author_id, p.name, p.role, s.body, s.written_at
         FROM statements s JOIN participants p ON p.id = s.author_id
         WHERE s.case_id = $1 ORDER BY s.id",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let body: String = r.try_get("body")?;
            Ok(StoredStatement {
                id: r.try_get("id")?,
                author: r.try_get("author_id")?,
                author_name: r.try_get("name")?,
                author_role: parsed(r.try_get("role")?, "role")?,
                body: serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                written_at: r.try_get("written_at")?,
            })
        })
        .collect()
}

/// The entry `id` of `case` (its kind and author), if it is there.
pub async fn author_of(
    c: &mut Conn,
    case: CaseId,
    id: StatementId,
) -> Result<Option<(StatementKind, ParticipantId)>, sqlx::Error> {
    let row: Option<(String, ParticipantId)> =
        sqlx::query_as("SELECT kind, author_id FROM statements WHERE id = $1 AND case_id = $2")
            .bind(id)
            .bind(case)
            .fetch_optional(c)
            .await?;
    row.map(|(k, a)| Ok((parsed(&k, "statement kind")?, a))).transpose()
}

/// The newest own view of each entry of `case`.
pub async fn own_views(c: &mut Conn, case: CaseId) -> Result<Vec<(StatementId, OwnView)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.statement_id, v.stance, v.words, v.written_at FROM own_views v
         JOIN statements s ON s.id = v.statement_id
         WHERE s.case_id = $1 AND v.id = (SELECT MAX(w.id) FROM own_views w WHERE w.statement_id = v.statement_id)",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("statement_id")?,
                OwnView {
                    stance: parsed(r.try_get("stance")?, "stance")?,
                    words: r.try_get("words")?,
                    written_at: r.try_get("written_at")?,
                },
            ))
        })
        .collect()
}

pub async fn add_own_view(
    c: &mut Conn,
    statement: StatementId,
    v: &OwnViewText,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO own_views (statement_id, stance, words, written_at) VALUES ($1, $2, $3, $4)")
        .bind(statement)
        .bind(v.stance.id())
        .bind(&v.words)
        .bind(at)
        .execute(c)
        .await?;
    Ok(())
}

/// The advice items of `case` made into drafts: (entry, item, draft).
pub async fn drafts(c: &mut Conn, case: CaseId) -> Result<Vec<(StatementId, i64, AdjustmentId)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.statement_id, d.item, d.adjustment_id FROM advice_drafts d
         JOIN statements s ON s.id = d.statement_id WHERE s.case_id = $1",
    )
    .bind(case)
    .fetch_all(c)
    .await
}

pub async fn add_draft(
    c: &mut Conn,
    statement: StatementId,
    item: usize,
    adjustment: AdjustmentId,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO advice_drafts (statement_id, item, adjustment_id) VALUES ($1, $2, $3)")
        .bind(statement)
        .bind(item as i64)
        .bind(adjustment)
        .execute(c)
        .await?;
    Ok(())
}

/// When the worker (`account`) last did `action` on `case` before `now`
/// (this request's own row, appended in a write, is at `now`): her last
/// visit of a page.
pub async fn last_visit(
    c: &mut Conn,
    case: CaseId,
    account: AccountId,
    action: Operation,
    now: Timestamp,
) -> Result<Option<Timestamp>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT at FROM access_log WHERE case_id = $1 AND actor_account_id = $2 AND action = $3
         AND outcome = 'allowed' AND at < $4 ORDER BY id DESC LIMIT 1",
    )
    .bind(case)
    .bind(account)
    .bind(action.id())
    .bind(now)
    .fetch_optional(c)
    .await
}

/// When participant `p` last opened `case` before `now`: the same for the
/// participant's own page and the worker's preview of it.
pub async fn last_view(
    c: &mut Conn,
    case: CaseId,
    p: ParticipantId,
    now: Timestamp,
) -> Result<Option<Timestamp>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT at FROM access_log WHERE case_id = $1 AND participant_id = $2 AND action = $3
         AND outcome = 'allowed' AND at < $4 ORDER BY id DESC LIMIT 1",
    )
    .bind(case)
    .bind(p)
    .bind(Operation::ViewShared.id())
    .bind(now)
    .fetch_optional(c)
    .await
}

/// How many entries of `case` were written since `account` last did
/// `action` there before `now`: `last_visit` and a count in one statement
/// (My case asks on every view).
pub async fn count_since_visit(
    c: &mut Conn,
    case: CaseId,
    account: AccountId,
    action: Operation,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM statements WHERE case_id = $1 AND written_at > COALESCE(
             (SELECT at FROM access_log WHERE case_id = $1 AND actor_account_id = $2 AND action = $3
              AND outcome = 'allowed' AND at < $4 ORDER BY id DESC LIMIT 1), 0)",
    )
    .bind(case)
    .bind(account)
    .bind(action.id())
    .bind(now)
    .fetch_one(c)
    .await
}
