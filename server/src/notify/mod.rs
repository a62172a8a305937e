//! Delivery of queued mail. Messages are written to the outbox in the same
//! transaction as what caused them; this sender claims and delivers them.
//! SMTP delivery plugs in as another `Mailer`.

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

#[async_trait::async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, m: &Message<'_>) -> Result<(), String>;
}

/// Demo mode: mail goes to the console (and stays readable in the
/// development mailbox page).
pub struct ConsoleMailer;

#[async_trait::async_trait]
impl Mailer for ConsoleMailer {
    async fn send(&self, m: &Message<'_>) -> Result<(), String> {
        println!("\n--- mail to {} ---\n{}\n\n{}\n---", m.to, m.subject, m.body);
        Ok(())
    }
}

const LEASE_MS: i64 = 60_000;
const MAX_ATTEMPTS: i64 = 8;

/// Sends every due message once; returns how many were sent.
pub async fn deliver_due(db: &Db, clock: &dyn Clock, mailer: &dyn Mailer) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    loop {
        let now = clock.now().timestamp_millis();
        let claimed = {
            let mut c = db.pool().acquire().await?;
            outbox::claim_next(&mut c, now, LEASE_MS).await?
        };
        let Some(m) = claimed else { return Ok(sent) };
        let result = mailer.send(&Message { to: &m.recipient, subject: &m.subject, body: &m.body }).await;
        let mut c = db.pool().acquire().await?;
        let now = clock.now().timestamp_millis();
        match result {
            Ok(()) => {
                outbox::mark_sent(&mut c, m.id, now).await?;
                sent += 1;
            }
            Err(e) => {
                // Only the error kind is logged: never the recipient or content.
                tracing::warn!(outbox_id = m.id, attempt = m.attempts, "mail delivery failed");
                let backoff = 30_000 * 2i64.pow(m.attempts.min(10) as u32);
                outbox::mark_failed(&mut c, m.id, &e, now + backoff, m.attempts >= MAX_ATTEMPTS).await?;
            }
        }
    }
}

/// Runs forever: delivers when woken by new mail, and every few seconds.
pub async fn run(service: PortalService, mailer: Arc<dyn Mailer>, wake: Arc<Notify>) {
    loop {
        if let Err(e) = deliver_due(&service.db, service.clock.as_ref(), mailer.as_ref()).await {
            tracing::error!(error = %e, "outbox sender failed");
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), wake.notified()).await;
    }
}
