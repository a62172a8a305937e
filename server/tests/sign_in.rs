//! Sign-in by e-mail code and sessions, against a real SQLite database.
mod common;

use app::domain::ErrorKey;
use app::error::AppError;
use app::ports::{prelude::*, SignInBrowser};
use chrono::Duration;
use common::*;
use std::net::{IpAddr, Ipv4Addr};

fn code_invalid() -> AppError {
    AppError::field("code", ErrorKey::CodeInvalid)
}

#[tokio::test]
async fn a_code_signs_in_once_and_creates_the_account() {
    let e = env().await;
    let addr = "new.person@example.com";
    let (attempt, code) = ask(&e, addr).await;
    let session = enter(&e, addr, &attempt, &code).await.unwrap();
    assert!(!session.has_case, "a new account has no case yet");
    assert!(session.token.len() >= 43, "256-bit token");
    assert!(session.device.len() >= 43, "the browser is known from now on");
    let me = account(&e, &session.token).await;
    assert_eq!(me.email.as_str(), addr);
    // The same code a second time is refused.
    assert_eq!(enter(&e, addr, &attempt, &code).await.unwrap_err(), code_invalid());
}

#[tokio::test]
async fn wrong_expired_and_replaced_codes_do_not_sign_in() {
    let e = env().await;
    let addr = "anna@example.com";
    let (attempt, code) = ask(&e, addr).await;
    let wrong = other_code(&code);
    assert_eq!(enter(&e, addr, &attempt, wrong).await.unwrap_err(), code_invalid());
    // A code for another address does not work for this one.
    assert_eq!(enter(&e, "other@example.com", &attempt, &code).await.unwrap_err(), code_invalid());
    // Nor in another browser (another attempt), nor without one.
    let (elsewhere, _) = ask(&e, "someone@example.com").await;
    assert_eq!(enter(&e, addr, &elsewhere, &code).await.unwrap_err(), code_invalid());
    let none = SignInBrowser::default();
    assert_eq!(e.s.verify_code(&email(addr), &code, IP, none, None).await.unwrap_err(), code_invalid());

    // Expired after 10 minutes.
    e.clock.advance(Duration::minutes(10) + Duration::seconds(1));
    assert_eq!(enter(&e, addr, &attempt, &code).await.unwrap_err(), code_invalid());

    // The same browser asking again replaces its own code (it asked for a new one).
    let (attempt, first) = ask(&e, addr).await;
    let browser = SignInBrowser { attempt: Some(&attempt), device: None };
    let again = e.s.request_code(&email(addr), IP, "en", browser).await.unwrap();
    assert_eq!(again, attempt, "the browser keeps its attempt");
    let second = last_code(&e, addr).await;
    if first != second {
        assert_eq!(enter(&e, addr, &attempt, &first).await.unwrap_err(), code_invalid());
    }
    assert!(enter(&e, addr, &attempt, &second).await.is_ok());
}

#[tokio::test]
async fn five_wrong_tries_burn_the_code() {
    let e = env().await;
    let addr = "anna@example.com";
    let (attempt, code) = ask(&e, addr).await;
    let wrong = other_code(&code);
    // A known device (five tries are more than a stranger's day allows).
    let phone = enter(&e, addr, &attempt, &code).await.unwrap().device;
    let browser = SignInBrowser { attempt: Some(&attempt), device: Some(&phone) };
    e.s.request_code(&email(addr), IP, "en", browser).await.unwrap();
    let code = last_code(&e, addr).await;
    let wrong_here = other_code(&code);
    let _ = wrong;
    for _ in 0..5 {
        assert_eq!(e.s.verify_code(&email(addr), wrong_here, IP, browser, None).await.unwrap_err(), code_invalid());
    }
    // Even the right code no longer works: a new one is needed.
    assert_eq!(e.s.verify_code(&email(addr), &code, IP, browser, None).await.unwrap_err(), code_invalid());
}

/// The odds of guessing a targeted address's code within a month are
/// stated, and under one in ten thousand.
#[test]
fn guessing_a_code_within_a_month_is_less_likely_than_one_in_ten_thousand() {
    use server::services::sign_in::*;
    assert_eq!(GUESSES_IN_31_DAYS, 96);
    assert_eq!(one_in_per_month(), 10_416);
    assert!(one_in_per_month() > 10_000);
}

#[tokio::test]
async fn code_requests_are_rate_limited_per_address_and_per_ip() {
    let e = env().await;
    let addr = email("busy@example.com");
    for _ in 0..5 {
        e.s.request_code(&addr, IP, "en", Default::default()).await.unwrap();
    }
    assert_eq!(e.s.request_code(&addr, IP, "en", Default::default()).await.unwrap_err(), AppError::TooManyRequests);
    // Another address from another IP is unaffected.
    let other_ip = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
    e.s.request_code(&email("calm@example.com"), other_ip, "en", Default::default()).await.unwrap();
    // After the window the address may ask again.
    e.clock.advance(Duration::minutes(16));
    e.s.request_code(&addr, IP, "en", Default::default()).await.unwrap();

    // One IP trying many addresses is stopped too.
    let ip = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 3));
    let mut refused = 0;
    for i in 0..40 {
        if e.s.request_code(&email(&format!("p{i}@example.com")), ip, "en", Default::default()).await
            == Err(AppError::TooManyRequests)
        {
            refused += 1;
        }
    }
    assert_eq!(refused, 10, "30 requests per IP per window");
}

