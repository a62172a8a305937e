//! No token from a path reaches the server's log: a request that fails on
//! a referral link's path (refused as cross-site, which logs a warning
//! inside the request's span) leaves the path in the log with the token
//! replaced.
mod common;

use axum::body::Body;
use axum::http::{header, Request};
use common::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn a_token_in_a_path_never_reaches_the_log() {
    let log = CapturedLog::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .init();
    let e = env().await;
    let r = router(&e);
    let token = "kVxQ3b9wPz1sT5rL8mN2cJ7hF4gD6aYeUiOoR0tWq_A";
    for (method, origin) in [("POST", Some("https://evil.example")), ("GET", None)] {
        let mut req =
            Request::builder().method(method).uri(format!("/referral/{token}")).header(header::ACCEPT, "text/html");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        let res = r.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        let _ = res.into_body().collect().await;
    }
    let text = log.text();
    assert!(text.contains("cross-site POST refused"), "the refusal is logged: {text}");
    assert!(text.contains("/referral/"), "the path is there, redacted: {text}");
    assert!(!text.contains(token), "the token is in the log:\n{text}");
    assert!(!text.contains(&token[..12]), "part of the token is in the log:\n{text}");
}
