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
pub mod kept;
pub mod notes;
pub mod outbox;
pub mod referrals;
pub mod requests;
pub mod sharing;
pub mod sign_in;
pub mod work;

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyConnection, AnyPool, Connection as _, Executor, Transaction};
use std::time::Duration;

pub type Conn = AnyConnection;

/// A transaction: sqlx's own, or on SQLite one writer's turn in the
/// process's batch (`group_commit`). It reads and writes as the connection
/// it holds; `commit` ends it (on SQLite: once the batch is durable), and
/// dropping it rolls it back.
pub struct Tx(TxKind);

enum TxKind {
    Own(Transaction<'static, Any>),
    Batched(group_commit::Turn),
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            TxKind::Own(tx) => tx.commit().await,
            TxKind::Batched(turn) => turn.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.0 {
            TxKind::Own(tx) => tx.rollback().await,
            TxKind::Batched(turn) => turn.rollback().await,
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        match &self.0 {
            TxKind::Own(tx) => tx,
            TxKind::Batched(turn) => turn.conn(),
        }
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        match &mut self.0 {
            TxKind::Own(tx) => tx,
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
    /// SQLite has one writer at a time: this process's writers take turns
    /// in one batch after another, each batch committed with one fsync
    /// (`group_commit`). They wait in order in the process, never in
    /// SQLite's busy handler, which sleeps and polls. `None` on PostgreSQL.
    batches: Option<group_commit::GroupCommit>,
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
        let (url, setup): (String, Vec<String>) = match backend {
            Backend::Sqlite => {
                // Create the file on first start unless the URL says otherwise.
                let url = match (url.contains("mode="), url.contains(":memory:"), url.contains('?')) {
                    (true, _, _) | (_, true, _) => url.to_string(),
                    (false, false, true) => format!("{url}&mode=rwc"),
                    (false, false, false) => format!("{url}?mode=rwc"),
                };
                let pragmas = vec![
                    "PRAGMA journal_mode = WAL".to_string(),
                    // FULL: a committed consent or log row survives a power cut.
                    "PRAGMA synchronous = FULL".to_string(),
                    "PRAGMA foreign_keys = ON".to_string(),
                    format!("PRAGMA busy_timeout = {timeout_ms}"),
                ];
                (url, pragmas)
            }
            Backend::Postgres => (url.to_string(), vec![format!("SET statement_timeout = {timeout_ms}")]),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(settings.max_connections)
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
        let batches = (backend == Backend::Sqlite).then(|| group_commit::GroupCommit::start(pool.clone()));
        Ok(Db { pool, backend, batches })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction. On SQLite a turn in the current batch, whose
    /// `BEGIN IMMEDIATE` took the write lock up front, so a read-then-write
    /// transaction never fails half-way with "database is locked". On
    /// PostgreSQL rows are locked where needed.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match &self.batches {
            Some(batches) => Ok(Tx(TxKind::Batched(batches.begin().await?))),
            None => Ok(Tx(TxKind::Own(self.pool.begin().await?))),
        }
    }

    pub async fn begin_read(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(TxKind::Own(self.pool.begin().await?)))
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
