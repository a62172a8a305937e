//! Joining a case by a code at the appointment: the worker shows it, a
//! professional enters it, the worker confirms the person. Every refusal
//! (a wrong, guessed, spent, replaced or expired code, the worker's own
//! code, too many tries, a late answer) changes nothing.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;
use std::net::{IpAddr, Ipv4Addr};

const IP: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3));

fn contact(name: &str, org: &str, email_said: &str) -> Contact {
    Contact::parse(name, org, email_said, "").unwrap()
}

async fn pro(e: &Env, addr: &str) -> Account {
    let token = sign_in(e, addr).await;
    account(e, &token).await
}

/// The worker shows a code for `role`; returns it as shown.
async fn show(e: &Env, worker: &Account, case: CaseId, role: Role) -> String {
    e.s.show_join_code(worker, case, role).await.unwrap();
    let page = e.s.join_page(worker, case).await.unwrap();
    let current = page.current.expect("a code");
    assert_eq!(current.status, JoinStatus::Waiting);
    assert_eq!(current.role, role);
    assert!(current.link.ends_with(&format!("/join/{}", current.code.replace('-', ""))), "{}", current.link);
    assert!(current.qr_svg.starts_with("<svg"), "an inline SVG QR code");
    current.code
}

/// What a refusal must leave as it was: the team, and every join code's row.
async fn state(e: &Env) -> (Vec<(i64, String, String)>, Vec<(i64, Option<i64>, Option<String>)>) {
    let team =
        sqlx::query_as("SELECT id, role, email FROM participants ORDER BY id").fetch_all(e.s.db.pool()).await.unwrap();
    let codes = sqlx::query_as("SELECT id, entered_by, outcome FROM join_codes ORDER BY id")
        .fetch_all(e.s.db.pool())
        .await
        .unwrap();
    (team, codes)
}

fn is_not_valid(r: Result<JoinId, AppError>) -> bool {
    matches!(r, Err(AppError::Invalid(ref errors)) if errors.len() == 1
        && errors[0].field == "code" && errors[0].key == ErrorKey::JoinCodeInvalid)
}

#[tokio::test]
async fn a_professional_joins_by_the_code_once_the_worker_confirms_them() {
    let e = env().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let code = show(&e, &worker, case, Role::OccupationalPhysician).await;
    let doc = pro(&e, "laine@tyoterveys.example").await;

    // Typed as read off the phone: lower case, a space for the dash. The
    // address the form claims does not count: the account's does.
    let typed = code.to_lowercase().replace('-', " ");
    let said = contact("Dr Laine", "Työterveys Oy", "someone.else@example.com");
    let join = e.s.enter_join_code(&doc, IP, &typed, said).await.unwrap();
    let waiting = e.s.joiner_page(&doc, join).await.unwrap().status;
    assert!(matches!(waiting, JoinerStatus::Waiting { .. }), "{waiting:?}");
    // Not in the team yet: their list is empty and the case is not theirs.
    assert!(e.s.invitations(&doc, None).await.unwrap().cases.is_empty());
    assert_eq!(e.s.shared_case(&doc, case).await.unwrap_err(), AppError::NotFound);

    let page = e.s.join_page(&worker, case).await.unwrap().current.unwrap();
    let JoinStatus::Entered(who) = &page.status else { panic!("entered: {:?}", page.status) };
    assert_eq!((who.name.as_str(), who.organisation.as_str()), ("Dr Laine", "Työterveys Oy"));
    assert_eq!(who.email.as_str(), "laine@tyoterveys.example");
    assert!(page.code.is_empty() && page.qr_svg.is_empty(), "an entered code is not shown again");

    e.s.answer_join(&worker, case, join, true).await.unwrap();
    let team = e.s.my_case(&worker).await.unwrap().unwrap().participants;
    let joined = team.iter().find(|p| p.contact.email.as_str() == "laine@tyoterveys.example").expect("in the team");
    assert_eq!(joined.role, Role::OccupationalPhysician);
    assert!(joined.grants.is_empty() && joined.sees.is_empty(), "joining shares nothing");
    assert_eq!(e.s.joiner_page(&doc, join).await.unwrap().status, JoinerStatus::Joined(case));
    assert_eq!(e.s.invitations(&doc, None).await.unwrap().cases.len(), 1);

    // Every step is in the case's access log, allowed.
    let steps: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, outcome FROM access_log WHERE case_id = $1 AND action IN
         ('show_join_code', 'enter_join_code', 'answer_join') ORDER BY id",
    )
    .bind(case)
    .fetch_all(e.s.db.pool())
    .await
    .unwrap();
    let actions: Vec<&str> = steps.iter().map(|(a, _)| a.as_str()).collect();
    assert!(actions.contains(&"enter_join_code") && actions.ends_with(&["answer_join"]), "{actions:?}");
    assert!(steps.iter().all(|(_, outcome)| outcome == "allowed"), "{steps:?}");

    // Answering again is refused and changes nothing.
    let before = state(&e).await;
    let again = e.s.answer_join(&worker, case, join, true).await.unwrap_err();
    assert_eq!(again, AppError::field("join", ErrorKey::JoinAnswered));
    assert_eq!(state(&e).await, before);
}