#[tokio::test]
async fn the_answer_is_the_same_for_known_and_unknown_addresses() {
    let e = env().await;
    sign_in(&e, "known@example.com").await;
    let known = e.s.request_code(&email("known@example.com"), IP, "en", Default::default()).await;
    let unknown = e.s.request_code(&email("unknown@example.com"), IP, "en", Default::default()).await;
    assert_eq!(known.map(|a| a.len()), unknown.map(|a| a.len()));
}

#[tokio::test]
async fn sessions_expire_when_idle_and_after_twelve_hours() {
    let e = env().await;
    let token = sign_in(&e, "a@example.com").await;
    e.clock.advance(Duration::minutes(29));
    assert!(e.s.session(&token).await.unwrap().is_some(), "29 minutes idle is fine");
    e.clock.advance(Duration::minutes(31));
    assert!(e.s.session(&token).await.unwrap().is_none(), "31 minutes idle ends it");

    // Active all day: still ends after 12 hours.
    let token = sign_in(&e, "b@example.com").await;
    for _ in 0..(12 * 4 - 1) {
        e.clock.advance(Duration::minutes(15));
        assert!(e.s.session(&token).await.unwrap().is_some());
    }
    e.clock.advance(Duration::minutes(16));
    assert!(e.s.session(&token).await.unwrap().is_none(), "absolute timeout");
}

#[tokio::test]
async fn sign_out_and_rotation_end_the_old_session() {
    let e = env().await;
    let token = sign_in(&e, "a@example.com").await;
    e.s.sign_out(&token).await.unwrap();
    assert!(e.s.session(&token).await.unwrap().is_none());

    let old = sign_in(&e, "a@example.com").await;
    let (attempt, code) = ask(&e, "a@example.com").await;
    let browser = SignInBrowser { attempt: Some(&attempt), device: None };
    let new = e.s.verify_code(&email("a@example.com"), &code, IP, browser, Some(&old)).await.unwrap();
    assert_ne!(new.token, old);
    assert!(e.s.session(&old).await.unwrap().is_none(), "signing in again rotates the session");
    assert!(e.s.session(&new.token).await.unwrap().is_some());
}

#[tokio::test]
async fn only_hashes_of_codes_and_tokens_are_stored() {
    let e = env().await;
    let token = sign_in(&e, "a@example.com").await;
    let code = last_code(&e, "a@example.com").await;
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(e.s.db.pool()).await.unwrap();
    assert!(!stored.contains(&token));
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT code_hash FROM sign_in_codes").fetch_all(e.s.db.pool()).await.unwrap();
    assert!(codes.iter().all(|c| !c.contains(&code)));
}

/// A person's time zone: what they choose holds; what a browser reports
/// counts only while they have none; a worker starts with her case's; the
/// next sign-in, on any device, brings it along.
#[tokio::test]
async fn the_time_zone_is_the_persons_choice_else_the_browsers_else_the_cases() {
    use app::domain::*;
    let e = env().await;
    let pro = account(&e, &sign_in(&e, "pro@example.com").await).await;
    let (attempt, code) = ask(&e, "pro@example.com").await;
    assert_eq!(enter(&e, "pro@example.com", &attempt, &code).await.unwrap().time_zone, None, "none chosen yet");

    let amsterdam: Zone = "Europe/Amsterdam".parse().unwrap();
    let browsers: Zone = "America/New_York".parse().unwrap();
    // The browser's report fills in the blank, once.
    assert_eq!(e.s.set_time_zone(&pro, browsers, true).await.unwrap(), browsers);
    assert_eq!(e.s.set_time_zone(&pro, amsterdam, true).await.unwrap(), browsers, "a report changes no zone");
    // The person's own choice always holds, and comes with the next sign-in.
    assert_eq!(e.s.set_time_zone(&pro, amsterdam, false).await.unwrap(), amsterdam);
    assert_eq!(e.s.set_time_zone(&pro, browsers, true).await.unwrap(), amsterdam, "a report does not undo a choice");
    let (attempt, code) = ask(&e, "pro@example.com").await;
    assert_eq!(enter(&e, "pro@example.com", &attempt, &code).await.unwrap().time_zone, Some(amsterdam));

    // A worker's case zone becomes hers when she has none.
    let (worker, _, _) = worker_with_case(&e, "worker@example.com").await;
    assert_eq!(e.s.set_time_zone(&worker, browsers, true).await.unwrap(), Zone::HELSINKI);
}
