//! The access log's newest position, kept outside the database: how many
//! chained rows there were, up to which row, and that row's hash, signed
//! with the chain's key. A chain alone cannot show that its newest rows
//! were cut off (what remains still links); a checkpoint that counted them
//! can, and without the key nobody can write a checkpoint that agrees with
//! a shortened table.
//!
//! It is a file (`RTW_LOG_CHECKPOINT`, by default `access-log.checkpoint` in
//! `RTW_DATA_DIR`, beside the embedded database), not a second table or
//! database: the point is to hold it where the people who can write the
//! database cannot, and a second store on the same server, reached with the
//! same credentials and restored from the same backups, would fall with
//! the first. On PostgreSQL each instance keeps its own file in its data
//! directory; every one of them covers the whole chain up to when it was
//! written.
//!
//! A running server advances it about once a second (`run`): it reads only
//! the links (id, previous hash, hash) of the rows after the last
//! checkpoint, checks that they continue the chain from it, and only then
//! writes the new position (to a temporary file, synced, then renamed). A
//! table that no longer continues from the checkpoint is logged as an error
//! and the checkpoint is never moved back, so the evidence stays. It is
//! written only after the rows it counts were committed, so a crash leaves
//! it behind the database, never ahead.
//!
//! Each row's hash under the key is left to `verify`, which checks every
//! row up to the checkpoint: a row changed before the checkpoint counted it
//! is found there all the same (its hash no longer matches its content,
//! and only the key makes one that does). Checking it here too cost a
//! page view with five log rows about 8 % of its CPU (`docs/PERFORMANCE.md`).

use crate::secrets::{ChainKey, Keys};
use crate::store::{access_log, Db};
use app::domain::LogId;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How often a running server moves the checkpoint forward.
pub const EVERY: Duration = Duration::from_secs(1);

const HEADER: &str = "rtw-portal access-log checkpoint v1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Chained rows up to and including `head_id`.
    pub rows: i64,
    pub head_id: LogId,
    /// Row `head_id`'s hash.
    pub head: String,
    /// When it was written (Unix milliseconds).
    pub at: i64,
    /// The chain key that signed it.
    pub key_id: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error("cannot read the checkpoint {0}: {1}")]
    Unreadable(String, String),
    #[error("the checkpoint {0} is not one rtw-portal wrote")]
    Malformed(String),
    #[error("the checkpoint {0} was signed with key {1}, which is not configured (RTW_SECRET_KEY)")]
    UnknownKey(String, String),
    #[error("the checkpoint {0} was changed: its signature does not match")]
    Forged(String),
}

impl Checkpoint {
    fn body(&self) -> String {
        format!(
            "{HEADER}\nrows: {}\nhead_id: {}\nhead: {}\nat: {}\nkey: {}\n",
            self.rows, self.head_id.0, self.head, self.at, self.key_id
        )
    }

    fn signed(&self, key: &ChainKey) -> String {
        let body = self.body();
        format!("{body}mac: {}\n", key.mac(["checkpoint", body.as_str()]))
    }

    /// Reads and checks the file at `path`; `Ok(None)` when there is none.
    pub fn read(path: &Path, keys: &Keys) -> Result<Option<Checkpoint>, CheckpointError> {
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(CheckpointError::Unreadable(shown, e.to_string())),
        };
        let malformed = || CheckpointError::Malformed(shown.clone());
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(malformed());
        }
        let mut field = |name: &str| -> Result<String, CheckpointError> {
            let line = lines.next().ok_or_else(malformed)?;
            line.strip_prefix(name).and_then(|l| l.strip_prefix(": ")).map(str::to_string).ok_or_else(malformed)
        };
        let rows = field("rows")?.parse().map_err(|_| malformed())?;
        let head_id = LogId(field("head_id")?.parse().map_err(|_| malformed())?);
        let head = field("head")?;
        let at = field("at")?.parse().map_err(|_| malformed())?;
        let key_id = field("key")?;
        let mac = field("mac")?;
        let cp = Checkpoint { rows, head_id, head, at, key_id };
        let key = keys.chain_keys().iter().find(|k| k.id() == cp.key_id);
        let Some(key) = key else { return Err(CheckpointError::UnknownKey(shown, cp.key_id)) };
        if cp.signed(key) != format!("{}mac: {mac}\n", cp.body()) {
            return Err(CheckpointError::Forged(shown));
        }
        Ok(Some(cp))
    }

    /// Writes it, signed with `key`: a temporary file, synced, renamed over
    /// the old one (a crash leaves the old or the new, whole).
    pub fn write(&self, path: &Path, key: &ChainKey) -> std::io::Result<()> {
        use std::io::Write;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        // A name of its own: instances sharing a data directory never write
        // into each other's temporary file.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(format!(".{}.{n}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp);
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(self.signed(key).as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    }
}

