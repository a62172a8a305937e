//! A panic anywhere in a request is caught (tower-http's catch-panic
//! layer, and the request's tasks' own catcher): the person gets the
//! generic error page, and the log one line, in the request's span (with
//! its id), instead of a worker thread's panic message.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::CapturedLog;
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

/// A panic in a request (or in a task it started) is caught: the generic
/// error page, and one log line in the request's span, with its id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_is_answered_with_the_error_page_and_logged_once_with_the_request_id() {
    use axum::routing::get;
    let log = CapturedLog::default();
    let writer = log.clone();
    tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).init();
    let routes = axum::Router::new()
        .route(
            "/boom",
            get(|| async {
                if true {
                    panic!("boom in the handler")
                } else {
                    ""
                }
            }),
        )
        .route(
            "/task",
            get(|| async {
                any_spawner::Executor::spawn(async { panic!("boom in a task") });
                tokio::time::sleep(Duration::from_millis(200)).await;
                "answered"
            }),
        );
    let r = server::request_layers(routes, server::Timeouts::default());
    let call = |path: &'static str| {
        let r = r.clone();
        async move {
            let res = r.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
            let status = res.status();
            let id = res.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
            let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
            (status, id.unwrap_or_default(), body)
        }
    };
    let (status, id, body) = call("/boom").await;
    assert_eq!(status.as_u16(), 500);
    assert!(body.contains("Something went wrong on our side") && !body.contains("boom"), "{body}");
    let (status, task_id, body) = call("/task").await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "answered"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let text = log.text();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("panicked")).collect();
    assert_eq!(lines.len(), 2, "each panic logged once:\n{text}");
    assert!(lines.iter().any(|l| l.contains("a request panicked") && l.contains(&format!("id={id}"))), "{text}");
    assert!(
        lines.iter().any(|l| l.contains("a task of a request panicked") && l.contains(&format!("id={task_id}"))),
        "{text}"
    );
}
