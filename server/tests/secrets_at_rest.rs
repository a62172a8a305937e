//! Secrets at rest: what a copy of the database (a backup, a dump) gives
//! away. A sign-in code is stored under the server's key, so the million
//! possible codes cannot be tried against it; a sent mail's body (a code,
//! a referral link) is gone from the outbox once the SMTP server took it.
mod common;

use app::ports::prelude::*;
use common::*;
use server::notify::{deliver_due, Mailer, Message, SendError};

struct Accepting;

#[async_trait::async_trait]
impl Mailer for Accepting {
    async fn send(&self, _: &Message<'_>) -> Result<(), SendError> {
        Ok(())
    }
}

/// Someone with the database tries every code against the stored value, as
/// its unkeyed SHA-256 (the old scheme, which `sign_in::hash` still is):
/// none matches, and the real code is not recoverable without the key.
#[tokio::test]
async fn a_stored_code_cannot_be_reversed_without_the_key() {
    let e = env().await;
    let addr = "sanna@example.com";
    let (attempt, code) = ask(&e, addr).await;
    let stored: String = sqlx::query_scalar("SELECT code_hash FROM sign_in_codes WHERE email = $1")
        .bind(addr)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    assert!(!stored.contains(&code));
    let found = (0..1_000_000u32)
        .map(|n| format!("{n:06}"))
        .find(|guess| server::services::sign_in::hash(&[addr, guess]) == stored);
    assert_eq!(found, None, "the code was recovered from the database alone");
    // The code still works for its owner.
    assert!(enter(&e, addr, &attempt, &code).await.is_ok());
}

/// Once the SMTP server accepted a message, its body (the code, a link
/// with a token) is gone from the outbox: only what the operator needs
/// (recipient, subject, status, times) stays.
#[tokio::test]
async fn a_sent_mail_leaves_no_code_and_no_link_in_the_outbox() {
    let e = env().await;
    let addr = "sanna@example.com";
    let code = send_code(&e, addr).await;
    // A mail with a link, as a referral's recipient gets one.
    let mut tx = e.s.db.begin_write().await.unwrap();
    server::services::news::tell(&e.s, &mut tx, "anna@example.com", "/referral/SECRETTOKEN").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(deliver_due(&e.s.db, e.clock.as_ref(), &Accepting).await.unwrap(), 2);
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT status, subject, body FROM outbox ORDER BY id").fetch_all(e.s.db.pool()).await.unwrap();
    assert_eq!(rows.len(), 2);
    for (status, subject, body) in &rows {
        assert_eq!(status, "sent");
        assert!(!subject.is_empty());
        assert!(!body.contains(&code) && !body.contains("SECRETTOKEN"), "a sent body is kept: {body}");
        assert!(!body.chars().any(|c| c.is_ascii_digit()), "a sent body keeps digits: {body}");
    }
}

/// A message not (yet) accepted keeps its body: it is still to be sent.
#[tokio::test]
async fn an_unsent_mail_keeps_its_body_until_it_is_accepted() {
    let e = env().await;
    let code = send_code(&e, "sanna@example.com").await;
    let body: String = sqlx::query_scalar("SELECT body FROM outbox").fetch_one(e.s.db.pool()).await.unwrap();
    assert!(body.contains(&code));
}

/// Demo mode (SQLite on this machine, no SMTP: `config.rs`) keeps the
/// bodies its mailbox page shows.
#[tokio::test]
async fn only_a_demo_keeps_the_bodies_of_sent_mail() {
    let e = env().await;
    let code = send_code(&e, "sanna@example.com").await;
    assert_eq!(server::notify::deliver_due_keeping(&e.s.db, e.clock.as_ref(), &Accepting, true).await.unwrap(), 1);
    let shown = e.s.dev_mailbox().await.unwrap();
    assert!(shown[0].body.contains(&code), "{:?}", shown[0].body);
}
