//! "Something changed in case N": all an open page is ever told (no health
//! data, only which case), so it reloads the part it shows and the server
//! decides again what that may contain. A change is announced only once it
//! is committed: on PostgreSQL by `pg_notify` inside the writing
//! transaction (every instance's listener hears it after the commit); on
//! SQLite, one process, right after the commit.

use super::PortalService;
use crate::error::Result;
use crate::store::{is_postgres, Tx};
use app::domain::CaseId;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// What open pages hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// This case changed.
    Case(CaseId),
    /// Anything may have changed (a lost listener connection): every page resyncs.
    Everything,
    /// A session ended (signed out): every stream checks its own session.
    Sessions,
    /// The server is stopping: every stream ends, so shutdown need not wait
    /// for open pages (their browsers reconnect to the next server).
    Closing,
}

pub type Hub = Arc<broadcast::Sender<Change>>;

pub fn hub() -> Hub {
    Arc::new(broadcast::channel(1024).0)
}

const CHANNEL: &str = "rtw_case";

/// Commits `tx` and announces that `case` changed.
pub async fn commit_announcing(s: &PortalService, mut tx: Tx, case: CaseId) -> Result<()> {
    if is_postgres(&tx) {
        // Selecting a constant: the `void` of pg_notify has no Any type.
        sqlx::query("SELECT CAST(1 AS BIGINT) FROM pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(case.0.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    } else {
        tx.commit().await?;
        let _ = s.events.send(Change::Case(case));
    }
    Ok(())
}

/// The payload that says a session ended.
const SESSIONS: &str = "sessions";

/// Commits `tx` (which ended a session) and tells every open stream, on
/// every instance, to check its session.
pub async fn commit_announcing_sessions(s: &PortalService, mut tx: Tx) -> Result<()> {
    if is_postgres(&tx) {
        sqlx::query("SELECT CAST(1 AS BIGINT) FROM pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(SESSIONS)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    } else {
        tx.commit().await?;
        let _ = s.events.send(Change::Sessions);
    }
    Ok(())
}

/// PostgreSQL: hands every instance's announcements to this instance's open
/// pages. A dropped connection makes every page resync, then it reconnects.
pub async fn listen(s: PortalService, url: String) {
    use sqlx::postgres::PgListener;
    loop {
        match PgListener::connect(&url).await {
            Ok(mut l) => match l.listen(CHANNEL).await {
                Ok(()) => loop {
                    match l.recv().await {
                        Ok(n) => {
                            let change = match n.payload() {
                                SESSIONS => Change::Sessions,
                                p => p.parse().map(|id| Change::Case(CaseId(id))).unwrap_or(Change::Everything),
                            };
                            let _ = s.events.send(change);
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "change listener lost its connection");
                            let _ = s.events.send(Change::Everything);
                            break;
                        }
                    }
                },
                Err(e) => tracing::warn!(error = %e, "change listener could not listen"),
            },
            Err(e) => tracing::warn!(error = %e, "change listener could not connect"),
        }
        let _ = s.events.send(Change::Everything);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
