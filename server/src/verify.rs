//! `rtw-portal verify`: walks the access log's hash chain and reports the
//! first row that was changed, removed or reordered behind the portal's
//! back; with the checkpoint (`checkpoint.rs`), also newest rows cut off.
//! It reports what it checked: rows under each key, rows from before the
//! chain was keyed, and the checkpoint it compared.

use crate::checkpoint::Checkpoint;
use crate::secrets::{ChainKey, Keys};
use crate::store::{access_log, Db};
use std::collections::BTreeMap;

#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    /// Rows checked against the chain.
    pub chained: u64,
    /// Rows written before the chain existed (migration 0002).
    pub unchained: u64,
    /// Chained rows from before the chain was keyed (plain SHA-256).
    pub plain: u64,
    /// Chained rows under each key, by the key's id.
    pub by_key: BTreeMap<String, u64>,
    /// The newest row's hash.
    pub head: String,
    /// The newest chained row's id (0 when there is none).
    pub head_id: i64,
    /// The checkpoint compared, when there was one.
    pub checkpoint: Option<Checkpoint>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Broken {
    #[error("access log row {id} was changed: its content does not match its hash")]
    Changed { id: i64 },
    #[error("access log row {id} does not follow the row before it: a row was removed, added or reordered")]
    Unlinked { id: i64 },
    #[error("access log row {id} has no hash although the chain had started")]
    Unhashed { id: i64 },
    #[error("access log row {id} has no key although the chain was keyed before it: it was rewritten")]
    Unkeyed { id: i64 },
    #[error("access log row {id} was chained with key {key}, which is not configured (list earlier keys after the current one in RTW_SECRET_KEY)")]
    UnknownKey { id: i64, key: String },
    #[error(
        "the {missing} newest access log rows are missing: the checkpoint of {at} counted {expected} chained rows \
         up to row {head_id}, the table has {found}"
    )]
    CutOff { missing: i64, expected: i64, found: i64, head_id: i64, at: String },
    #[error(
        "access log row {head_id} is not the row the checkpoint of {at} recorded (it counted {expected} chained \
         rows up to it, with another hash): the log was rewritten"
    )]
    NotTheCheckpoint { head_id: i64, expected: i64, at: String },
    #[error("{0}")]
    Checkpoint(String),
    #[error("cannot read the access log: {0}")]
    Database(String),
}

/// The chain with this process's key and no checkpoint (tests and tools).
pub async fn verify(db: &Db) -> Result<Report, Broken> {
    let key: &ChainKey = access_log::chain_key();
    let keys = [key.clone()];
    walk(db, &keys, None).await
}

/// The chain under `keys`, and the checkpoint at `path` when there is one.
pub async fn verify_with(db: &Db, keys: &Keys, checkpoint: &std::path::Path) -> Result<Report, Broken> {
    let cp = Checkpoint::read(checkpoint, keys).map_err(|e| Broken::Checkpoint(e.to_string()))?;
    walk(db, keys.chain_keys(), cp).await
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}

async fn walk(db: &Db, keys: &[ChainKey], cp: Option<Checkpoint>) -> Result<Report, Broken> {
    let mut c = db.pool().acquire().await.map_err(|e| Broken::Database(e.to_string()))?;
    let mut report = Report {
        chained: 0,
        unchained: 0,
        plain: 0,
        by_key: BTreeMap::new(),
        head: access_log::GENESIS.to_string(),
        head_id: 0,
        checkpoint: None,
    };
    let mut after = app::domain::LogId(0);
    let mut keyed = false;
    let mut checkpoint_seen = false;
    loop {
        let rows = access_log::page(&mut c, after, 1000).await.map_err(|e| Broken::Database(e.to_string()))?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for row in rows {
            let (Some(prev), Some(hash)) = (&row.prev_hash, &row.hash) else {
                if report.chained > 0 {
                    return Err(Broken::Unhashed { id: row.id.0 });
                }
                report.unchained += 1;
                continue;
            };
            if *prev != report.head {
                return Err(Broken::Unlinked { id: row.id.0 });
            }
            match (&row.key_id, keyed) {
                (None, true) => return Err(Broken::Unkeyed { id: row.id.0 }),
                (Some(_), _) => keyed = true,
                (None, false) => {}
            }
            match row.expected_hash(prev, keys) {
                Ok(expected) if expected == *hash => {}
                Ok(_) => return Err(Broken::Changed { id: row.id.0 }),
                Err(key) => return Err(Broken::UnknownKey { id: row.id.0, key }),
            }
            report.head = hash.clone();
            report.head_id = row.id.0;
            report.chained += 1;
            match &row.key_id {
                Some(k) => *report.by_key.entry(k.clone()).or_default() += 1,
                None => report.plain += 1,
            }
            if let Some(cp) = cp.as_ref().filter(|cp| cp.head_id == row.id) {
                checkpoint_seen = true;
                if cp.head != *hash || cp.rows != report.chained as i64 {
                    return Err(Broken::NotTheCheckpoint { head_id: cp.head_id.0, expected: cp.rows, at: when(cp.at) });
                }
            }
        }
    }
    if let Some(cp) = &cp {
        if !checkpoint_seen {
            // The checkpointed row is gone, and with it every row after the
            // last one left (the chain up to that one held).
            let found = report.chained as i64;
            let at = when(cp.at);
            if found >= cp.rows {
                return Err(Broken::NotTheCheckpoint { head_id: cp.head_id.0, expected: cp.rows, at });
            }
            return Err(Broken::CutOff {
                missing: cp.rows - found,
                expected: cp.rows,
                found,
                head_id: cp.head_id.0,
                at,
            });
        }
    }
    report.checkpoint = cp;
    Ok(report)
}

impl Report {
    /// What `rtw-portal verify` prints: what was checked, and how.
    pub fn describe(&self, keys: &Keys, checkpoint: &std::path::Path) -> String {
        let mut out = format!("access log intact: {} rows checked\n", self.chained + self.unchained);
        for (i, k) in keys.chain_keys().iter().enumerate() {
            let n = self.by_key.get(k.id()).copied().unwrap_or(0);
            let which = if i == 0 { "the current key" } else { "an earlier key" };
            out +=
                &format!("  {n} chained under key {} ({which}): HMAC-SHA256, each linked to the one before\n", k.id());
        }
        if self.plain > 0 {
            out += &format!("  {} chained before the chain was keyed (plain SHA-256)\n", self.plain);
        }
        if self.unchained > 0 {
            out += &format!("  {} from before the chain (not chained)\n", self.unchained);
        }
        out += &format!("  newest chained row: {} (hash {})\n", self.head_id, self.head);
        match &self.checkpoint {
            Some(cp) => {
                out += &format!(
                    "checkpoint {}: {} chained rows up to row {}, written {}, signed with key {}: matches; {} rows since\n",
                    checkpoint.display(),
                    cp.rows,
                    cp.head_id.0,
                    when(cp.at),
                    cp.key_id,
                    self.chained as i64 - cp.rows
                );
            }
            None => {
                out += &format!(
                    "no checkpoint at {}: newest rows cut off could not be told (a running server writes one \
                     every second)\n",
                    checkpoint.display()
                );
            }
        }
        out
    }
}
