//! `rtw-portal verify`: walks the access log's hash chain and reports the
//! first row that was changed, removed or reordered behind the portal's back.

use crate::store::{access_log, Db};

#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    /// Rows checked against the chain.
    pub chained: u64,
    /// Rows written before the chain existed (migration 0002).
    pub unchained: u64,
    /// The newest row's hash: record it elsewhere to detect a cut-off tail too.
    pub head: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Broken {
    #[error("access log row {id} was changed: its content does not match its hash")]
    Changed { id: i64 },
    #[error("access log row {id} does not follow the row before it: a row was removed, added or reordered")]
    Unlinked { id: i64 },
    #[error("access log row {id} has no hash although the chain had started")]
    Unhashed { id: i64 },
    #[error("cannot read the access log: {0}")]
    Database(String),
}

pub async fn verify(db: &Db) -> Result<Report, Broken> {
    let mut c = db.pool().acquire().await.map_err(|e| Broken::Database(e.to_string()))?;
    let mut report = Report { chained: 0, unchained: 0, head: access_log::GENESIS.to_string() };
    let mut after = app::domain::LogId(0);
    loop {
        let rows = access_log::page(&mut c, after, 1000).await.map_err(|e| Broken::Database(e.to_string()))?;
        let Some(last) = rows.last() else { return Ok(report) };
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
            if row.expected_hash(prev) != *hash {
                return Err(Broken::Changed { id: row.id.0 });
            }
            report.head = hash.clone();
            report.chained += 1;
        }
    }
}
