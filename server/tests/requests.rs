//! Information requests against a real database: the worker approves,
//! narrows or declines; the asker sees exactly the narrowed grant; an
//! employer cannot ask; answers land once; unanswered requests lapse.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;

struct Team {
    worker: Account,
    case: CaseId,
    eva: Account,
    boss: Account,
}

async fn team(e: &Env) -> Team {
    let (worker, case, _gp) = worker_with_case(e, "sanna@example.com").await;
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    e.s.add_participant(&worker, case, add("insurance_physician", "Dr Eva Lind", "eva@example.com")).await.unwrap();
    e.s.add_participant(&worker, case, add("employer", "Pekka Mäkinen", "pekka@example.com")).await.unwrap();
    let eva = account(e, &sign_in(e, "eva@example.com").await).await;
    let boss = account(e, &sign_in(e, "pekka@example.com").await).await;
    Team { worker, case, eva, boss }
}

fn ask(e: &Env, cats: &[&str]) -> InfoRequestText {
    let until = (e.clock_today() + chrono::Days::new(60)).to_string();
    InfoRequestText::parse(cats.iter().copied(), "work_capacity_assessment", "For the benefit decision", &until)
        .unwrap()
}

fn answer(decision: &str, cats: &[&str], until: &str) -> WorkerReply {
    WorkerReply::parse(decision, cats.iter().copied(), until).unwrap()
}

async fn seen(e: &Env, who: &Account, case: CaseId) -> Vec<(Category, Option<chrono::NaiveDate>)> {
    let v = e.s.shared_case(who, case).await.unwrap();
    v.sections.iter().map(|s| (s.category, s.until)).collect()
}

#[tokio::test]
async fn a_narrowed_request_gives_exactly_the_narrowed_grant() {
    let e = env().await;
    let t = team(&e).await;
    assert!(seen(&e, &t.eva, t.case).await.is_empty());
    let id = e.s.ask(&t.eva, t.case, ask(&e, &["absence", "work_ability"])).await.unwrap();
    // Asking shares nothing.
    assert!(seen(&e, &t.eva, t.case).await.is_empty());
    let page = e.s.requests(&t.worker, t.case).await.unwrap();
    assert_eq!(page.requests[0].status, RequestStatus::Pending);
    assert_eq!(page.requests[0].why, "For the benefit decision");

    let shorter = e.clock_today() + chrono::Days::new(20);
    e.s.answer_request(&t.worker, t.case, id, answer("approve", &["work_ability"], &shorter.to_string()))
        .await
        .unwrap();
    assert_eq!(seen(&e, &t.eva, t.case).await, vec![(Category::WorkAbility, Some(shorter))]);
    let theirs = e.s.my_requests(&t.eva, t.case).await.unwrap();
    let q = &theirs.requests[0];
    assert_eq!(
        (q.status, q.approved.clone(), q.approved_until),
        (RequestStatus::Approved, vec![Category::WorkAbility], Some(shorter))
    );
    // The grant is an ordinary grant: in the history, and revocable.
    let p = q.from;
    e.s.revoke(&t.worker, t.case, p, None).await.unwrap();
    assert!(seen(&e, &t.eva, t.case).await.is_empty());
    // An answer lands once.
    let again = e.s.answer_request(&t.worker, t.case, id, answer("decline", &[], "")).await;
    assert!(matches!(again, Err(AppError::Invalid(ref v)) if v[0].key == ErrorKey::StepNotAllowed), "{again:?}");
}

