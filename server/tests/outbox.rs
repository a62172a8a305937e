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

/// A sign-in code goes out before neutral news queued ahead of it (a
/// reminder run over many cases queues as many), so nobody waits at the
/// screen behind them; the news follows, oldest first.
#[tokio::test]
async fn a_sign_in_code_is_sent_before_news_queued_earlier() {
    let e = env().await;
    let (me, case, _gp) = worker_with_case(&e, "sanna@example.com").await;
    for i in 0..5 {
        let p = app::domain::NewParticipant::parse("gp", &format!("GP {i}"), "", &format!("gp{i}@example.com"), "")
            .unwrap();
        e.s.add_participant(&me, case, p).await.unwrap();
    }
    e.s.request_code(&email("waiting@example.com"), IP, "en", Default::default()).await.unwrap();
    let order = Recorder::default();
    deliver_due(&e.s.db, e.clock.as_ref(), &order).await.unwrap();
    let sent = order.sent.into_inner().unwrap();
    let code = sent.iter().position(|to| to == "waiting@example.com").expect("the code was sent");
    let first_news = sent.iter().position(|to| to.starts_with("gp")).expect("the news was sent");
    assert!(code < first_news, "the code waited behind the news: {sent:?}");
    let news: Vec<&String> = sent.iter().filter(|to| to.starts_with("gp")).collect();
    let queued = ["gp@example.com", "gp0@example.com", "gp1@example.com", "gp2@example.com", "gp3@example.com"];
    assert_eq!(news, [&queued[..], &["gp4@example.com"]].concat());
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
