//! Delivery of queued mail. Messages are written to the outbox in the same
//! transaction as what caused them; this sender claims and delivers them.
//! `ConsoleMailer` prints them (demo), `SmtpMailer` hands them to a server.

pub mod smtp;

pub use smtp::SmtpMailer;

use crate::services::{Clock, PortalService};
use crate::store::{outbox, Db};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

pub struct Message<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Why a message was not accepted. `reason` is stored and logged, so it
/// names the kind of failure only: never a recipient or any content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    pub reason: String,
    /// The server refused this message for good (SMTP 5xx): retrying the
    /// same message would be refused again.
    pub permanent: bool,
}

impl SendError {
    pub fn transient(reason: impl Into<String>) -> Self {
        SendError { reason: reason.into(), permanent: false }
    }

    pub fn permanent(reason: impl Into<String>) -> Self {
        SendError { reason: reason.into(), permanent: true }
    }
}

/// A bare reason is a passing failure: the message is retried.
impl From<&str> for SendError {
    fn from(reason: &str) -> Self {
        SendError::transient(reason)
    }
}

impl From<String> for SendError {
    fn from(reason: String) -> Self {
        SendError::transient(reason)
    }
}

#[async_trait::async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Returns `Ok` only once the message was accepted for delivery.
    async fn send(&self, m: &Message<'_>) -> Result<(), SendError>;
}

/// Demo mode: mail goes to the console (and stays readable in the
/// development mailbox page).
pub struct ConsoleMailer;

#[async_trait::async_trait]
impl Mailer for ConsoleMailer {
    async fn send(&self, m: &Message<'_>) -> Result<(), SendError> {
        println!("\n--- mail to {} ---\n{}\n\n{}\n---", m.to, m.subject, m.body);
        Ok(())
    }
}

/// Longer than one send may take (`smtp::SEND_TIMEOUT`), so a slow send is
/// not claimed again by a second sender meanwhile.
const LEASE_MS: i64 = 60_000;
/// Attempts before a message is given up on (back-off: 1, 2, 4, … minutes,
/// so the last try is about two hours after the first).
pub const MAX_ATTEMPTS: i64 = 8;

/// Sends every due message once; returns how many were sent. A sent
/// message's body is dropped from the outbox once the server accepted it.
pub async fn deliver_due(db: &Db, clock: &dyn Clock, mailer: &dyn Mailer) -> Result<usize, sqlx::Error> {
    deliver_due_keeping(db, clock, mailer, false).await
}

/// `deliver_due`, keeping sent bodies when `keep_bodies` (demo mode only:
/// its mailbox page shows them).
pub async fn deliver_due_keeping(
    db: &Db,
    clock: &dyn Clock,
    mailer: &dyn Mailer,
    keep_bodies: bool,
) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    loop {
        let now = clock.now().timestamp_millis();
        let claimed = {
            let mut tx = db.begin_write().await?;
            let claimed = outbox::claim_next(&mut tx, now, LEASE_MS).await?;
            tx.commit().await?;
            claimed
        };
        let Some(m) = claimed else { return Ok(sent) };
        let result = mailer.send(&Message { to: &m.recipient, subject: &m.subject, body: &m.body }).await;
        let mut c = db.begin_write().await?;
        let now = clock.now().timestamp_millis();
        match result {
            Ok(()) => {
                outbox::mark_sent(&mut c, m.id, now, keep_bodies).await?;
                sent += 1;
            }
            Err(e) => {
                // Only the error kind is logged: never the recipient or content.
                let give_up = e.permanent || m.attempts >= MAX_ATTEMPTS;
                tracing::warn!(outbox_id = m.id, attempt = m.attempts, error = %e.reason, give_up, "mail delivery failed");
                let backoff = 30_000 * 2i64.pow(m.attempts.min(10) as u32);
                outbox::mark_failed(&mut c, m.id, &e.reason, now + backoff, give_up).await?;
            }
        }
        c.commit().await?;
    }
}

/// Runs forever: delivers when woken by new mail, and every few seconds.
pub async fn run(service: PortalService, mailer: Arc<dyn Mailer>, wake: Arc<Notify>) {
    loop {
        let delivered = deliver_due_keeping(&service.db, service.clock.as_ref(), mailer.as_ref(), service.demo).await;
        if let Err(e) = delivered {
            tracing::error!(error = %e, "outbox sender failed");
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), wake.notified()).await;
    }
}
