//! The access log: append-only (triggers refuse UPDATE and DELETE) and hash
//! chained, so a row changed or removed behind the portal's back is found
//! by `verify`. The chain is an HMAC chain under a key outside the database
//! (`secrets::ChainKey`), each row naming its key, so whoever can write the
//! table cannot recompute it; rows written before the chain was keyed keep
//! their plain SHA-256 (and no key).

use super::Conn;
use crate::secrets::{ChainKey, Keys};
use app::domain::{AccountId, CaseId, Category, GrantId, LogId, Operation, ParticipantId, Purpose, Timestamp};
use sha2::{Digest, Sha256};
use sqlx::Row;

static CHAIN_KEY: std::sync::OnceLock<ChainKey> = std::sync::OnceLock::new();

/// Sets the key this process chains new rows with (the server's configured
/// one). Once per process; a later call with another key is refused.
pub fn install_chain_key(key: &ChainKey) -> Result<(), String> {
    let installed = CHAIN_KEY.get_or_init(|| key.clone());
    match installed.id() == key.id() {
        true => Ok(()),
        false => Err(format!("the access log is already chained with key {} in this process", installed.id())),
    }
}

/// The key new rows are chained with: the installed one, else this
/// process's own (tests and tools).
pub fn chain_key() -> &'static ChainKey {
    CHAIN_KEY.get_or_init(|| Keys::ephemeral().chain().clone())
}

/// The chain's first predecessor.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row of the access log, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: Timestamp,
    pub actor: Option<AccountId>,
    pub on_behalf_of: Option<AccountId>,
    /// The actor's role in the case (`permissions::Actor::id`).
    pub role: String,
    pub action: Operation,
    pub case_id: Option<CaseId>,
    pub participant_id: Option<ParticipantId>,
    pub category: Option<Category>,
    pub purpose: Option<Purpose>,
    pub grant_id: Option<GrantId>,
    pub allowed: bool,
}

impl Entry {
    /// The row's hash: HMAC-SHA256 under `key` over the previous hash,
    /// every field and the key's id.
    pub fn hash(&self, prev: &str, key: &ChainKey) -> String {
        keyed_hash(key, prev, &self.fields())
    }

    /// Each field as stored: ids as numbers, domain values as their ids.
    fn fields(&self) -> [String; 11] {
        fn text<T: ToString>(v: Option<T>) -> String {
            v.map(|v| v.to_string()).unwrap_or_default()
        }
        [
            self.at.0.to_string(),
            text(self.actor),
            text(self.on_behalf_of),
            self.role.clone(),
            self.action.id().to_string(),
            text(self.case_id),
            text(self.participant_id),
            text(self.category),
            text(self.purpose),
            text(self.grant_id),
            self.outcome().to_string(),
        ]
    }

    pub fn outcome(&self) -> &'static str {
        if self.allowed {
            "allowed"
        } else {
            "denied"
        }
    }
}

/// HMAC under `key` over the previous hash, the fields and the key's id,
/// each length-prefixed so no two different rows serialize alike.
fn keyed_hash(key: &ChainKey, prev: &str, fields: &[String; 11]) -> String {
    key.mac(std::iter::once(prev).chain(fields.iter().map(String::as_str)).chain([key.id()]))
}

