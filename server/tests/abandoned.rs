//! The work of a request ends with it. A browser that gives up on a page
//! (or a scanner that times out) closes its connection, and the server
//! drops the request; whatever the page had started (a read of the case,
//! its log rows, the rendering after it) must stop there: nothing logged
//! for a page nobody got, and no error or panic from work that outlived
//! its request.
mod common;

use app::ports::prelude::*;
use axum::body::Body;
use axum::http::{header, Request};
use common::*;
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_page_stops_where_it_was() {
    let log = CapturedLog::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .init();
    let e = env().await;
    let r = router(&e);
    let (_, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    let pages = [
        "/case".to_string(),
        format!("/case/{case}/work"),
        format!("/case/{case}/concerns"),
        format!("/case/{case}/activity"),
        format!("/case/{case}/referrals"),
    ];
    for page in pages {
        let before = e.log_rows().await;
        // Every write waits: the page's read gets as far as owing its log
        // rows, and waits for its turn to write them.
        let hold = e.s.db.begin_write().await.unwrap();
        let req = Request::get(page.as_str())
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, format!("__Host-rtw-session={token}"))
            .body(Body::empty())
            .unwrap();
        let router = r.clone();
        let request = tokio::spawn(async move {
            let res = router.oneshot(req).await.unwrap();
            let _ = res.into_body().collect().await;
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        // The browser gives up: the server drops the request.
        request.abort();
        let _ = request.await;
        drop(hold);
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(e.log_rows().await, before, "{page}: a page nobody got was logged as seen");
    }
    // A page that awaits nothing (a path no route knows) is done before
    // the tasks it started have run: Leptos disposes its values as its
    // stream ends, and a task left running then (an effect's first run)
    // must stop there, not fail on them. A scanner asks for hundreds.
    let mut asked = Vec::new();
    for i in 0..600 {
        let req = Request::get(format!("/case/{case}/work.{i}.zip"))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, format!("__Host-rtw-session={token}"))
            .body(Body::empty())
            .unwrap();
        let router = r.clone();
        asked.push(tokio::spawn(async move {
            let res = router.oneshot(req).await.unwrap();
            assert_eq!(res.status().as_u16(), 404);
            let _ = res.into_body().collect().await;
        }));
        if asked.len() == 8 {
            for a in asked.drain(..) {
                a.await.unwrap();
            }
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let text = log.text();
    assert!(!text.contains("ERROR") && !text.contains("panicked"), "the log after abandoned pages:\n{text}");
}

/// Writers dropped at any moment (their requests abandoned) never leave
/// the batch's connection half way through a `BEGIN`, `SAVEPOINT` or
/// `RELEASE`: every write after them works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_dropped_at_any_moment_leave_the_writes_working() {
    let e = env().await;
    let (me, case, gp) = worker_with_case(&e, "sanna@example.com").await;
    for i in 0..200u64 {
        let s = e.s.clone();
        let me = me.clone();
        let w = tokio::spawn(async move {
            let _ = s.grant(&me, case, gp, None).await;
        });
        // Dropped somewhere between waiting for its turn and its commit.
        tokio::time::sleep(Duration::from_micros(50 * (i % 40))).await;
        w.abort();
        let _ = w.await;
    }
    for _ in 0..5 {
        e.s.grant(&me, case, gp, None).await.expect("a write after abandoned writers");
        e.s.revoke(&me, case, gp, None).await.expect("a write after abandoned writers");
    }
    server::verify::verify(&e.s.db).await.expect("the chain holds");
}
