//! Live updates: an open page of a case hears "changed" (and nothing else)
//! within moments of a committed change to that case, never of another
//! case's; only the worker and participants may follow a case.
mod common;

use app::domain::*;
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

    // The worker revokes one category (another stays): "changed", with no
    // data, well within 2 seconds.
    let started = std::time::Instant::now();
    let revoked = (Category::Treatment, Purpose::CareCoordination);
    w.s.revoke(&worker, case, gp, Some(revoked)).await.unwrap();
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
    let sections = e.s.shared_case(&gp_account, case).await.unwrap().sections;
    assert!(!sections.is_empty() && sections.iter().all(|s| s.category != Category::Treatment));
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

/// Whether the stream said "ended" and ended within `wait`.
async fn ends_within(body: &mut Body, wait: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    let mut last = String::new();
    loop {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => return false,
            Ok(None) | Ok(Some(Err(_))) => return last.contains("event: ended"),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    let text = String::from_utf8_lossy(&data).into_owned();
                    if !text.starts_with(':') {
                        last = text;
                    }
                }
            }
        }
    }
}

/// A service whose open streams hear every committed change: on
/// PostgreSQL through the listener (as a server runs it), on SQLite in
/// process.
async fn hearing() -> (Env, Option<tempfile::TempDir>) {
    let (url, dir) = fresh_database().await;
    let e = env_at(&url).await;
    if on_postgres() {
        tokio::spawn(server::services::events::listen(e.s.clone(), url));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    (e, dir)
}

/// A professional with a grant, following the case.
async fn following(e: &Env, r: &Router) -> (app::ports::Account, CaseId, ParticipantId, String, Body) {
    let (worker, case, gp) = worker_with_case(e, "sanna@example.com").await;
    e.s.grant(&worker, case, gp, None).await.unwrap();
    let token = sign_in(e, "gp@example.com").await;
    let res = follow(r, &case.to_string(), Some(&token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    (worker, case, gp, token, res.into_body())
}

#[tokio::test]
async fn a_stream_ends_when_its_session_is_signed_out() {
    let (e, _dir) = hearing().await;
    let r = router(&e);
    let (_, _, _, token, mut body) = following(&e, &r).await;
    e.s.sign_out(&token).await.unwrap();
    assert!(ends_within(&mut body, Duration::from_secs(3)).await, "the stream outlived its session");
}

#[tokio::test]
async fn a_stream_ends_when_its_session_expires() {
    let (e, _dir) = hearing().await;
    let r = router(&e);
    let (_, _, _, _, mut body) = following(&e, &r).await;
    // Idle for longer than a session lives (the open page is no activity).
    e.clock.advance(chrono::Duration::minutes(31));
    assert!(
        ends_within(&mut body, server::live::RECHECK_EVERY + Duration::from_secs(3)).await,
        "the stream outlived its session"
    );
}

#[tokio::test]
async fn a_stream_ends_when_its_holder_is_removed() {
    let (e, _dir) = hearing().await;
    let r = router(&e);
    let (worker, case, gp, _, mut body) = following(&e, &r).await;
    e.s.remove_participant(&worker, case, gp).await.unwrap();
    assert!(ends_within(&mut body, Duration::from_secs(3)).await, "the stream outlived the holder's place in the team");
}

#[tokio::test]
async fn a_stream_ends_when_its_holder_loses_every_grant() {
    let (e, _dir) = hearing().await;
    let r = router(&e);
    let (worker, case, gp, _, mut body) = following(&e, &r).await;
    e.s.revoke(&worker, case, gp, None).await.unwrap();
    assert!(ends_within(&mut body, Duration::from_secs(3)).await, "the stream outlived every grant");
}

/// The employer's stream says "changed" only when what the employer sees
/// changed: never for a concern, its sharing with a psychologist, more
/// shared with the psychologist, a draft, or someone joining the team.
#[tokio::test]
async fn the_employers_stream_ticks_only_for_what_the_employer_sees() {
    let (e, _dir) = hearing().await;
    let r = router(&e);
    let (worker, case, _gp) = worker_with_case(&e, "sanna@example.com").await;
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    let boss = e.s.add_participant(&worker, case, add("employer", "Pekka", "pekka@example.com")).await.unwrap();
    let psy = e.s.add_participant(&worker, case, add("psychologist", "Dr Berg", "berg@example.com")).await.unwrap();
    e.s.grant(&worker, case, boss, None).await.unwrap();
    e.s.grant(&worker, case, psy, None).await.unwrap();
    let token = sign_in(&e, "pekka@example.com").await;
    let res = follow(&r, &case.to_string(), Some(&token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body();
    let quiet = Duration::from_millis(400);

    let concern = ConcernText::parse("supervisor_attitude", "He sighs", "4", "").unwrap();
    let c = e.s.write_concern(&worker, case, None, concern).await.unwrap();
    assert_eq!(next_event(&mut body, quiet).await, None, "a private concern");
    e.s.share_concern(&worker, case, c, vec![psy]).await.unwrap();
    assert_eq!(next_event(&mut body, quiet).await, None, "a concern shared with the psychologist");
    let treatment = GrantRequest {
        categories: vec![Category::Treatment],
        purpose: Purpose::CareCoordination,
        until: LastDay::Revoked,
    };
    e.s.grant(&worker, case, psy, Some(treatment)).await.unwrap();
    assert_eq!(next_event(&mut body, quiet).await, None, "more shared with the psychologist");
    let text = AdjustmentText::parse("quiet_workspace", "A quiet room", "", "", "").unwrap();
    let a = e.s.write_adjustment(&worker, case, None, text).await.unwrap();
    assert_eq!(next_event(&mut body, quiet).await, None, "a draft");
    e.s.add_participant(&worker, case, add("gp", "Dr New", "new@example.com")).await.unwrap();
    assert_eq!(next_event(&mut body, quiet).await, None, "someone joining the team");

    // What the employer sees: an adjustment sent to them.
    e.s.take_step(&worker, case, a, StepRequest::Send { to: vec![boss], grant: true }).await.unwrap();
    let event = next_event(&mut body, Duration::from_secs(2)).await.expect("the employer hears of what they see");
    assert!(event.contains("changed"), "{event}");
}
