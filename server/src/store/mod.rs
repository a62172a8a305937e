//! Persistence: the pool, migrations, and one module of queries per table
//! group. Queries take a connection so services decide the transactions.

pub mod access_log;
pub mod accounts;
pub mod cases;
pub mod grants;
pub mod outbox;
pub mod sign_in;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub type Tx = Transaction<'static, Sqlite>;
pub type Conn = SqliteConnection;

#[derive(Clone)]
pub struct Db {
    pool: SqlitePool,
}

impl Db {
    /// Opens (creating if missing) the database at `url` and applies migrations.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a committed consent or log row survives a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Db { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction. IMMEDIATE takes the write lock up front, so a
    /// read-then-write transaction never fails half-way with "database is locked".
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    pub async fn begin_read(&self) -> Result<Tx, sqlx::Error> {
        self.pool.begin().await
    }
}
