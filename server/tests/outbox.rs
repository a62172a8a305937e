//! The outbox: mail written with its cause, delivered once, retried on failure.
mod common;

use app::ports::prelude::*;
use chrono::Duration;
use common::*;
use server::notify::{deliver_due, Mailer, Message, SendError};
use std::sync::Mutex;

#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<String>>,
    fail: bool,
}

#[async_trait::async_trait]
impl Mailer for Recorder {
    async fn send(&self, m: &Message<'_>) -> Result<(), SendError> {
        if self.fail {
            return Err("smtp down".into());
        }
        self.sent.lock().unwrap().push(m.to.to_string());
        Ok(())
    }
}

#[tokio::test]
async fn each_message_is_delivered_exactly_once_by_concurrent_senders() {
    let e = env().await;
    for i in 0..20 {
        e.s.request_code(&email(&format!("p{i}@example.com")), IP, "en", Default::default()).await.unwrap();
    }
    let (a, b) = (Recorder::default(), Recorder::default());
    let (ra, rb) = tokio::join!(deliver_due(&e.s.db, e.clock.as_ref(), &a), deliver_due(&e.s.db, e.clock.as_ref(), &b));
    assert_eq!(ra.unwrap() + rb.unwrap(), 20);
    let mut all: Vec<String> = a.sent.into_inner().unwrap();
    all.extend(b.sent.into_inner().unwrap());
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 20, "no message sent twice, none lost");
    // Nothing is left to send.
    assert_eq!(deliver_due(&e.s.db, e.clock.as_ref(), &Recorder::default()).await.unwrap(), 0);
}

#[tokio::test]
async fn failed_delivery_is_retried_later_and_mail_carries_no_case_data() {
    let e = env().await;
    e.s.request_code(&email("a@example.com"), IP, "fi", Default::default()).await.unwrap();
    let down = Recorder { fail: true, ..Default::default() };
    assert_eq!(deliver_due(&e.s.db, e.clock.as_ref(), &down).await.unwrap(), 0);
    // Not retried before its back-off.
    let up = Recorder::default();
    assert_eq!(deliver_due(&e.s.db, e.clock.as_ref(), &up).await.unwrap(), 0);
    e.clock.advance(Duration::minutes(2));
    assert_eq!(deliver_due(&e.s.db, e.clock.as_ref(), &up).await.unwrap(), 1);

    let (subject, body): (String, String) =
        sqlx::query_as("SELECT subject, body FROM outbox").fetch_one(e.s.db.pool()).await.unwrap();
    assert!(subject.contains("kirjautumiskoodi"), "in the recipient's language: {subject}");
    assert!(!body.contains("http"), "no links with secrets in a code mail");
}

#[tokio::test]
async fn the_development_mailbox_exists_only_in_demo_mode() {
    let e = env().await;
    e.s.request_code(&email("a@example.com"), IP, "en", Default::default()).await.unwrap();
    assert_eq!(e.s.dev_mailbox().await.unwrap().len(), 1);
    let mut production = e.s.clone();
    production.demo = false;
    assert_eq!(production.dev_mailbox().await, Err(app::error::AppError::NotFound));
}
