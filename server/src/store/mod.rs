//! Persistence: the pool, migrations, and one module of queries per table
//! group. Queries take a connection so services decide the transactions.
//!
//! One code path serves both databases through sqlx's `Any` driver: queries
//! use numbered placeholders (`$1`), BIGINT times and TEXT dates, which
//! SQLite and PostgreSQL read alike. Where they must differ (transaction
//! start, locking, pragmas, the migrations themselves) `Backend` says which.

pub mod access_log;
pub mod accounts;
pub mod case;
pub mod concerns;
pub mod directory;
mod group_commit;
pub mod invitations;
pub mod joining;
pub mod kept;
mod looked;
pub mod notes;
pub mod oidc;
pub mod outbox;
pub mod passkeys;
pub mod plan;
pub mod record;
pub mod referrals;
pub mod requests;
pub mod retention;
pub mod sharing;
pub mod sign_in;
pub mod statements;
pub mod timeline;
pub mod work;

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyConnection, AnyPool, Connection as _, Executor, Transaction};
use std::time::Duration;

pub type Conn = AnyConnection;

/// A transaction: one writer's turn in the process's batch
/// (`group_commit`), or a read. It reads and writes as the connection it
/// holds; `commit` ends it (a write: once its batch is durable), and
/// dropping it rolls it back.
///
/// A read (`Db::begin_read`) sees one snapshot, beside the writers and the
/// other readers, and cannot write. The access-log rows it owes (`log`)
/// wait in it; `commit` appends them in a write turn of their own and
/// returns once they are durable, so the caller answers only after its rows
/// are committed (promise 5), and a read that fails or is dropped before
/// `commit` logs nothing and shows nothing.
pub struct Tx(TxKind);

enum TxKind {
    Batched(group_commit::Turn),
    Read {
        tx: Transaction<'static, Any>,
        db: Db,
        owed: Vec<access_log::Entry>,
        /// What it has already looked up about its case (`looked.rs`);
        /// boxed, so a write's `Tx` stays small.
        looked: Box<looked::Looked>,
    },
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            TxKind::Batched(turn) => turn.commit().await,
            TxKind::Read { tx, db, owed, .. } => {
                // The snapshot ends first: the pool connection is free
                // again while the rows wait for their turn.
                tx.rollback().await?;
                if owed.is_empty() {
                    return Ok(());
                }
                db.batches.append(owed).await
            }
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.0 {
            TxKind::Read { tx, .. } => tx.rollback().await,
            TxKind::Batched(turn) => turn.rollback().await,
        }
    }

    /// Logs `e`: appended now in a write, owed until `commit` in a read.
    pub async fn log(&mut self, e: &access_log::Entry) -> Result<(), sqlx::Error> {
        match &mut self.0 {
            TxKind::Read { owed, .. } => {
                owed.push(e.clone());
                Ok(())
            }
            _ => access_log::append(self, e).await,
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        match &self.0 {
            TxKind::Read { tx, .. } => tx,
            TxKind::Batched(turn) => turn.conn(),
        }
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        match &mut self.0 {
            TxKind::Read { tx, .. } => tx,
            TxKind::Batched(turn) => turn.conn_mut(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://")]
    UnknownBackend,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "PostgreSQL does not make commits durable ({setting} = {value}): a consent or a log row \
         could be lost in a crash. Set {setting} = on, or use another server."
    )]
    NotDurable { setting: &'static str, value: String },
}

/// Pool settings from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    pub max_connections: u32,
    /// PostgreSQL `statement_timeout`; SQLite waits this long for a lock.
    pub statement_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings { max_connections: 8, statement_timeout: Duration::from_secs(5) }
    }
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// The writers of this process take turns in one batch after another,
    /// each batch committed with one fsync (`group_commit`). They wait in
    /// order in the process, never in SQLite's busy handler, which sleeps and
    /// polls; on PostgreSQL a batch holds the chain's lock, which orders the
    /// log appends of every instance.
    batches: group_commit::GroupCommit,
    /// Where reads run (`begin_read`): on SQLite a pool of read-only
    /// connections (WAL lets them read beside the writer); on PostgreSQL
    /// the pool itself. `None` for an in-memory SQLite database, which one
    /// pool alone sees: its reads take a write turn.
    reads: Option<AnyPool>,
}

