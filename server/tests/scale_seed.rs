//! The benchmarks' scale seeder (`examples/seed_scale`) at a small scale: the population is what it says
//! (teams of 3 to 6 with one coordinator, grants by preset, the log rows
//! asked for), the access log verifies, the portal's own appends continue
//! its chain, the seeded worker and professional sign in and read their
//! pages through the real router, and a second run refuses.
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
// The seeder is an example (never in the production binary); its module
// is compiled into this test too.
#[path = "../examples/seed_scale/seed.rs"]
mod scale;
use scale::{seed, Options, SeedError};
use tower::ServiceExt;

async fn get(e: &Env, path: &str, token: &str) -> (StatusCode, String) {
    let req = Request::get(path).header(header::COOKIE, format!("__Host-rtw-session={token}")).body(Body::empty());
    let res = router(e).oneshot(req.unwrap()).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

async fn scalar(e: &Env, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(e.s.db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_small_scale_seed_is_consistent_and_usable() {
    let e = env().await;
    let options = Options { workers: 50, log_rows: 5_000, seed: 7, heavy: 0 };
    let summary = seed(&e.s.db, &options, e.s.now(), &|_| {}).await.unwrap();

    let count = |table: &str| summary.counts.iter().find(|(t, _)| *t == table).map(|(_, n)| *n).unwrap();
    assert_eq!(count("cases"), 50);
    assert_eq!(count("access_log"), 5_000);
    assert_eq!(e.log_rows().await, 5_000);
    assert!(count("accounts") > 50, "workers and professionals have accounts");
    assert!(count("grants") > count("participants"), "{:?}", summary.counts);
    for table in ["adjustments", "adjustment_steps", "concerns", "sign_in_codes", "rate_limits", "sessions", "outbox"] {
        assert!(count(table) > 0, "{table}: {:?}", summary.counts);
    }

    // Every team: 3 to 6 current members, exactly one coordinator.
    let teams: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT c.id, COUNT(p.id), CAST(COALESCE(SUM(p.is_coordinator), 0) AS BIGINT) FROM cases c
         JOIN participants p ON p.case_id = c.id AND p.removed_at IS NULL GROUP BY c.id",
    )
    .fetch_all(e.s.db.pool())
    .await
    .unwrap();
    assert_eq!(teams.len(), 50);
    for (case, members, coordinators) in teams {
        assert!((3..=6).contains(&members), "case {case}: {members} members");
        assert_eq!(coordinators, 1, "case {case}");
    }
    // Professionals are shared across cases, and each signs in as an account.
    let shared = scalar(&e, "SELECT COUNT(DISTINCT email) FROM participants").await;
    assert!(shared < count("participants"), "{shared} addresses");
    let orphans = scalar(
        &e,
        "SELECT COUNT(*) FROM participants p WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.email = p.email)",
    )
    .await;
    assert_eq!(orphans, 0);
    // Every current member has their role's preset granted at some time; history exists.
    let without = scalar(
        &e,
        "SELECT COUNT(*) FROM participants p WHERE NOT EXISTS (SELECT 1 FROM grants g WHERE g.participant_id = p.id)",
    )
    .await;
    assert_eq!(without, 0);
    assert!(scalar(&e, "SELECT COUNT(*) FROM grants WHERE end_reason = 'replaced'").await > 0);
    let employer_beyond = scalar(
        &e,
        "SELECT COUNT(*) FROM grants g JOIN participants p ON p.id = g.participant_id
         WHERE p.role = 'employer' AND g.category <> 'adjustments'",
    )
    .await;
    assert_eq!(employer_beyond, 0, "the employer ceiling holds in seeded grants too");

    let report = server::verify::verify(&e.s.db).await.unwrap();
    assert_eq!((report.chained, report.unchained), (5_000, 0));

    // The seeded worker signs in and reads My case through the real router.
    let token = sign_in(&e, &summary.worker.email).await;
    let (status, page) = get(&e, "/case", &token).await;
    assert_eq!(status, StatusCode::OK);
    let case = summary.worker.case.unwrap();
    let member: String = sqlx::query_scalar(
        "SELECT name FROM participants WHERE case_id = $1 AND removed_at IS NULL ORDER BY id LIMIT 1",
    )
    .bind(case)
    .fetch_one(e.s.db.pool())
    .await
    .unwrap();
    let escaped = member.replace('\'', "&#x27;");
    assert!(page.contains(&member) || page.contains(&escaped), "the care team is on My case: {member}");
    let (status, _) = get(&e, &format!("/case/{}/activity", case.0), &token).await;
    assert_eq!(status, StatusCode::OK);

    // The professional signs in and lists their cases.
    let token = sign_in(&e, &summary.professional.email).await;
    let (status, _) = get(&e, "/shared", &token).await;
    assert_eq!(status, StatusCode::OK);

    // The employer signs in and opens a case: only what was sent to them.
    let token = sign_in(&e, &summary.employer.email).await;
    let (status, list) = get(&e, "/shared", &token).await;
    assert_eq!(status, StatusCode::OK);
    let first = list.split("/shared/").nth(1).and_then(|r| r.split('"').next()).expect("a case in the list");
    let (status, _) = get(&e, &format!("/shared/{first}"), &token).await;
    assert_eq!(status, StatusCode::OK);

    // The report names them on its last three lines, address first.
    let report = summary.report();
    let last: Vec<&str> = report.lines().rev().take(3).collect();
    assert!(last[0].starts_with(&format!("employer: {} ", summary.employer.email)), "{report}");
    assert!(last[1].starts_with(&format!("professional: {} ", summary.professional.email)), "{report}");
    assert!(last[2].starts_with(&format!("worker: {} ", summary.worker.email)), "{report}");

    // Those reads appended to the seeded chain, as the portal does.
    let report = server::verify::verify(&e.s.db).await.unwrap();
    assert!(report.chained > 5_000, "{report:?}");

    let again = seed(&e.s.db, &options, e.s.now(), &|_| {}).await;
    assert!(matches!(again, Err(SeedError::NotEmpty(50))), "{again:?}");
}