#[tokio::test]
async fn declined_widened_and_lapsed_requests_share_nothing() {
    let e = env().await;
    let t = team(&e).await;
    let id = e.s.ask(&t.eva, t.case, ask(&e, &["work_ability"])).await.unwrap();
    let grants = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM grants").fetch_one(e.s.db.pool()).await.unwrap()
    };
    let before = grants().await;
    let wider = e.s.answer_request(&t.worker, t.case, id, answer("approve", &["diagnosis"], "")).await;
    assert!(matches!(wider, Err(AppError::Invalid(ref v)) if v[0].key == ErrorKey::NarrowOnly), "{wider:?}");
    // Only the worker answers.
    let by_eva = e.s.answer_request(&t.eva, t.case, id, answer("approve", &["work_ability"], "")).await;
    assert_eq!(by_eva, Err(AppError::NotFound));
    e.s.answer_request(&t.worker, t.case, id, answer("decline", &[], "")).await.unwrap();
    assert_eq!(grants().await, before);
    assert_eq!(e.s.my_requests(&t.eva, t.case).await.unwrap().requests[0].status, RequestStatus::Declined);

    // Unanswered for two weeks: expired, and can no longer be approved.
    let late = e.s.ask(&t.eva, t.case, ask(&e, &["absence"])).await.unwrap();
    e.clock.advance(chrono::Duration::days(15));
    let page = e.s.requests(&t.worker, t.case).await.unwrap();
    assert_eq!(page.requests.iter().find(|q| q.id == late).unwrap().status, RequestStatus::Expired);
    let r = e.s.answer_request(&t.worker, t.case, late, answer("approve", &["absence"], "")).await;
    assert!(matches!(r, Err(AppError::Invalid(ref v)) if v[0].key == ErrorKey::StepNotAllowed), "{r:?}");
    assert_eq!(grants().await, before);
}

#[tokio::test]
async fn an_employer_cannot_ask_and_nobody_reads_anothers_requests() {
    let e = env().await;
    let t = team(&e).await;
    assert_eq!(e.s.ask(&t.boss, t.case, ask(&e, &["adjustments"])).await, Err(AppError::NotFound));
    assert_eq!(e.s.my_requests(&t.boss, t.case).await.map(|_| ()), Err(AppError::NotFound));
    e.s.ask(&t.eva, t.case, ask(&e, &["absence"])).await.unwrap();
    // Another professional of the case sees only their own (none).
    let gp = account(&e, &sign_in(&e, "gp@example.com").await).await;
    assert!(e.s.my_requests(&gp, t.case).await.unwrap().requests.is_empty());
    assert_eq!(e.s.requests(&gp, t.case).await.map(|_| ()), Err(AppError::NotFound));
}

/// A request nobody answered in time lapses, and both sides are told once
/// (the neutral mail), in the access log; the worker can still share with
/// the asker from their page.
#[tokio::test]
async fn a_lapsed_request_is_told_to_the_worker_and_the_asker_once() {
    let e = env().await;
    let (worker, case, _gp) = worker_with_case(&e, "sanna@example.com").await;
    let p = NewParticipant::parse("insurance_physician", "Dr Eva Lind", "", "eva@example.com", "").unwrap();
    e.s.add_participant(&worker, case, p).await.unwrap();
    let eva = account(&e, &sign_in(&e, "eva@example.com").await).await;
    let ask = InfoRequestText::parse(["work_ability"], "work_capacity_assessment", "For the decision", "");
    e.s.ask(&eva, case, ask.unwrap()).await.unwrap();
    let mails = |to: &'static str| {
        let pool = e.s.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
                .bind(to)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let (to_worker, to_eva) = (mails("sanna@example.com").await, mails("eva@example.com").await);
    // Not yet: nothing to tell.
    assert_eq!(server::services::requests::tell_lapsed(&e.s).await.unwrap(), 0);
    e.clock.advance(chrono::Duration::days(15));
    assert_eq!(server::services::requests::tell_lapsed(&e.s).await.unwrap(), 1);
    assert_eq!(mails("sanna@example.com").await, to_worker + 1);
    assert_eq!(mails("eva@example.com").await, to_eva + 1);
    assert_eq!(e.last_log().await, ("lapse_request".into(), "allowed".into(), Some(case.0)));
    // Once.
    assert_eq!(server::services::requests::tell_lapsed(&e.s).await.unwrap(), 0);
    let page = e.s.requests(&worker, case).await.unwrap();
    assert_eq!(page.requests[0].status, RequestStatus::Expired);
    // It no longer waits on My case.
    let home = e.s.case_home(&worker).await.unwrap().unwrap();
    assert!(!home.waiting.iter().any(|w| matches!(w.item, WaitingItem::Request(_))));
}