impl Db {
    /// Opens the database at `url` (creating a SQLite file if missing),
    /// applies migrations, and on PostgreSQL refuses a server whose commits
    /// are not durable.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        Self::open_with(url, PoolSettings { max_connections, ..PoolSettings::default() }).await
    }

    pub async fn open_with(url: &str, settings: PoolSettings) -> Result<Self, OpenError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or(OpenError::UnknownBackend)?;
        let timeout_ms = settings.statement_timeout.as_millis();
        let (url, setup, read_url): (String, Vec<String>, Option<String>) = match backend {
            Backend::Sqlite => {
                // Create the file on first start unless the URL says otherwise;
                // such a file can also be opened read-only, for reads.
                let (url, read_url) = match (url.contains("mode="), url.contains(":memory:"), url.contains('?')) {
                    (true, _, _) | (_, true, _) => (url.to_string(), None),
                    (false, false, true) => (format!("{url}&mode=rwc"), Some(format!("{url}&mode=ro"))),
                    (false, false, false) => (format!("{url}?mode=rwc"), Some(format!("{url}?mode=ro"))),
                };
                // A file's connection does not go stale as a server's can:
                // the ping before each acquire (a round trip to its thread,
                // one per page twice) is left out below.
                let pragmas = vec![
                    "PRAGMA journal_mode = WAL".to_string(),
                    // FULL: a committed consent or log row survives a power cut.
                    "PRAGMA synchronous = FULL".to_string(),
                    "PRAGMA foreign_keys = ON".to_string(),
                    format!("PRAGMA busy_timeout = {timeout_ms}"),
                ];
                (url, pragmas, read_url)
            }
            Backend::Postgres => (url.to_string(), vec![format!("SET statement_timeout = {timeout_ms}")], None),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(settings.max_connections)
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _| {
                let setup = setup.clone();
                Box::pin(async move {
                    for statement in setup {
                        conn.execute(statement.as_str()).await?;
                    }
                    Ok(())
                })
            })
            // A connection whose COMMIT failed (a full disk: SQLITE_FULL)
            // still counts itself inside a transaction, and every later
            // BEGIN on it fails: close it rather than hand it out again, so
            // the portal recovers by itself once the disk has room.
            .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect(&url)
            .await?;
        if backend == Backend::Postgres {
            let mut c = pool.acquire().await?;
            for setting in ["fsync", "synchronous_commit"] {
                let value: String =
                    sqlx::query_scalar(&format!("SELECT current_setting('{setting}')")).fetch_one(&mut *c).await?;
                if value == "off" {
                    return Err(OpenError::NotDurable { setting, value });
                }
            }
            // Two instances starting at once: one migrates, the other waits.
            sqlx::query("SELECT pg_advisory_lock(7265727)").execute(&mut *c).await?;
            let migrated = sqlx::migrate!("./migrations/postgres").run(&mut *c).await;
            sqlx::query("SELECT pg_advisory_unlock(7265727)").execute(&mut *c).await?;
            migrated?;
        } else {
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        }
        let batches = group_commit::GroupCommit::start(pool.clone(), backend);
        let reads = match (backend, read_url) {
            (Backend::Postgres, _) => Some(pool.clone()),
            (Backend::Sqlite, Some(read_url)) => Some(
                AnyPoolOptions::new()
                    .max_connections(settings.max_connections)
                    .test_before_acquire(false)
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(format!("PRAGMA busy_timeout = {timeout_ms}").as_str()).await?;
                            Ok(())
                        })
                    })
                    .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
                    .connect(&read_url)
                    .await?,
            ),
            (Backend::Sqlite, None) => None,
        };
        Ok(Db { pool, backend, batches, reads })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction: a turn in the current batch, which took the
    /// write lock (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's chain lock) up
    /// front, so a read-then-write transaction never fails half-way with
    /// "database is locked" or a deadlock.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(TxKind::Batched(self.batches.begin().await?)))
    }

    /// A read of case data that logs (see `Tx`): one snapshot, taken beside
    /// the writers instead of in a write turn, so pages do not queue behind
    /// each other's reads; only their log rows take a turn.
    pub async fn begin_read(&self) -> Result<Tx, sqlx::Error> {
        let Some(reads) = &self.reads else { return self.begin_write().await };
        let tx = match self.backend {
            // SQLite: the connection is read-only, and a transaction in WAL
            // mode reads one snapshot.
            Backend::Sqlite => reads.begin().await?,
            // One snapshot for the whole read, as on SQLite (the default,
            // READ COMMITTED, takes one per statement); read-only, so it
            // never fails to serialize.
            Backend::Postgres => reads.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?,
        };
        Ok(Tx(TxKind::Read { tx, db: self.clone(), owed: Vec::new(), looked: Box::default() }))
    }
}

/// A stored ISO date (`YYYY-MM-DD`).
pub(crate) fn date(raw: &str) -> Result<chrono::NaiveDate, sqlx::Error> {
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Categories stored as their ids, comma-separated (what a referral or a
/// request proposes and what the worker approved).
pub(crate) fn category_list(raw: &str) -> Result<Vec<app::domain::Category>, sqlx::Error> {
    raw.split(',').filter(|s| !s.is_empty()).map(|s| parsed(s, "category")).collect()
}

/// Ids gathered by `string_agg(…, ',')` in a column (`NULL`: none), so a
/// row carries its few related ids without a statement of their own.
pub(crate) fn id_list<T: std::str::FromStr>(
    r: &sqlx::any::AnyRow,
    column: &str,
    what: &str,
) -> Result<Vec<T>, sqlx::Error> {
    use sqlx::Row;
    let raw: Option<String> = r.try_get(column)?;
    raw.iter().flat_map(|ids| ids.split(',')).map(|id| parsed(id, what)).collect()
}

/// The stored form of `cats` for `category_list`.
pub(crate) fn category_ids(cats: &[app::domain::Category]) -> String {
    cats.iter().map(|c| c.id()).collect::<Vec<_>>().join(",")
}

/// A stored id of a domain value (role, category, purpose…); `what` names it
/// in the error.
pub(crate) fn parsed<T: std::str::FromStr>(raw: &str, what: &str) -> Result<T, sqlx::Error> {
    raw.parse().map_err(|_| sqlx::Error::Decode(format!("stored {what} does not parse").into()))
}

/// Makes transactions that call this with the same `key` run one after the
/// other, across every server instance: an advisory lock on PostgreSQL (held
/// until commit); on SQLite the write transaction already does it.
pub async fn serialize(c: &mut Conn, key: i64) -> Result<(), sqlx::Error> {
    if is_postgres(c) {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(key).execute(c).await?;
    }
    Ok(())
}

/// Advisory lock keys, one per thing serialized.
pub mod locks {
    pub const ACCESS_LOG: i64 = 7_265_728;
    pub const DEMO_SEED: i64 = 7_265_729;
}

/// Whether `c` talks to PostgreSQL (for the few statements that differ).
pub fn is_postgres(c: &Conn) -> bool {
    c.backend_name().eq_ignore_ascii_case("postgresql")
}
