//! The access log: append-only (triggers refuse UPDATE and DELETE) and hash
//! chained, so a row changed or removed behind the portal's back is found
//! by `verify`.

use super::Conn;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The chain's first predecessor.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row of the access log, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: i64,
    pub actor: Option<i64>,
    pub on_behalf_of: Option<i64>,
    pub role: String,
    pub action: String,
    pub case_id: Option<i64>,
    pub participant_id: Option<i64>,
    pub category: Option<String>,
    pub purpose: Option<String>,
    pub grant_id: Option<i64>,
    pub allowed: bool,
}

impl Entry {
    /// The row's hash: SHA-256 over the previous hash and every field, each
    /// length-prefixed so no two different rows serialize alike.
    pub fn hash(&self, prev: &str) -> String {
        let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let fields = [
            prev.to_string(),
            self.at.to_string(),
            n(self.actor),
            n(self.on_behalf_of),
            self.role.clone(),
            self.action.clone(),
            n(self.case_id),
            n(self.participant_id),
            s(&self.category),
            s(&self.purpose),
            n(self.grant_id),
            self.outcome().to_string(),
        ];
        let mut h = Sha256::new();
        for f in fields {
            h.update((f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
        format!("{:x}", h.finalize())
    }

    pub fn outcome(&self) -> &'static str {
        if self.allowed {
            "allowed"
        } else {
            "denied"
        }
    }
}

const COLUMNS: &str =
    "id, at, actor_account_id, on_behalf_of, role, action, case_id, participant_id, category, purpose, grant_id, outcome, prev_hash, hash";

fn entry(r: &sqlx::any::AnyRow) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        at: r.try_get("at")?,
        actor: r.try_get("actor_account_id")?,
        on_behalf_of: r.try_get("on_behalf_of")?,
        role: r.try_get("role")?,
        action: r.try_get("action")?,
        case_id: r.try_get("case_id")?,
        participant_id: r.try_get("participant_id")?,
        category: r.try_get("category")?,
        purpose: r.try_get("purpose")?,
        grant_id: r.try_get("grant_id")?,
        allowed: r.try_get::<String, _>("outcome")? == "allowed",
    })
}

/// Appends `e` after the newest chained row, inside the caller's
/// transaction. On SQLite that transaction holds the write lock; on
/// PostgreSQL a transaction-scoped advisory lock orders appends from every
/// server instance. The unique index on `prev_hash` refuses a fork if an
/// append ever ran unordered.
pub async fn append(c: &mut Conn, e: &Entry) -> Result<(), sqlx::Error> {
    super::serialize(c, super::locks::ACCESS_LOG).await?;
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM access_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *c)
            .await?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_string());
    sqlx::query(
        "INSERT INTO access_log (at, actor_account_id, on_behalf_of, role, action, case_id, participant_id,
                                 category, purpose, grant_id, outcome, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(e.at)
    .bind(e.actor)
    .bind(e.on_behalf_of)
    .bind(&e.role)
    .bind(&e.action)
    .bind(e.case_id)
    .bind(e.participant_id)
    .bind(&e.category)
    .bind(&e.purpose)
    .bind(e.grant_id)
    .bind(e.outcome())
    .bind(&prev)
    .bind(e.hash(&prev))
    .execute(c)
    .await?;
    Ok(())
}

/// A stored row with its id and chain fields.
pub struct Stored {
    pub id: i64,
    pub entry: Entry,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

fn stored(r: &sqlx::any::AnyRow) -> Result<Stored, sqlx::Error> {
    Ok(Stored { id: r.try_get("id")?, entry: entry(r)?, prev_hash: r.try_get("prev_hash")?, hash: r.try_get("hash")? })
}

/// Rows of one case, newest first, optionally limited to a time window.
pub async fn for_case(
    c: &mut Conn,
    case: i64,
    from_ms: i64,
    until_ms: i64,
    limit: i64,
) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM access_log WHERE case_id = $1 AND at >= $2 AND at < $3 ORDER BY id DESC LIMIT $4"
    ))
    .bind(case)
    .bind(from_ms)
    .bind(until_ms)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(stored).collect()
}

/// Every row in id order, a page at a time, for `verify`.
pub async fn page(c: &mut Conn, after_id: i64, limit: i64) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM access_log WHERE id > $1 ORDER BY id LIMIT $2"))
        .bind(after_id)
        .bind(limit)
        .fetch_all(c)
        .await?;
    rows.iter().map(stored).collect()
}