/// The chain before it was keyed: SHA-256 over the previous hash and the
/// fields, each length-prefixed.
fn plain_hash(prev: &str, fields: &[String; 11]) -> String {
    let mut h = Sha256::new();
    for f in std::iter::once(prev).chain(fields.iter().map(String::as_str)) {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    format!("{:x}", h.finalize())
}

const COLUMNS: &str =
    "id, at, actor_account_id, on_behalf_of, role, action, case_id, participant_id, category, purpose, grant_id, outcome";

/// A stored row as the worker reads it, or `None` for an action this
/// version does not know (written by a newer instance during a rolling
/// deploy): one such row must not take the whole page down. `verify` reads
/// every row as raw text instead (`page`).
fn entry(r: &sqlx::any::AnyRow) -> Result<Option<Entry>, sqlx::Error> {
    let Ok(action) = r.try_get::<&str, _>("action")?.parse::<Operation>() else { return Ok(None) };
    Ok(Some(Entry {
        at: r.try_get("at")?,
        actor: r.try_get("actor_account_id")?,
        on_behalf_of: r.try_get("on_behalf_of")?,
        role: r.try_get("role")?,
        action,
        case_id: r.try_get("case_id")?,
        participant_id: r.try_get("participant_id")?,
        category: r.try_get::<Option<&str>, _>("category")?.and_then(|c| c.parse().ok()),
        purpose: r.try_get::<Option<&str>, _>("purpose")?.and_then(|p| p.parse().ok()),
        grant_id: r.try_get("grant_id")?,
        allowed: r.try_get::<String, _>("outcome")? == "allowed",
    }))
}

/// Appends `e` after the newest chained row, inside the caller's
/// transaction. On SQLite that transaction holds the write lock; on
/// PostgreSQL a transaction-scoped advisory lock orders appends from every
/// server instance. The unique index on `chain_position` refuses a fork if
/// an append ever ran unordered.
pub async fn append(c: &mut Conn, e: &Entry) -> Result<(), sqlx::Error> {
    append_all(c, std::slice::from_ref(e)).await
}

/// Appends `entries` in order, as `append` would one by one, in one INSERT:
/// the rows a read owes reach the chain in one statement.
pub async fn append_all(c: &mut Conn, entries: &[Entry]) -> Result<(), sqlx::Error> {
    if entries.is_empty() {
        return Ok(());
    }
    super::serialize(c, super::locks::ACCESS_LOG).await?;
    let newest: Option<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, hash, chain_position FROM access_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&mut *c)
    .await?;
    // A row from before positions continues from its id (ids only grow).
    let (mut position, mut prev) = match newest {
        Some((id, hash, position)) => (position.unwrap_or(id), hash),
        None => (0, GENESIS.to_string()),
    };
    let key = chain_key();
    // At most 15 × 256 parameters per statement, well under both databases' limits.
    const COLUMNS: usize = 15;
    // SQLite takes anonymous `?` in order: sqlx looks each numbered `$n` up
    // by name, a scan of all of the statement's names per parameter, which
    // for the 25 rows of a list of cases was 28 % of its CPU.
    let pg = super::is_postgres(c);
    for chunk in entries.chunks(256) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n: Vec<String> =
                    (1..=COLUMNS).map(|k| if pg { format!("${}", i * COLUMNS + k) } else { "?".to_string() }).collect();
                format!("({})", n.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO access_log (at, actor_account_id, on_behalf_of, role, action, case_id, participant_id,
                                     category, purpose, grant_id, outcome, prev_hash, hash, key_id,
                                     chain_position)
             VALUES {}",
            rows.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for e in chunk {
            let hash = e.hash(&prev, key);
            insert = insert
                .bind(e.at)
                .bind(e.actor)
                .bind(e.on_behalf_of)
                .bind(e.role.clone())
                .bind(e.action.id())
                .bind(e.case_id)
                .bind(e.participant_id)
                .bind(e.category.map(|c| c.id()))
                .bind(e.purpose.map(|p| p.id()))
                .bind(e.grant_id)
                .bind(e.outcome())
                .bind(prev)
                .bind(hash.clone())
                .bind(key.id())
                .bind(position + 1);
            prev = hash;
            position += 1;
        }
        insert.execute(&mut *c).await?;
    }
    Ok(())
}

/// A stored row with its id.
pub struct Stored {
    pub id: LogId,
    pub entry: Entry,
}

fn stored(r: &sqlx::any::AnyRow) -> Result<Option<Stored>, sqlx::Error> {
    match entry(r)? {
        Some(entry) => Ok(Some(Stored { id: r.try_get("id")?, entry })),
        None => Ok(None),
    }
}

/// Which rows of one case to read, newest first.
pub struct CaseQuery {
    pub case: CaseId,
    /// From this moment (inclusive) until that one (exclusive).
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Rows about this participant only.
    pub participant: Option<ParticipantId>,
    /// Leave out the worker's own rows (actor = the worker the row is for);
    /// the partial index `access_log_others` serves exactly this.
    pub others_only: bool,
    /// Rows older than this one: the next page.
    pub before: Option<LogId>,
    pub limit: i64,
}

/// One page of a case's rows, newest first. Every filter is in SQL, so a
/// page costs the same however long the case's log is.
pub async fn for_case(c: &mut Conn, q: &CaseQuery) -> Result<Vec<Stored>, sqlx::Error> {
    let mut sql = format!("SELECT {COLUMNS} FROM access_log WHERE case_id = $1 AND id < $2 AND at >= $3 AND at < $4");
    if q.others_only {
        sql.push_str(" AND actor_account_id IS DISTINCT FROM on_behalf_of");
    }
    if q.participant.is_some() {
        sql.push_str(" AND participant_id = $5 ORDER BY id DESC LIMIT $6");
    } else {
        sql.push_str(" ORDER BY id DESC LIMIT $5");
    }
    let mut query = sqlx::query(&sql)
        .bind(q.case)
        .bind(q.before.map_or(i64::MAX, |b| b.0))
        .bind(q.from.map_or(i64::MIN, |t| t.0))
        .bind(q.until.map_or(i64::MAX, |t| t.0));
    if let Some(p) = q.participant {
        query = query.bind(p);
    }
    let rows = query.bind(q.limit).fetch_all(c).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.extend(stored(r)?);
    }
    Ok(out)
}

