//! The smaller points of the second security review: referral approval
//! checks the role ceiling like requests do; refer() answers one way for
//! every address it may not refer to; the cross-site guard compares
//! scheme, host and port; a body that never finishes is cut off.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Team {
    worker: Account,
    case: CaseId,
    psy: Account,
}

async fn team(e: &Env) -> Team {
    let (worker, case, _gp) = worker_with_case(e, "sanna@example.com").await;
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    e.s.add_participant(&worker, case, add("psychiatrist", "Dr Mark de Vries", "mark@example.com")).await.unwrap();
    e.s.add_participant(&worker, case, add("employer", "Pekka Mäkinen", "pekka@example.com")).await.unwrap();
    let psy = account(e, &sign_in(e, "mark@example.com").await).await;
    Team { worker, case, psy }
}

fn proposal(e: &Env, role: &str, to: &str, cats: &[&str]) -> ReferralProposal {
    let until = (e.clock_today() + chrono::Days::new(90)).to_string();
    let cats = cats.iter().copied();
    ReferralProposal::parse(role, "Dr Anna Jansen", "", to, "referral", "Please", cats, &until).unwrap()
}

async fn count(e: &Env, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(e.s.db.pool()).await.unwrap()
}

/// The address a referral went to became the employer's before the worker
/// approved: approval is refused as a request's would be, and nothing is
/// granted or sent (no diagnosis for an employer, no link).
#[tokio::test]
async fn approving_a_referral_checks_the_role_ceiling() {
    let e = env().await;
    let t = team(&e).await;
    let id =
        e.s.refer(&t.psy, t.case, proposal(&e, "psychologist", "anna@example.com", &["diagnosis", "treatment"])).await;
    let id = id.unwrap();
    // Meanwhile the address is the employer's in this case.
    let boss = NewParticipant::parse("employer", "Anna HR", "", "anna@example.com", "").unwrap();
    e.s.add_participant(&t.worker, t.case, boss).await.unwrap();
    let grants_before = count(&e, "SELECT COUNT(*) FROM grants").await;
    let until = (e.clock_today() + chrono::Days::new(30)).to_string();
    let answer = WorkerReply::parse("approve", ["diagnosis", "treatment"], &until).unwrap();
    let refused = e.s.answer_referral(&t.worker, t.case, id, answer).await;
    assert!(refused.is_err(), "approved for an employer: {refused:?}");
    assert_eq!(count(&e, "SELECT COUNT(*) FROM grants").await, grants_before, "nothing granted");
    let links =
        count(&e, "SELECT COUNT(*) FROM outbox WHERE recipient = 'anna@example.com' AND body LIKE '%/referral/%'");
    assert_eq!(links.await, 0, "no link sent");
}

/// A professional cannot learn who the employer is, who is in the team or
/// who was referred already: every address refer() may not refer to gets
/// one and the same answer.
#[tokio::test]
async fn refer_answers_alike_for_every_address_it_may_not_refer_to() {
    let e = env().await;
    let t = team(&e).await;
    e.s.refer(&t.psy, t.case, proposal(&e, "psychologist", "open@example.com", &["treatment"])).await.unwrap();
    let mut answers = Vec::new();
    for to in ["pekka@example.com", "open@example.com", "gp@example.com", "mark@example.com"] {
        let r = e.s.refer(&t.psy, t.case, proposal(&e, "psychologist", to, &["treatment"])).await;
        answers.push((to, r.map(|_| ()).unwrap_err()));
    }
    let first = answers[0].1.clone();
    assert!(matches!(first, AppError::Invalid(_)), "{first:?}");
    for (to, a) in &answers {
        assert_eq!(*a, first, "{to} answered differently");
    }
}

fn origin_post(origin: &str) -> Request<Body> {
    Request::post("/api/sign-in/request-code")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, origin)
        .body(Body::from("email=a%40example.com"))
        .unwrap()
}

/// The portal is reached over http here: a page at https on the same host
/// and port is another origin, refused like any other site.
#[tokio::test]
async fn the_cross_site_guard_compares_scheme_host_and_port() {
    let e = env().await;
    let r = router(&e);
    let status = |req: Request<Body>| {
        let r = r.clone();
        async move { r.oneshot(req).await.unwrap().status() }
    };
    assert_eq!(status(origin_post("https://127.0.0.1:3000")).await, StatusCode::FORBIDDEN);
    assert_eq!(status(origin_post("http://127.0.0.1:3001")).await, StatusCode::FORBIDDEN);
    assert_eq!(status(origin_post("http://127.0.0.1")).await, StatusCode::FORBIDDEN);
    assert_ne!(status(origin_post("http://127.0.0.1:3000")).await, StatusCode::FORBIDDEN);
}

/// A client that starts a body and never finishes it is answered 408 once
/// the body-read timeout passes, instead of holding the request forever.
#[tokio::test]
async fn a_body_that_never_finishes_is_cut_off() {
    let e = env().await;
    let r = router(&e);
    let slow = futures_util::stream::unfold(0u8, |n| async move {
        match n {
            0 => Some((Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"email=a")), 1)),
            _ => {
                tokio::time::sleep(std::time::Duration::from_secs(120)).await;
                None
            }
        }
    });
    let req = Request::post("/api/sign-in/request-code")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from_stream(slow))
        .unwrap();
    let started = std::time::Instant::now();
    let answer = tokio::time::timeout(std::time::Duration::from_secs(40), r.oneshot(req)).await;
    let res = answer.expect("no answer within 40 s: the slow body held the request").unwrap();
    assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
    assert!(started.elapsed() < std::time::Duration::from_secs(40));
    let _ = res.into_body().collect().await;
}
