//! Guessing a sign-in code, bounded over time, without locking the real
//! person out: driven through the router as browsers would (each with its
//! own cookies and address).
mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::Duration;
use common::*;
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use tower::ServiceExt;

const SESSION: &str = "__Host-rtw-session";

/// A browser: its address and its cookies.
struct Browser {
    ip: IpAddr,
    jar: BTreeMap<String, String>,
}

impl Browser {
    fn new(ip: &str) -> Browser {
        Browser { ip: ip.parse().unwrap(), jar: BTreeMap::new() }
    }

    async fn post(&mut self, r: &Router, path: &str, form: &str) -> StatusCode {
        let cookies: Vec<String> = self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if !cookies.is_empty() {
            req = req.header(header::COOKIE, cookies.join("; "));
        }
        let mut req = req.body(Body::from(form.to_string())).unwrap();
        req.extensions_mut().insert(ConnectInfo(SocketAddr::new(self.ip, 40000)));
        let res = r.clone().oneshot(req).await.unwrap();
        for set in res.headers().get_all(header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || set.to_str().unwrap().contains("Max-Age=0") {
                self.jar.remove(name);
            } else {
                self.jar.insert(name.to_string(), value.to_string());
            }
        }
        let status = res.status();
        let _ = res.into_body().collect().await;
        status
    }

    async fn ask(&mut self, r: &Router, addr: &str) -> StatusCode {
        self.post(r, "/api/sign-in/request-code", &format!("email={addr}")).await
    }

    async fn enter(&mut self, r: &Router, code: &str) -> StatusCode {
        self.post(r, "/api/sign-in/verify-code", &format!("code={code}")).await
    }

    fn signed_in(&self) -> bool {
        self.jar.contains_key(SESSION)
    }
}

fn wrong(code: &str) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
}

/// Someone else asking for codes for the address (an attacker, or the
/// person on another device) never voids the code being typed here.
#[tokio::test]
async fn another_browsers_requests_never_void_the_code_being_typed() {
    let e = env().await;
    let r = router(&e);
    let addr = "sanna@example.com";
    let mut phone = Browser::new("198.51.100.7");
    assert_eq!(phone.ask(&r, addr).await, StatusCode::OK);
    let code = last_code(&e, addr).await;
    for i in 0..3 {
        let mut other = Browser::new(&format!("203.0.113.{i}"));
        assert_eq!(other.ask(&r, addr).await, StatusCode::OK);
    }
    assert_eq!(phone.enter(&r, &code).await, StatusCode::OK);
    assert!(phone.signed_in());
}

/// Wrong codes for one address are counted across codes and browsers, a
/// day's budget: once spent, no code is even compared (the right one is
/// refused too) until the next day.
#[tokio::test]
async fn wrong_codes_per_address_are_a_days_budget_across_codes() {
    let e = env().await;
    let r = router(&e);
    let addr = "sanna@example.com";
    for i in 0..3 {
        let mut stranger = Browser::new(&format!("203.0.113.{i}"));
        assert_eq!(stranger.ask(&r, addr).await, StatusCode::OK);
        let code = last_code(&e, addr).await;
        assert_eq!(stranger.enter(&r, &wrong(&code)).await, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut lucky = Browser::new("203.0.113.50");
    assert_eq!(lucky.ask(&r, addr).await, StatusCode::OK);
    let code = last_code(&e, addr).await;
    assert_eq!(lucky.enter(&r, &code).await, StatusCode::TOO_MANY_REQUESTS, "the right code after the budget");
    assert!(!lucky.signed_in());
    // The next day the budget is whole again.
    e.clock.advance(Duration::days(1));
    let mut tomorrow = Browser::new("203.0.113.51");
    assert_eq!(tomorrow.ask(&r, addr).await, StatusCode::OK);
    let code = last_code(&e, addr).await;
    assert_eq!(tomorrow.enter(&r, &code).await, StatusCode::OK);
    assert!(tomorrow.signed_in());
}

/// A browser that signed in before keeps a budget of its own: strangers
/// asking six times in a quarter of an hour and spending the address's
/// wrong guesses do not lock the person out on their own phone.
#[tokio::test]
async fn strangers_cannot_lock_the_person_out_of_a_device_they_used_before() {
    let e = env().await;
    let r = router(&e);
    let addr = "sanna@example.com";
    let mut phone = Browser::new("198.51.100.7");
    assert_eq!(phone.ask(&r, addr).await, StatusCode::OK);
    assert_eq!(phone.enter(&r, &last_code(&e, addr).await).await, StatusCode::OK);
    // Later the session has ended; the phone is still the phone.
    phone.jar.remove(SESSION);
    e.clock.advance(Duration::hours(1));
    for i in 0..6 {
        let mut stranger = Browser::new(&format!("203.0.113.{i}"));
        let asked = stranger.ask(&r, addr).await;
        if asked == StatusCode::OK {
            let code = last_code(&e, addr).await;
            stranger.enter(&r, &wrong(&code)).await;
        }
    }
    assert_eq!(phone.ask(&r, addr).await, StatusCode::OK);
    assert_eq!(phone.enter(&r, &last_code(&e, addr).await).await, StatusCode::OK);
    assert!(phone.signed_in());
}

/// One IPv6 client holds a whole /64: its addresses share the per-client
/// limit, while the next /64 is another client.
#[tokio::test]
async fn an_ipv6_client_is_counted_per_64() {
    let e = env().await;
    let r = router(&e);
    let limit = server::services::sign_in::RATE_PER_IP as u32;
    for i in 1..=limit {
        let mut b = Browser::new(&format!("2001:db8:1:2::{i:x}"));
        assert_eq!(b.ask(&r, &format!("p{i}@example.com")).await, StatusCode::OK, "request {i}");
    }
    let mut same_64 = Browser::new("2001:db8:1:2:ffff:ffff:ffff:ffff");
    assert_eq!(same_64.ask(&r, "late@example.com").await, StatusCode::TOO_MANY_REQUESTS);
    let mut next_64 = Browser::new("2001:db8:1:3::1");
    assert_eq!(next_64.ask(&r, "late@example.com").await, StatusCode::OK);
}
