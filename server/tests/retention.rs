//! The portal forgets what can no longer be used (`services::retention`):
//! a sent mail keeps no code and no link; codes, sessions, rate-limit
//! windows, kept form input, spent link tokens and old devices are deleted
//! once they have run out, and nothing still usable is touched.
mod common;

use app::domain::*;
use app::ports::prelude::*;
use chrono::Duration;
use common::*;
use server::notify::{deliver_due, Mailer, Message, SendError};
use server::services::retention;

struct Accepting;

#[async_trait::async_trait]
impl Mailer for Accepting {
    async fn send(&self, _: &Message<'_>) -> Result<(), SendError> {
        Ok(())
    }
}

async fn count(e: &Env, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(e.s.db.pool()).await.unwrap()
}

/// Rows of each table that retention looks after.
async fn rows(e: &Env) -> [i64; 6] {
    [
        count(e, "SELECT COUNT(*) FROM sign_in_codes").await,
        count(e, "SELECT COUNT(*) FROM sessions").await,
        count(e, "SELECT COUNT(*) FROM rate_limits").await,
        count(e, "SELECT COUNT(*) FROM known_devices").await,
        count(e, "SELECT COUNT(*) FROM kept_input").await,
        count(e, "SELECT COUNT(*) FROM referrals WHERE token_hash IS NOT NULL").await,
    ]
}

#[tokio::test]
async fn what_can_no_longer_be_used_is_forgotten_and_nothing_else() {
    let e = env().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "anna@example.com").await;
    // A referral link waits for its recipient (the link is in one mail).
    let until = (e.clock_today() + chrono::Days::new(90)).to_string();
    let p = ReferralProposal::parse(
        "occupational_physician",
        "Dr Anna Jansen",
        "",
        "anna.op@example.com",
        "referral",
        "Please",
        ["absence"],
        &until,
    )
    .unwrap();
    let id = e.s.refer(&worker, case, p).await.unwrap();
    e.s.answer_referral(&worker, case, id, WorkerReply::parse("approve", ["absence"], "").unwrap()).await.unwrap();
    // A code asked for and not yet used, and form input kept for a refusal.
    let (_attempt, _code) = ask(&e, "pekka@example.com").await;
    sqlx::query("INSERT INTO kept_input (key_hash, session_hash, fields, expires_at) VALUES ('k', NULL, '{}', $1)")
        .bind(e.s.now().0 + 10 * 60 * 1000)
        .execute(e.s.db.pool())
        .await
        .unwrap();

    // Sent, a mail keeps neither its code nor its link.
    assert!(deliver_due(&e.s.db, e.clock.as_ref(), &Accepting).await.unwrap() >= 4);
    let kept: Vec<String> =
        sqlx::query_scalar("SELECT body FROM outbox WHERE status = 'sent'").fetch_all(e.s.db.pool()).await.unwrap();
    assert!(!kept.is_empty() && kept.iter().all(|b| b.is_empty()), "{kept:?}");

    // Everything is still usable: nothing is forgotten.
    let before = rows(&e).await;
    assert!(before.iter().all(|n| *n > 0), "{before:?}");
    retention::forget(&e.s).await.unwrap();
    assert_eq!(rows(&e).await, before);
    assert!(e.s.session(&token).await.unwrap().is_some());

    // A quarter of an hour on: the unused code and the kept input ran out.
    e.clock.advance(Duration::minutes(15));
    retention::forget(&e.s).await.unwrap();
    let [codes, sessions, _, devices, kept, links] = rows(&e).await;
    assert_eq!((codes, kept), (0, 0));
    assert_eq!((sessions, devices, links), (before[1], before[3], before[5]), "still usable");

    // Two weeks and a day on: every session, window and the link ran out;
    // a device is remembered for a year.
    e.clock.advance(Duration::days(15));
    retention::forget(&e.s).await.unwrap();
    assert_eq!(rows(&e).await, [0, 0, 0, before[3], 0, 0]);
    assert_eq!(e.s.session(&token).await.unwrap(), None);
    e.clock.advance(Duration::days(366));
    retention::forget(&e.s).await.unwrap();
    assert_eq!(rows(&e).await, [0; 6]);

    // The case itself, its log and its referral are untouched.
    assert!(e.s.my_case(&worker).await.unwrap().is_some());
    assert_eq!(count(&e, "SELECT COUNT(*) FROM referrals").await, 1);
}
