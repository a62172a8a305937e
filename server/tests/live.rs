//! Live updates: an open page of a case hears "changed" (and nothing else)
//! within moments of a committed change to that case, never of another
//! case's; only the worker and participants may follow a case.
mod common;

use app::ports::prelude::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

async fn follow(r: &Router, case: &str, session: Option<&str>) -> axum::response::Response {
    let mut req = Request::get(format!("/events/{case}")).header(header::ACCEPT, "text/event-stream");
    if let Some(t) = session {
        req = req.header(header::COOKIE, format!("__Host-rtw-session={t}"));
    }
    r.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

/// The next event's text, or `None` if none comes within `wait`.
async fn next_event(body: &mut Body, wait: Duration) -> Option<String> {
    loop {
        let frame = tokio::time::timeout(wait, body.frame()).await.ok()??.ok()?;
        if let Ok(data) = frame.into_data() {
            let text = String::from_utf8_lossy(&data).into_owned();
            // Keep-alive comments start with ':'.
            if !text.starts_with(':') {
                return Some(text);
            }
        }
    }
}

#[tokio::test]
async fn a_revocation_reaches_the_open_page_of_that_case_only() {
    let (url, _dir) = fresh_database().await;
    let e = env_at(&url).await;
    let r = router(&e);
    // On PostgreSQL the change is made by a second instance and travels by
    // LISTEN/NOTIFY to this one's listener; on SQLite it is one process.
    let writer = match on_postgres() {
        true => {
            tokio::spawn(server::services::events::listen(e.s.clone(), url.clone()));
            tokio::time::sleep(Duration::from_millis(300)).await;
            Some(env_at(&url).await)
        }
        false => None,
    };
    let w = writer.as_ref().unwrap_or(&e);
    let (worker, case, gp) = worker_with_case(w, "sanna@example.com").await;
    w.s.grant(&worker, case, gp, None).await.unwrap();
    let gp_token = sign_in(&e, "gp@example.com").await;
    let res = follow(&r, &case.to_string(), Some(&gp_token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = res.into_body();

    // Another case changes: nothing arrives.
    let (other, other_case, other_gp) = worker_with_case(w, "olli@example.com").await;
    w.s.grant(&other, other_case, other_gp, None).await.unwrap();
    assert_eq!(next_event(&mut body, Duration::from_millis(300)).await, None);

    // The worker revokes: "changed", with no data, well within 2 seconds.
    let started = std::time::Instant::now();
    w.s.revoke(&worker, case, gp, None).await.unwrap();
    let event = next_event(&mut body, Duration::from_secs(2)).await.expect("an event");
    assert!(event.contains("event: changed"), "{event}");
    let data: Vec<&str> = event.lines().filter(|l| l.starts_with("data:")).collect();
    assert_eq!(data, vec!["data: changed"], "nothing but the word: {event}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // When the server stops, every stream ends at once (shutdown does not
    // wait for open pages).
    let _ = e.s.events.send(server::services::events::Change::Closing);
    let end = tokio::time::timeout(Duration::from_secs(1), body.frame()).await.expect("the stream ends");
    assert!(end.is_none(), "no more frames after closing");
    // The page then reloads its part and is told by the server what remains.
    let gp_account = account(&e, &gp_token).await;
    assert!(e.s.shared_case(&gp_account, case).await.unwrap().sections.is_empty());
}

#[tokio::test]
async fn only_the_worker_and_participants_may_follow_a_case() {
    let e = env().await;
    let r = router(&e);
    let (_, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let worker = sign_in(&e, "sanna@example.com").await;
    assert_eq!(follow(&r, &case.to_string(), Some(&worker)).await.status(), StatusCode::OK);
    let stranger = sign_in(&e, "mallory@example.com").await;
    let theirs = follow(&r, &case.to_string(), Some(&stranger)).await;
    // The refusal is in the worker's access log.
    let (action, outcome, logged_case) = e.last_log().await;
    assert_eq!((action.as_str(), outcome.as_str(), logged_case), ("follow_case", "denied", Some(case.0)));
    let missing = follow(&r, "999999", Some(&stranger)).await;
    assert_eq!((theirs.status(), missing.status()), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(follow(&r, &case.to_string(), None).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(follow(&r, "not-a-case", Some(&worker)).await.status(), StatusCode::NOT_FOUND);
}
