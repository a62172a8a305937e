//! A database that cannot be written (a full disk, a read-only file, a
//! PostgreSQL server in recovery) answers 503 in the reader's language,
//! shows nothing, changes nothing, and the portal recovers by itself when
//! writing works again. Here the failure is injected as an error raised by
//! the database on every access-log insert, which every read and every
//! write makes; the crash harness (`scripts/crash.sh`) fills a real disk.
mod common;

use app::ports::prelude::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Makes the database refuse, or accept again, every access-log row.
async fn writable(e: &Env, on: bool) {
    let statements: &[&str] = match (on_postgres(), on) {
        (false, false) => &["CREATE TRIGGER injected_failure BEFORE INSERT ON access_log \
             BEGIN SELECT RAISE(ABORT, 'injected I/O error'); END"],
        (true, false) => &[
            "CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'injected I/O error'; END $$",
            "CREATE TRIGGER injected_failure BEFORE INSERT ON access_log \
             FOR EACH ROW EXECUTE FUNCTION injected_failure()",
        ],
        (false, true) => &["DROP TRIGGER injected_failure"],
        (true, true) => &["DROP TRIGGER injected_failure ON access_log", "DROP FUNCTION injected_failure()"],
    };
    for sql in statements {
        sqlx::query(sql).execute(e.s.db.pool()).await.unwrap();
    }
}

async fn send(r: &axum::Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = tokio::time::timeout(std::time::Duration::from_secs(30), r.clone().oneshot(req))
        .await
        .expect("answers within 30 s")
        .unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn page(path: &str, token: &str, language: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, format!("__Host-rtw-session={token}"))
        .header(header::ACCEPT_LANGUAGE, language)
        .body(Body::empty())
        .unwrap()
}

fn grant_form(case: impl std::fmt::Display, pid: impl std::fmt::Display, token: &str) -> Request<Body> {
    let form = format!(
        "case_id={case}&participant_id={pid}&categories%5Bwork_ability%5D=on&purpose=rtw_planning&until=&until_revoked=on"
    );
    Request::post("/api/sharing/grant")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("__Host-rtw-session={token}"))
        .body(Body::from(form))
        .unwrap()
}

/// A text of the reader's language, as the pages show it.
fn text(language: &str, key: &str) -> String {
    let path = format!("{}/../app/locales/{language}.json", env!("CARGO_MANIFEST_DIR"));
    let all: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    all[key].as_str().unwrap().to_string()
}

async fn grants(e: &Env) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM grants").fetch_one(e.s.db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_database_that_cannot_write_answers_503_shows_nothing_and_recovers() {
    let e = env().await;
    let r = common::router(&e);
    let (_, case, pid) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    let (status, _, body) = send(&r, page("/case", &token, "en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Dr Korhonen"), "the case shows while writing works");
    let (grants_before, log_before) = (grants(&e).await, e.log_rows().await);

    writable(&e, false).await;
    // Every read logs first (promise 5): with no log, no page. Each page
    // says so in the reader's language, with a hint to try again.
    let pages =
        [("/case".to_string(), "fi"), (format!("/case/{case}/sharing"), "nl"), (format!("/case/{case}/work"), "en")];
    for (path, language) in pages {
        let (status, headers, body) = send(&r, page(&path, &token, language)).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{path}: {body}");
        assert_eq!(headers[header::RETRY_AFTER], "30", "{path}");
        assert!(body.contains(&text(language, "unavailable_title")), "{path} in {language}: {body}");
        assert!(!body.contains("Sanna Virtanen") && !body.contains("Korhonen"), "{path} shows nothing of the case");
    }
    // A write is refused whole, with the same status, never a 500.
    let (status, _, body) = send(&r, grant_form(case, pid, &token)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(!body.contains("database") && !body.contains("readonly"), "no detail leaks: {body}");

    writable(&e, true).await;
    assert_eq!(grants(&e).await, grants_before, "nothing was granted");
    let logged: Vec<(String, String, String)> =
        sqlx::query_as("SELECT action, outcome, role FROM access_log ORDER BY id")
            .fetch_all(e.s.db.pool())
            .await
            .unwrap();
    assert_eq!(e.log_rows().await, log_before, "nothing was logged: nothing was shown: {logged:?}");
    // Back by itself, on the same connections: no restart.
    let (status, _, body) = send(&r, page("/case", &token, "en")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Dr Korhonen"));
    let (status, _, body) = send(&r, grant_form(case, pid, &token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(grants(&e).await, grants_before + 1);
    let chain = server::verify::verify(&e.s.db).await.expect("the log chain still verifies");
    assert!(chain.chained > 0);
}

/// A page answers only after its access-log rows are committed: when the
/// COMMIT itself fails (here a deferred constraint that only COMMIT checks,
/// broken by every log row), the page answers 503, shows nothing of the
/// case, and no row of it is stored. Concurrent views share the failed
/// batch's fate, each with an error.
#[tokio::test]
async fn no_page_answers_before_its_log_rows_are_committed() {
    let e = env().await;
    let r = common::router(&e);
    let (me, _, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    let breaker: &[&str] = if on_postgres() {
        &[
            "CREATE TABLE commit_breaker (case_id BIGINT REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED)",
            "CREATE FUNCTION break_commit() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN INSERT INTO commit_breaker VALUES (-1); RETURN NEW; END $$",
            "CREATE TRIGGER break_commit AFTER INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION break_commit()",
        ]
    } else {
        &[
            "CREATE TABLE commit_breaker (case_id INTEGER REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TRIGGER break_commit AFTER INSERT ON access_log BEGIN INSERT INTO commit_breaker VALUES (-1); END",
        ]
    };
    for sql in breaker {
        sqlx::query(sql).execute(e.s.db.pool()).await.unwrap();
    }
    let before = e.log_rows().await;
    let (status, _, body) = send(&r, page("/case", &token, "en")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(!body.contains("Dr Korhonen"), "nothing of the case is shown");
    let mut views = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (s, me) = (e.s.clone(), me.clone());
        views.spawn(async move { s.my_case(&me).await.map(|_| ()) });
    }
    while let Some(view) = views.join_next().await {
        assert!(view.unwrap().is_err(), "no view returns data whose log rows were not committed");
    }
    assert_eq!(e.log_rows().await, before, "no log row of a failed commit is stored");

    let repair: &[&str] = if on_postgres() {
        &["DROP TRIGGER break_commit ON access_log", "DROP FUNCTION break_commit()"]
    } else {
        &["DROP TRIGGER break_commit"]
    };
    for sql in repair {
        sqlx::query(sql).execute(e.s.db.pool()).await.unwrap();
    }
    let (status, _, body) = send(&r, page("/case", &token, "en")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Dr Korhonen"));
    assert!(e.log_rows().await > before);
    server::verify::verify(&e.s.db).await.expect("the log chain still verifies");
}