/// Why the checkpoint was not moved.
#[derive(Debug, thiserror::Error)]
pub enum Stalled {
    #[error("the access log no longer continues from its checkpoint: {0}")]
    Broken(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("cannot write the checkpoint: {0}")]
    Io(#[from] std::io::Error),
}

/// Moves the checkpoint to the newest row, after a command that wrote to
/// the log outside a server (`seed-demo`, the scale seeder, a shutdown).
pub async fn catch_up(db: &Db, keys: &Keys, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let last = Checkpoint::read(path, keys)?;
    advance(db, keys, path, last, chrono::Utc::now().timestamp_millis()).await?;
    Ok(())
}

/// One step: the rows after `last` (or, with none yet, the table as it is
/// now) are checked to continue the chain, and the checkpoint moved to the
/// newest of them. Returns the checkpoint now on disk.
pub async fn advance(
    db: &Db,
    keys: &Keys,
    path: &Path,
    last: Option<Checkpoint>,
    now: i64,
) -> Result<Option<Checkpoint>, Stalled> {
    let mut c = db.pool().acquire().await?;
    let Some(mut cp) = last else {
        // No checkpoint yet: the first one records the table as it is
        // (`verify` checks everything before it).
        let Some((head_id, head, rows)) = access_log::head(&mut c).await? else { return Ok(None) };
        let cp = Checkpoint { rows, head_id, head, at: now, key_id: keys.chain().id().to_string() };
        cp.write(path, keys.chain())?;
        return Ok(Some(cp));
    };
    // The checkpointed row is still there, as it was.
    match access_log::hash_of(&mut c, cp.head_id).await? {
        Some(h) if h == cp.head => {}
        Some(_) => return Err(Stalled::Broken(format!("row {} was changed", cp.head_id.0))),
        None => return Err(Stalled::Broken(format!("row {} was removed", cp.head_id.0))),
    }
    let mut moved = false;
    loop {
        let links = access_log::links(&mut c, cp.head_id, 1000).await?;
        if links.is_empty() {
            break;
        }
        for (id, prev, hash) in links {
            let (Some(prev), Some(hash)) = (prev, hash) else {
                return Err(Stalled::Broken(format!("row {} has no hash", id.0)));
            };
            if prev != cp.head {
                return Err(Stalled::Broken(format!("row {} does not follow row {}", id.0, cp.head_id.0)));
            }
            cp.rows += 1;
            cp.head_id = id;
            cp.head = hash;
            moved = true;
        }
    }
    if moved {
        cp.at = now;
        cp.key_id = keys.chain().id().to_string();
        cp.write(path, keys.chain())?;
    }
    Ok(Some(cp))
}

/// A server's checkpointer: moves the checkpoint about once a second,
/// forever. A broken chain is logged once (and again only if it changes);
/// the checkpoint then stays where it was, as evidence.
pub async fn run(db: Db, keys: Keys, path: PathBuf, clock: std::sync::Arc<dyn crate::services::Clock>) {
    let mut last = match Checkpoint::read(&path, &keys) {
        Ok(cp) => cp,
        Err(e) => {
            tracing::error!(error = %e, "the access log's checkpoint cannot be used: it is left as it is");
            return;
        }
    };
    let mut reported = String::new();
    loop {
        let now = clock.now().timestamp_millis();
        match advance(&db, &keys, &path, last.clone(), now).await {
            Ok(cp) => {
                last = cp;
                reported.clear();
            }
            Err(e) => {
                let said = e.to_string();
                if said != reported {
                    match e {
                        Stalled::Broken(_) => tracing::error!(error = %said, "access log checkpoint stopped"),
                        _ => tracing::warn!(error = %said, "access log checkpoint not moved"),
                    }
                    reported = said;
                }
            }
        }
        tokio::time::sleep(EVERY).await;
    }
}