#[tokio::test]
async fn wrong_guessed_spent_replaced_and_expired_codes_get_one_answer_and_change_nothing() {
    let e = env().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let doc = pro(&e, "laine@tyoterveys.example").await;
    let other = pro(&e, "stranger@elsewhere.example").await;
    let me = || contact("Dr Laine", "", "laine@tyoterveys.example");

    // Replaced: a newer code ends the older one.
    let old = show(&e, &worker, case, Role::Gp).await;
    let code = show(&e, &worker, case, Role::OccupationalPhysician).await;
    assert_ne!(old, code);
    let before = state(&e).await;
    assert!(is_not_valid(e.s.enter_join_code(&doc, IP, &old, me()).await));
    // Guessed (a well-formed code nobody showed) and mistyped.
    let guessed = if code.starts_with('0') { "1111-1111" } else { "0000-0000" };
    assert!(is_not_valid(e.s.enter_join_code(&doc, IP, guessed, me()).await));
    assert!(is_not_valid(e.s.enter_join_code(&doc, IP, "not a code", me()).await));
    // The worker's own code is not hers to enter; nor is it for someone
    // already in the team (the table lets in only those outside the case).
    assert!(is_not_valid(e.s.enter_join_code(&worker, IP, &code, me()).await));
    let gp_token = sign_in(&e, "gp@example.com").await;
    let gp = account(&e, &gp_token).await;
    assert!(is_not_valid(e.s.enter_join_code(&gp, IP, &code, me()).await));
    assert_eq!(state(&e).await, before, "no refusal changed anything");

    // Each refusal is in the person's own log of sign-in steps, the live
    // code's refusals too (nothing there tells a live code from a wrong one).
    let refused = |who: AccountId| {
        let pool = e.s.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM account_events WHERE account_id = $1 AND event = 'join_code_refused'",
            )
            .bind(who)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(refused(doc.id).await, 3);
    assert_eq!((refused(worker.id).await, refused(gp.id).await), (1, 1));

    // Spent: the first to enter it has it; the second gets the same answer.
    e.s.enter_join_code(&doc, IP, &code, me()).await.unwrap();
    let before = state(&e).await;
    assert!(is_not_valid(e.s.enter_join_code(&other, IP, &code, contact("X", "", "x@example.com")).await));
    assert_eq!(state(&e).await, before);

    // Expired: nobody entered it in its minutes.
    let late = show(&e, &worker, case, Role::Psychologist).await;
    e.clock.advance(chrono::Duration::milliseconds(JOIN_CODE_MS));
    let before = state(&e).await;
    assert!(is_not_valid(e.s.enter_join_code(&other, IP, &late, contact("X", "", "x@example.com")).await));
    assert_eq!(state(&e).await, before);
    let page = e.s.join_page(&worker, case).await.unwrap().current.unwrap();
    assert_eq!(page.status, JoinStatus::Expired);
    assert!(page.code.is_empty(), "an expired code is not shown");
}

#[tokio::test]
async fn the_worker_may_decline_and_may_not_answer_late() {
    let e = env().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let doc = pro(&e, "laine@tyoterveys.example").await;
    let me = || contact("Dr Laine", "", "laine@tyoterveys.example");

    let code = show(&e, &worker, case, Role::Gp).await;
    let join = e.s.enter_join_code(&doc, IP, &code, me()).await.unwrap();
    let before_team = state(&e).await.0;
    e.s.answer_join(&worker, case, join, false).await.unwrap();
    assert_eq!(state(&e).await.0, before_team, "declined: nobody joins");
    assert_eq!(e.s.joiner_page(&doc, join).await.unwrap().status, JoinerStatus::NotJoined);
    assert_eq!(e.s.join_page(&worker, case).await.unwrap().current.unwrap().status, JoinStatus::Declined);

    // Entered, then not answered within the minutes: too late to let in.
    let code = show(&e, &worker, case, Role::Gp).await;
    let join = e.s.enter_join_code(&doc, IP, &code, me()).await.unwrap();
    e.clock.advance(chrono::Duration::milliseconds(JOIN_CODE_MS));
    let before = state(&e).await;
    assert_eq!(e.s.answer_join(&worker, case, join, true).await, Err(AppError::field("join", ErrorKey::JoinAnswered)));
    assert_eq!(state(&e).await, before);
    assert_eq!(e.s.joiner_page(&doc, join).await.unwrap().status, JoinerStatus::NotJoined);

    // Nobody else reads or answers the worker's codes (a stranger, someone
    // in her team, another worker), or reads the joiner's page.
    let other = pro(&e, "stranger@elsewhere.example").await;
    let gp = account(&e, &sign_in(&e, "gp@example.com").await).await;
    let (other_worker, _, _) = worker_with_case(&e, "tuuli@example.com").await;
    let before = state(&e).await;
    for who in [&other, &gp, &other_worker] {
        assert_eq!(e.s.join_page(who, case).await.unwrap_err(), AppError::NotFound);
        assert_eq!(e.s.answer_join(who, case, join, true).await.unwrap_err(), AppError::NotFound);
        assert_eq!(e.s.show_join_code(who, case, Role::Gp).await.unwrap_err(), AppError::NotFound);
        assert_eq!(e.s.joiner_page(who, join).await.unwrap_err(), AppError::NotFound);
    }
    assert_eq!(state(&e).await, before);

    // What became of a code stays on her page a while (twice its
    // minutes from when it was made), then goes.
    e.clock.advance(chrono::Duration::milliseconds(JOIN_CODE_MS + 1));
    assert!(e.s.join_page(&worker, case).await.unwrap().current.is_none());
}

