//! No token from a path reaches the server's log: a request that fails on
//! a referral link's path (refused as cross-site, which logs a warning
//! inside the request's span) leaves the path in the log with the token
//! replaced.
mod common;

use axum::body::Body;
use axum::http::{header, Request};
use common::*;
use http_body_util::BodyExt;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_token_in_a_path_never_reaches_the_log() {
    let log = Log::default();
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
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("cross-site POST refused"), "the refusal is logged: {text}");
    assert!(text.contains("/referral/"), "the path is there, redacted: {text}");
    assert!(!text.contains(token), "the token is in the log:\n{text}");
    assert!(!text.contains(&token[..12]), "part of the token is in the log:\n{text}");
}