/// The newest row of a case's log (`LogId(0)` when it has none): where a
/// download of the log stops, so pages read after it see one moment.
pub async fn last_of_case(c: &mut Conn, case: CaseId) -> Result<LogId, sqlx::Error> {
    let last: Option<LogId> =
        sqlx::query_scalar("SELECT MAX(id) FROM access_log WHERE case_id = $1").bind(case).fetch_one(c).await?;
    Ok(last.unwrap_or(LogId(0)))
}

/// One page of a case's rows oldest first, after `after` and up to `upto`
/// (inclusive): the log of a download, read a page at a time. Also the id
/// of the page's last row read, where the next page starts (`None`: no rows
/// left); rows of actions the worker does not read are left out of a page.
pub async fn for_case_after(
    c: &mut Conn,
    case: CaseId,
    after: LogId,
    upto: LogId,
    limit: i64,
) -> Result<(Vec<Stored>, Option<LogId>), sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM access_log WHERE case_id = $1 AND id > $2 AND id <= $3 ORDER BY id LIMIT $4");
    let rows = sqlx::query(&sql).bind(case).bind(after).bind(upto).bind(limit).fetch_all(c).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.extend(stored(r)?);
    }
    let last = match rows.last() {
        Some(r) => Some(r.try_get("id")?),
        None => None,
    };
    Ok((out, last))
}

/// A row exactly as stored, every field as text, for `verify`: a row
/// changed behind the portal's back may hold anything, and must still be
/// read to be found.
pub struct RawRow {
    pub id: LogId,
    fields: [String; 11],
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
    /// The key the row was chained with; `None` before the chain was keyed.
    pub key_id: Option<String>,
}

impl RawRow {
    /// What the row's hash should be, given its predecessor's: under the
    /// key it names, among `keys` (`Err` with the id when none is that key).
    pub fn expected_hash(&self, prev: &str, keys: &[ChainKey]) -> Result<String, String> {
        match &self.key_id {
            None => Ok(plain_hash(prev, &self.fields)),
            Some(id) => match keys.iter().find(|k| k.id() == id) {
                Some(key) => Ok(keyed_hash(key, prev, &self.fields)),
                None => Err(id.clone()),
            },
        }
    }
}

/// The links of the rows after `after_id` (id, previous hash, hash), in
/// id order, a page at a time, for the checkpoint.
pub async fn links(
    c: &mut Conn,
    after_id: LogId,
    limit: i64,
) -> Result<Vec<(LogId, Option<String>, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, prev_hash, hash FROM access_log WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after_id)
        .bind(limit)
        .fetch_all(c)
        .await
}

/// Every row in id order, a page at a time, for `verify`.
pub async fn page(c: &mut Conn, after_id: LogId, limit: i64) -> Result<Vec<RawRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, CAST(at AS TEXT) AS at, CAST(actor_account_id AS TEXT) AS actor, CAST(on_behalf_of AS TEXT) AS behalf,
                role, action, CAST(case_id AS TEXT) AS case_id, CAST(participant_id AS TEXT) AS participant,
                category, purpose, CAST(grant_id AS TEXT) AS grant_id, outcome, prev_hash, hash, key_id
         FROM access_log WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let text = |name: &str| -> Result<String, sqlx::Error> {
                Ok(r.try_get::<Option<String>, _>(name)?.unwrap_or_default())
            };
            Ok(RawRow {
                id: r.try_get("id")?,
                fields: [
                    text("at")?,
                    text("actor")?,
                    text("behalf")?,
                    text("role")?,
                    text("action")?,
                    text("case_id")?,
                    text("participant")?,
                    text("category")?,
                    text("purpose")?,
                    text("grant_id")?,
                    text("outcome")?,
                ],
                prev_hash: r.try_get("prev_hash")?,
                hash: r.try_get("hash")?,
                key_id: r.try_get("key_id")?,
            })
        })
        .collect()
}

/// The newest chained row: its id and hash, and how many chained rows the
/// table holds (a checkpoint's starting point when there is none yet).
pub async fn head(c: &mut Conn) -> Result<Option<(LogId, String, i64)>, sqlx::Error> {
    let newest: Option<(LogId, String)> =
        sqlx::query_as("SELECT id, hash FROM access_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *c)
            .await?;
    let Some((id, hash)) = newest else { return Ok(None) };
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log WHERE hash IS NOT NULL").fetch_one(c).await?;
    Ok(Some((id, hash, rows)))
}

/// The hash row `id` has now, if it is there.
pub async fn hash_of(c: &mut Conn, id: LogId) -> Result<Option<String>, sqlx::Error> {
    let h: Option<Option<String>> =
        sqlx::query_scalar("SELECT hash FROM access_log WHERE id = $1").bind(id).fetch_optional(c).await?;
    Ok(h.flatten())
}