#[tokio::test]
async fn someone_added_by_address_meanwhile_or_a_closed_case_is_not_joined_twice() {
    let e = env().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let doc = pro(&e, "laine@tyoterveys.example").await;
    let me = || contact("Dr Laine", "", "laine@tyoterveys.example");

    // Entered, then the worker adds the same person by address: answering
    // yes adds nobody a second time.
    let code = show(&e, &worker, case, Role::Gp).await;
    let join = e.s.enter_join_code(&doc, IP, &code, me()).await.unwrap();
    let by_address = NewParticipant::parse("gp", "Dr Laine", "", "laine@tyoterveys.example", "").unwrap();
    e.s.add_participant(&worker, case, by_address).await.unwrap();
    let before = state(&e).await;
    assert_eq!(e.s.answer_join(&worker, case, join, true).await, Err(AppError::field("join", ErrorKey::AlreadyInTeam)));
    assert_eq!(state(&e).await, before);

    // A closed case takes nobody in, by a code shown before it closed.
    let code = show(&e, &worker, case, Role::Psychologist).await;
    e.s.close_case(&worker, case, e.clock_today()).await.unwrap();
    let stranger = pro(&e, "stranger@elsewhere.example").await;
    let before = state(&e).await;
    assert!(is_not_valid(e.s.enter_join_code(&stranger, IP, &code, contact("S", "", "s@example.com")).await));
    assert_eq!(state(&e).await, before);
}

#[tokio::test]
async fn tries_are_limited_per_person_and_the_right_code_is_refused_once_they_are_spent() {
    let e = env().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let guesser = pro(&e, "guesser@example.com").await;
    let me = || contact("G", "", "guesser@example.com");
    let code = show(&e, &worker, case, Role::Gp).await;
    let wrong = if code.starts_with('0') { "1111-1111" } else { "0000-0000" };
    for _ in 0..JOIN_TRIES_PER_HOUR {
        assert!(is_not_valid(e.s.enter_join_code(&guesser, IP, wrong, me()).await));
    }
    let before = state(&e).await;
    assert_eq!(e.s.enter_join_code(&guesser, IP, &code, me()).await, Err(AppError::TooManyRequests));
    assert_eq!(state(&e).await, before, "the right code, refused, changed nothing");

    // From one network, everyone's refused tries together are limited too:
    // each person within their own limit, until the network's is spent.
    let network = IpAddr::V4(Ipv4Addr::new(10, 9, 9, 9));
    let people = JOIN_TRIES_PER_IP / JOIN_TRIES_PER_HOUR;
    for k in 0..people {
        let someone = pro(&e, &format!("p{k}@example.com")).await;
        for _ in 0..JOIN_TRIES_PER_HOUR {
            assert!(is_not_valid(e.s.enter_join_code(&someone, network, wrong, me()).await));
        }
    }
    let fresh = pro(&e, "fresh@example.com").await;
    assert_eq!(e.s.enter_join_code(&fresh, network, &code, me()).await, Err(AppError::TooManyRequests));

    // An hour on, the person may try again.
    e.clock.advance(chrono::Duration::hours(1));
    let code = show(&e, &worker, case, Role::Gp).await;
    e.s.enter_join_code(&guesser, IP, &code, me()).await.unwrap();
}

#[tokio::test]
async fn the_database_holds_no_code() {
    let e = env().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let code = show(&e, &worker, case, Role::Gp).await;
    let plain = code.replace('-', "");
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT seed, code_hash FROM join_codes").fetch_all(e.s.db.pool()).await.unwrap();
    for (seed, hash) in rows {
        for text in [seed, hash] {
            assert!(!text.contains(&plain) && !text.contains(&code), "{text}");
        }
    }
}
