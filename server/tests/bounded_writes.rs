//! Writes nobody bounds would let a stranger fill the database: a
//! signed-out refused form keeps its input only within the per-client
//! sign-in limit, and an account that keeps asking for cases it may not
//! touch is slowed (429) after a stated number of refusals, so refusals
//! neither fill the access log nor queue behind real writes.
mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::Duration;
use common::*;
use http_body_util::BodyExt;
use std::net::SocketAddr;
use tower::ServiceExt;

async fn status(r: &Router, req: Request<Body>) -> StatusCode {
    let res = r.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let _ = res.into_body().collect().await;
    status
}

async fn count(e: &Env, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(e.s.db.pool()).await.unwrap()
}

/// A signed-out browser posting the sign-in form with a bad address, as a
/// page without JavaScript would (its typed text is kept for the page).
fn refused_sign_in_form(from: &str, padding: usize) -> Request<Body> {
    let form = format!("email=not-an-address-{}&here=%2F", "x".repeat(padding));
    let mut req = Request::post("/api/sign-in/request-code")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(form))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(from.parse::<SocketAddr>().unwrap()));
    req
}

#[tokio::test]
async fn a_stranger_cannot_fill_the_kept_input_table() {
    let e = env().await;
    let r = router(&e);
    let limit = server::services::sign_in::RATE_PER_IP;
    for _ in 0..limit + 10 {
        let s = status(&r, refused_sign_in_form("203.0.113.9:4000", 30_000)).await;
        assert!(s.is_redirection() || s == StatusCode::UNPROCESSABLE_ENTITY, "{s}");
    }
    assert_eq!(count(&e, "kept_input").await, limit, "kept for signed-out posts only within the per-client limit");
    // Another client is not affected.
    status(&r, refused_sign_in_form("198.51.100.7:4000", 10)).await;
    assert_eq!(count(&e, "kept_input").await, limit + 1);
}

fn preset(case: &str, participant: &str, token: &str) -> Request<Body> {
    Request::post("/api/sharing/preset")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("__Host-rtw-session={token}"))
        .body(Body::from(format!("case_id={case}&participant_id={participant}")))
        .unwrap()
}

/// The stated limit (`services::REFUSALS_PER_WINDOW`, per 15 minutes).
const LIMIT: i64 = 20;

/// What the server logs on this thread (the test's runtime runs here).
#[tokio::test]
async fn an_account_that_keeps_being_refused_is_slowed_and_every_processed_refusal_is_logged() {
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let e = env().await;
    let r = router(&e);
    let (_, case, gp) = worker_with_case(&e, "sanna@example.com").await;
    let gp = gp.to_string();
    let prober = sign_in(&e, "mallory@example.com").await;
    let limit = LIMIT;
    let before = e.log_rows().await;
    // Refusals, each logged, on a real case and on ids that do not exist.
    for i in 0..limit {
        let target = if i % 2 == 0 { case.to_string() } else { format!("{}", 90_000 + i) };
        assert_eq!(status(&r, preset(&target, &gp, &prober)).await, StatusCode::NOT_FOUND, "refusal {i}");
    }
    assert_eq!(e.log_rows().await - before, limit, "every processed refusal is logged");
    // Then the account is slowed: 429 for anything it asks, with no log row
    // and no write.
    for i in 0..50 {
        let s = status(&r, preset(&format!("{}", 95_000 + i), &gp, &prober)).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "probe {i} after the limit");
    }
    assert_eq!(e.log_rows().await - before, limit, "refusals beyond the limit are not processed");
    let text = log.text();
    assert_eq!(text.matches("refused too often").count(), 1, "the limit is logged once:\n{text}");
    // Others are not slowed.
    let worker = sign_in(&e, "sanna@example.com").await;
    assert!(status(&r, preset(&case.to_string(), &gp, &worker)).await.is_success());
    // The next window the account is heard again.
    e.clock.advance(Duration::minutes(16));
    let prober = sign_in(&e, "mallory@example.com").await;
    assert_eq!(status(&r, preset(&case.to_string(), &gp, &prober)).await, StatusCode::NOT_FOUND);
}
