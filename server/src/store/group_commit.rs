//! Group commit for the writers of one process. Every page that shows case
//! data logs, and every write appends to the one hash-chained log, so
//! writes happen one at a time anyway (SQLite has one writer; on PostgreSQL
//! the chain's advisory lock orders the appends of every instance), and
//! under load most transactions are small and each would pay a full fsync of
//! its own. Here the writers of this process take turns, in order, on one
//! connection that holds one open transaction (a batch; SQLite's
//! `BEGIN IMMEDIATE`, or PostgreSQL's `BEGIN` with the chain's lock taken
//! first): each writer's work is a savepoint in it, released when the
//! writer commits; the writer then waits, unanswered, until the batch is
//! committed. A flusher task commits the batch (one fsync for all of them)
//! as soon as every writer queued before it has had its turn, and tells each
//! writer the outcome. So:
//! - a request still answers only after its own rows are durable (promise
//!   5), and a request whose batch failed to commit answers an error;
//! - writers run one after the other: each sees the rows of the writers
//!   before it, and the log's hash chain grows in order;
//! - a writer that fails (or is dropped: the client went away) is rolled
//!   back to its savepoint by whoever comes next, the others stay;
//! - if the batch cannot be cleaned or committed (a full disk, where SQLite
//!   may roll the whole transaction back itself; a PostgreSQL that went
//!   away), every writer in it gets the error, the connection is closed,
//!   and the next batch starts on a fresh one.
//!
//! Reads do not take a turn: they read beside the writers and, when they
//! end (`store::Tx`), hand the batch only their log rows (`append`), which
//! the flusher appends in one statement for all of them just before the
//! commit, and wait for that commit like the writers.

use super::{access_log, Backend};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection as _, Executor as _};
use std::sync::Arc;
use tokio::sync::{watch, Mutex, Notify, OwnedMutexGuard};

/// What every writer of a batch learns when it ends: `None` while open.
type Outcome = Option<Result<(), Arc<str>>>;

pub(crate) struct Batch {
    conn: Option<PoolConnection<Any>>,
    /// The batch's `BEGIN IMMEDIATE` is open on `conn`.
    open: bool,
    /// Writers whose savepoint was released into this batch.
    members: usize,
    /// A writer left without committing: its savepoint is still open.
    abandoned: bool,
    /// Log rows of reads that ended, appended just before the commit.
    owed: Vec<access_log::Entry>,
    /// Keep `conn` between batches (SQLite: the one connection that writes,
    /// and an in-memory database is only that connection's). PostgreSQL's
    /// goes back to the pool, which reads share: a pool of one would
    /// otherwise be the batch's alone.
    keep_conn: bool,
    outcome: watch::Sender<Outcome>,
}

#[derive(Clone)]
pub(crate) struct GroupCommit {
    pool: AnyPool,
    backend: Backend,
    batch: Arc<Mutex<Batch>>,
    flush: Arc<Notify>,
}

impl GroupCommit {
    /// Starts the flusher on the current tokio runtime.
    pub(crate) fn start(pool: AnyPool, backend: Backend) -> GroupCommit {
        let batch = Batch {
            conn: None,
            open: false,
            members: 0,
            abandoned: false,
            owed: Vec::new(),
            keep_conn: backend == Backend::Sqlite,
            outcome: watch::channel(None).0,
        };
        let g = GroupCommit { pool, backend, batch: Arc::new(Mutex::new(batch)), flush: Arc::new(Notify::new()) };
        let flusher = g.clone();
        tokio::spawn(async move {
            loop {
                flusher.flush.notified().await;
                // In line behind every writer already waiting (the mutex is
                // fair): they join this batch before it is committed.
                let mut b = flusher.batch.lock().await;
                b.settle().await;
                if b.open {
                    let result = b.commit().await;
                    b.finish(result).await;
                }
            }
        });
        g
    }

    /// This writer's turn: a savepoint in the open batch (opened if none is).
    /// It runs to its end even if the caller goes away meanwhile (a request
    /// dropped, its tasks cancelled): a `BEGIN` or `SAVEPOINT` cut off half
    /// way would leave the batch's connection out of step with what the
    /// batch believes. A turn nobody waits for any more is dropped, and
    /// undone by the next writer.
    pub(crate) async fn begin(&self) -> Result<Turn, sqlx::Error> {
        // Waiting for the turn may be given up; once it is ours, it is set up whole.
        let b = self.batch.clone().lock_owned().await;
        let this = self.clone();
        to_the_end(async move { this.begin_here(b).await }).await
    }

    async fn begin_here(&self, mut b: OwnedMutexGuard<Batch>) -> Result<Turn, sqlx::Error> {
        self.ready(&mut b).await?;
        if let Err(e) = b.conn().execute("SAVEPOINT writer").await {
            b.finish(Err(e.to_string().into())).await;
            return Err(e);
        }
        Ok(Turn { batch: Some(b), flush: self.flush.clone() })
    }

    /// Appends a read's log rows with the open batch (opened if none is)
    /// and returns once that batch is committed: no statement of its own,
    /// the flusher writes the rows of every read in the batch at once. The
    /// handing over runs to its end whatever happens to the caller (`begin`).
    pub(crate) async fn append(&self, rows: Vec<access_log::Entry>) -> Result<(), sqlx::Error> {
        // A read given up while it waits for the batch logs nothing; once
        // the batch is its turn, its rows are handed over whole.
        let mut b = self.batch.clone().lock_owned().await;
        let this = self.clone();
        let outcome = to_the_end(async move {
            this.ready(&mut b).await?;
            b.owed.extend(rows);
            b.members += 1;
            let outcome = b.outcome.subscribe();
            drop(b);
            this.flush.notify_one();
            Ok(outcome)
        })
        .await?;
        outcome_of(outcome).await
    }

    /// Settles what an abandoned writer left and opens a batch if none is.
    async fn ready(&self, b: &mut Batch) -> Result<(), sqlx::Error> {
        b.settle().await;
        if !b.open {
            let mut conn = match b.conn.take() {
                Some(c) => c,
                None => self.pool.acquire().await?,
            };
            if let Err(e) = self.open(&mut conn).await {
                // A busy file or lock (another process) or a broken
                // connection: the next writer tries again on a fresh one.
                drop(conn.detach());
                return Err(e);
            }
            b.conn = Some(conn);
            b.open = true;
        }
        Ok(())
    }

    /// Opens a batch on `conn`. SQLite: `BEGIN IMMEDIATE` takes the write
    /// lock up front. PostgreSQL: the chain's advisory lock, taken first and
    /// held to the batch's commit, orders the batches of every instance, so
    /// two instances' batches never wait for each other's row locks.
    async fn open(&self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        match self.backend {
            Backend::Sqlite => conn.execute("BEGIN IMMEDIATE").await.map(|_| ()),
            Backend::Postgres => {
                conn.execute("BEGIN").await?;
                super::serialize(conn, super::locks::ACCESS_LOG).await
            }
        }
    }
}

impl Batch {
    fn conn(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect("an open batch has its connection")
    }

    /// Undoes what an abandoned writer left; if that fails the batch is lost.
    async fn settle(&mut self) {
        if !std::mem::take(&mut self.abandoned) {
            return;
        }
        let undone = match self.conn().execute("ROLLBACK TO writer").await {
            Ok(_) => self.conn().execute("RELEASE writer").await.map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(e) = undone {
            self.finish(Err(e.to_string().into())).await;
        }
    }

    /// Appends the reads' rows after every writer's, then commits.
    async fn commit(&mut self) -> Result<(), Arc<str>> {
        let owed = std::mem::take(&mut self.owed);
        access_log::append_all(self.conn(), &owed).await.map_err(|e| e.to_string())?;
        self.conn().execute("COMMIT").await.map(|_| ()).map_err(|e| e.to_string().into())
    }

    /// Ends the batch: every member learns `result`; after a failure the
    /// transaction is rolled back and the connection closed.
    async fn finish(&mut self, result: Result<(), Arc<str>>) {
        if let Err(e) = &result {
            tracing::error!(error = %e, members = self.members, "a batch of writes failed");
            if let Some(mut conn) = self.conn.take() {
                let _ = conn.execute("ROLLBACK").await;
                let _ = conn.detach().close().await;
            }
        }
        if !self.keep_conn {
            self.conn = None;
        }
        self.open = false;
        self.members = 0;
        self.abandoned = false;
        self.owed.clear();
        let _ = self.outcome.send(Some(result));
        self.outcome = watch::channel(None).0;
    }
}

/// One writer's savepoint in the batch, holding the turn until it commits
/// or is dropped.
pub(crate) struct Turn {
    batch: Option<OwnedMutexGuard<Batch>>,
    flush: Arc<Notify>,
}

impl Turn {
    pub(crate) fn conn(&self) -> &AnyConnection {
        self.batch.as_ref().and_then(|b| b.conn.as_deref()).expect("a turn holds its batch")
    }

    pub(crate) fn conn_mut(&mut self) -> &mut AnyConnection {
        self.batch.as_mut().expect("a turn holds its batch").conn()
    }

    /// Releases the savepoint into the batch, gives the turn on, and waits
    /// until the batch is committed: only then is this writer's work durable.
    /// The release runs to its end whatever happens to the caller (`begin`).
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        let mut b = self.batch.take().expect("a turn holds its batch");
        let flush = self.flush.clone();
        let outcome = to_the_end(async move {
            if let Err(e) = b.conn().execute("RELEASE writer").await {
                b.abandoned = true;
                drop(b);
                flush.notify_one();
                return Err(e);
            }
            b.members += 1;
            let outcome = b.outcome.subscribe();
            drop(b);
            flush.notify_one();
            Ok(outcome)
        })
        .await?;
        outcome_of(outcome).await
    }

    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        drop(self);
        Ok(())
    }
}

/// Runs `work` as a task of its own, so it ends even if the caller is
/// dropped half way; the caller waits for its result.
async fn to_the_end<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, sqlx::Error>> + Send + 'static,
) -> Result<T, sqlx::Error> {
    match tokio::spawn(work).await {
        Ok(result) => result,
        Err(e) => Err(sqlx::Error::Protocol(format!("a step of a batch of writes failed: {e}"))),
    }
}

/// Waits until the batch ends and says how.
async fn outcome_of(mut outcome: watch::Receiver<Outcome>) -> Result<(), sqlx::Error> {
    let ended = outcome.wait_for(Option::is_some).await.map_err(|_| sqlx::Error::PoolClosed)?;
    match ended.as_ref().expect("waited for an outcome") {
        Ok(()) => Ok(()),
        Err(e) => Err(sqlx::Error::Protocol(format!("the batch of writes failed: {e}"))),
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(mut b) = self.batch.take() {
            // Undone by the next writer or the flusher, before anything else.
            b.abandoned = true;
            drop(b);
            self.flush.notify_one();
        }
    }
}
