//! Referrals against a real database: nothing shared or sent before the
//! worker approves, exactly the approved categories after, the link that
//! works for its recipient only and dies on revoke, removal and expiry, and
//! every refusal the issue names (each changes nothing).
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;
use std::net::{IpAddr, Ipv4Addr};

const IP: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
const REASON: &str = "Return-to-work planning, please";

struct Team {
    worker: Account,
    case: CaseId,
    psy: Account,
    boss: Account,
}

async fn team(e: &Env) -> Team {
    let (worker, case, _gp) = worker_with_case(e, "sanna@example.com").await;
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    e.s.add_participant(&worker, case, add("psychiatrist", "Dr Mark de Vries", "mark@example.com")).await.unwrap();
    e.s.add_participant(&worker, case, add("employer", "Pekka Mäkinen", "pekka@example.com")).await.unwrap();
    let psy = account(e, &sign_in(e, "mark@example.com").await).await;
    let boss = account(e, &sign_in(e, "pekka@example.com").await).await;
    Team { worker, case, psy, boss }
}

fn proposal(e: &Env, role: &str, to: &str, cats: &[&str]) -> ReferralProposal {
    let until = (e.clock_today() + chrono::Days::new(90)).to_string();
    ReferralProposal::parse(
        role,
        "Dr Anna Jansen",
        "Työterveys Oy",
        to,
        "referral",
        REASON,
        cats.iter().copied(),
        &until,
    )
    .unwrap()
}

fn approve(cats: &[&str], until: &str) -> WorkerReply {
    WorkerReply::parse("approve", cats.iter().copied(), until).unwrap()
}

async fn count(e: &Env, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(e.s.db.pool()).await.unwrap()
}

async fn mails_to(e: &Env, to: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT subject || ' ' || body FROM outbox WHERE recipient = $1 ORDER BY id")
        .bind(to)
        .fetch_all(e.s.db.pool())
        .await
        .unwrap()
}

/// The token in the newest referral mail to `to`.
async fn link_token(e: &Env, to: &str) -> String {
    let mails = mails_to(e, to).await;
    let body = mails.iter().rev().find(|m| m.contains("/referral/")).expect("a referral mail");
    let start = body.find("/referral/").unwrap() + "/referral/".len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

fn key(r: Result<impl std::fmt::Debug, AppError>) -> Option<ErrorKey> {
    match r {
        Err(AppError::Invalid(errors)) => errors.first().map(|e| e.key),
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// Proposed by the psychiatrist, approved narrower by the worker, opened by
/// the recipient through the link, accepted with a first appointment.
async fn referred_and_approved(e: &Env, t: &Team) -> (ReferralId, String) {
    let p = proposal(e, "occupational_physician", "anna@example.com", &["absence", "work_ability", "treatment"]);
    let id = e.s.refer(&t.psy, t.case, p).await.unwrap();
    let until = (e.clock_today() + chrono::Days::new(30)).to_string();
    e.s.answer_referral(&t.worker, t.case, id, approve(&["work_ability"], &until)).await.unwrap();
    (id, link_token(e, "anna@example.com").await)
}

#[tokio::test]
async fn nothing_is_shared_or_sent_before_the_worker_approves_then_exactly_what_was_approved() {
    let e = env().await;
    let t = team(&e).await;
    let p = proposal(&e, "occupational_physician", "anna@example.com", &["absence", "work_ability", "treatment"]);
    let id = e.s.refer(&t.psy, t.case, p).await.unwrap();

    // Before the worker's answer: no new participant, no grant, no mail to the recipient.
    let people = count(&e, "SELECT COUNT(*) FROM participants").await;
    let grants = count(&e, "SELECT COUNT(*) FROM grants").await;
    assert!(mails_to(&e, "anna@example.com").await.is_empty());
    let page = e.s.referrals(&t.worker, t.case).await.unwrap();
    assert_eq!(page.referrals[0].status, ReferralStatus::AwaitingWorker);
    assert_eq!(page.referrals[0].reason, REASON);
    // The worker was told, in the neutral sentence only.
    let told = mails_to(&e, "sanna@example.com").await;
    let news = told.last().unwrap();
    assert!(news.contains("something new") && !news.contains(REASON) && !news.contains("Mark"), "{news}");

    let until = e.clock_today() + chrono::Days::new(30);
    e.s.answer_referral(&t.worker, t.case, id, approve(&["work_ability"], &until.to_string())).await.unwrap();
    assert_eq!(count(&e, "SELECT COUNT(*) FROM participants").await, people + 1);
    assert_eq!(count(&e, "SELECT COUNT(*) FROM grants").await, grants + 1);

    // The mail: the neutral sentence and a link; no name, no reason, no clinic.
    let mails = mails_to(&e, "anna@example.com").await;
    assert_eq!(mails.len(), 1);
    for leak in ["Sanna", "Virtanen", REASON, "de Vries", "psychiatr"] {
        assert!(!mails[0].contains(leak), "the referral mail names {leak:?}: {}", mails[0]);
    }
    let token = link_token(&e, "anna@example.com").await;
    assert!(token.len() >= 22, "128 bits or more: {token}");
    // Only the hash is stored.
    let stored = count(&e, &format!("SELECT COUNT(*) FROM referrals WHERE token_hash LIKE '%{token}%'")).await;
    assert_eq!(stored, 0, "the token itself is not stored");

    // A GET-like look changes nothing.
    let before = count(&e, "SELECT COUNT(*) FROM referral_events").await;
    assert_eq!(e.s.link_state(&token).await.unwrap(), LinkState::Usable);
    assert_eq!(count(&e, "SELECT COUNT(*) FROM referral_events").await, before);

    // The recipient signs in, follows the link, sees exactly the approved category.
    let anna = account(&e, &sign_in(&e, "anna@example.com").await).await;
    assert_eq!(e.s.open_link(Some(&anna), &token, IP, "en", None).await.unwrap(), LinkOutcome::Enter(t.case));
    let seen = e.s.shared_case(&anna, t.case).await.unwrap();
    let cats: Vec<Category> = seen.sections.iter().map(|s| s.category).collect();
    assert_eq!(cats, vec![Category::WorkAbility]);
    let mine = e.s.my_referrals(&anna, t.case).await.unwrap();
    assert_eq!(mine.referrals[0].status, ReferralStatus::Opened);

    let day = e.clock_today() + chrono::Days::new(7);
    let accept = RecipientAnswer::Accept { first_appointment: Some(day) };
    e.s.take_referral(&anna, t.case, id, accept).await.unwrap();
    let page = e.s.referrals(&t.worker, t.case).await.unwrap();
    let r = &page.referrals[0];
    assert_eq!(r.status, ReferralStatus::Accepted);
    assert_eq!(r.first_appointment, Some(day));
    // Answered: the link is used up.
    assert_eq!(e.s.link_state(&token).await.unwrap(), LinkState::Dead);
    assert_eq!(e.s.open_link(Some(&anna), &token, IP, "en", None).await, Err(AppError::NotFound));
    let steps: Vec<ReferralStatus> = r.timeline.iter().map(|l| l.status).collect();
    use ReferralStatus::*;
    assert_eq!(steps, vec![AwaitingWorker, Sent, Opened, Accepted]);
    // The referrer follows it too, without what the worker approved.
    let theirs = e.s.my_referrals(&t.psy, t.case).await.unwrap();
    assert_eq!(theirs.referrals[0].status, Accepted);
    assert!(theirs.referrals[0].approved.is_empty());
}

#[tokio::test]
async fn the_link_works_for_its_recipient_only() {
    let e = env().await;
    let t = team(&e).await;
    let (_, token) = referred_and_approved(&e, &t).await;

    // Signed out: a code goes to the recipient's own address, not to whoever holds the link.
    let out = e.s.open_link(None, &token, IP, "en", None).await.unwrap();
    let LinkOutcome::CodeSent { email: to, case, attempt } = out else { panic!("{out:?}") };
    assert_eq!((to, case), (email("anna@example.com"), t.case));
    assert!(attempt.len() >= 43, "a fresh attempt for this browser");
    let code = last_code(&e, "anna@example.com").await;
    assert_eq!(code.len(), 6);

    // Someone else signed in (a stranger, or the employer of the case) is refused, and logged.
    let stranger = account(&e, &sign_in(&e, "mallory@example.com").await).await;
    for who in [&stranger, &t.boss, &t.psy] {
        let r = e.s.open_link(Some(who), &token, IP, "en", None).await;
        assert_eq!(key(r), Some(ErrorKey::LinkForSomeoneElse));
        let (action, outcome, case) = e.last_log().await;
        assert_eq!((action.as_str(), outcome.as_str(), case), ("open_referral_link", "denied", Some(t.case.0)));
    }
    // The worker reads the refusals in their access log.
    let q = LogFilter { participant: None, from: None, until: None, include_own: false, before: None };
    let log = e.s.access_log(&t.worker, t.case, q).await.unwrap();
    let refused = log.lines.iter().filter(|l| l.action == Operation::OpenReferralLink && !l.allowed).count();
    assert!(refused >= 3, "refusals in the worker's log: {refused}");
}

#[tokio::test]
async fn the_link_dies_on_revoke_removal_and_expiry() {
    for way in ["revoke", "remove", "expire"] {
        let e = env().await;
        let t = team(&e).await;
        let (id, token) = referred_and_approved(&e, &t).await;
        let anna = account(&e, &sign_in(&e, "anna@example.com").await).await;
        let page = e.s.referrals(&t.worker, t.case).await.unwrap();
        let to = page.referrals[0].to.participant.unwrap();
        match way {
            "revoke" => e.s.revoke(&t.worker, t.case, to, None).await.unwrap(),
            "remove" => e.s.remove_participant(&t.worker, t.case, to).await.unwrap(),
            _ => e.clock.advance(chrono::Duration::days(15)),
        }
        assert_eq!(e.s.link_state(&token).await.unwrap(), LinkState::Dead, "{way}");
        assert_eq!(e.s.open_link(Some(&anna), &token, IP, "en", None).await, Err(AppError::NotFound), "{way}");
        assert_eq!(e.s.open_link(None, &token, IP, "en", None).await, Err(AppError::NotFound), "{way}");
        if way == "expire" {
            let page = e.s.referrals(&t.worker, t.case).await.unwrap();
            assert_eq!(page.referrals[0].status, ReferralStatus::Expired);
            let late = e.s.take_referral(&anna, t.case, id, RecipientAnswer::Accept { first_appointment: None });
            assert_eq!(key(late.await), Some(ErrorKey::StepNotAllowed));
        }
    }
}

#[tokio::test]
async fn malformed_and_guessed_tokens_get_one_answer_and_are_rate_limited() {
    let e = env().await;
    let t = team(&e).await;
    let (_, token) = referred_and_approved(&e, &t).await;
    // One character off (a different one whatever the token ends in).
    let last = if token.ends_with('A') { 'B' } else { 'A' };
    let guessed = format!("{}{last}", &token[..token.len() - 1]);
    let rows = e.log_rows().await;
    for bad in ["", "short", "../../etc/passwd", "%FF%FE", guessed.as_str()] {
        assert_eq!(e.s.link_state(bad).await.unwrap(), LinkState::Dead, "{bad}");
        assert_eq!(e.s.open_link(None, bad, IP, "en", None).await, Err(AppError::NotFound), "{bad}");
    }
    assert_eq!(e.log_rows().await, rows + 5, "every try is logged");
    // Per token: ten tries in a window, then refused even for the right person.
    let other_ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 99));
    for _ in 0..LINK_TRIES_PER_TOKEN {
        let _ = e.s.open_link(None, &guessed, other_ip, "en", None).await;
    }
    assert_eq!(e.s.open_link(None, &guessed, other_ip, "en", None).await, Err(AppError::TooManyRequests));
    // Per address: many different guesses from one address stop too.
    let mut limited = false;
    for i in 0..=LINK_TRIES_PER_IP {
        let g = format!("{i:0>43}");
        if e.s.open_link(None, &g, IP, "en", None).await == Err(AppError::TooManyRequests) {
            limited = true;
            break;
        }
    }
    assert!(limited, "guessing from one address is limited");
}

#[tokio::test]
async fn refusals_say_why_and_change_nothing() {
    let e = env().await;
    let t = team(&e).await;
    let snapshot = || async {
        (
            count(&e, "SELECT COUNT(*) FROM referrals").await,
            count(&e, "SELECT COUNT(*) FROM grants").await,
            count(&e, "SELECT COUNT(*) FROM participants").await,
            count(&e, "SELECT COUNT(*) FROM referral_events").await,
        )
    };
    // To an employer: refused by the form, and by the team when the address is theirs.
    let to_boss = ReferralProposal::parse("employer", "P", "", "x@example.com", "referral", "x", ["absence"], "");
    assert_eq!(to_boss.unwrap_err()[0].key, ErrorKey::ReferralNotToEmployer);
    let start = snapshot().await;
    // A professional is told only that it is not possible (which address is
    // whose is not theirs to probe); the worker is told why.
    let r = e.s.refer(&t.psy, t.case, proposal(&e, "gp", "pekka@example.com", &["absence"])).await;
    assert_eq!(key(r), Some(ErrorKey::ReferralNotPossible));
    let r = e.s.refer(&t.worker, t.case, proposal(&e, "gp", "pekka@example.com", &["absence"])).await;
    assert_eq!(key(r), Some(ErrorKey::ReferralNotToEmployer));
    // The employer may not refer at all.
    let r = e.s.refer(&t.boss, t.case, proposal(&e, "gp", "new@example.com", &["absence"])).await;
    assert_eq!(r, Err(AppError::NotFound));
    assert_eq!(snapshot().await, start);

    // A second open referral for the same person.
    let id = e.s.refer(&t.psy, t.case, proposal(&e, "occupational_physician", "anna@example.com", &["absence"])).await;
    let id = id.unwrap();
    let start = snapshot().await;
    let again = e.s.refer(&t.worker, t.case, proposal(&e, "occupational_physician", "anna@example.com", &["absence"]));
    assert_eq!(key(again.await), Some(ErrorKey::ReferralAlreadyOpen));
    // Wider than proposed, or later.
    let wider = e.s.answer_referral(&t.worker, t.case, id, approve(&["diagnosis"], "")).await;
    assert_eq!(key(wider), Some(ErrorKey::NarrowOnly));
    let later = (e.clock_today() + chrono::Days::new(400)).to_string();
    let longer = e.s.answer_referral(&t.worker, t.case, id, approve(&["absence"], &later)).await;
    assert_eq!(key(longer), Some(ErrorKey::NarrowOnly));
    // Only the worker answers; nobody takes it before that.
    let by_psy = e.s.answer_referral(&t.psy, t.case, id, approve(&["absence"], "")).await;
    assert_eq!(by_psy, Err(AppError::NotFound));
    let stranger = account(&e, &sign_in(&e, "mallory@example.com").await).await;
    let take = e.s.take_referral(&stranger, t.case, id, RecipientAnswer::Accept { first_appointment: None });
    assert_eq!(take.await, Err(AppError::NotFound));
    assert_eq!(snapshot().await, start);

    // Declined by the worker: nothing shared, nothing sent to the recipient, the referrer hears.
    let decline = WorkerReply::Decline;
    e.s.answer_referral(&t.worker, t.case, id, decline.clone()).await.unwrap();
    assert!(mails_to(&e, "anna@example.com").await.is_empty());
    let again = e.s.answer_referral(&t.worker, t.case, id, decline).await;
    assert_eq!(key(again), Some(ErrorKey::StepNotAllowed));
    let theirs = e.s.my_referrals(&t.psy, t.case).await.unwrap();
    assert_eq!(theirs.referrals[0].status, ReferralStatus::Declined);
}

/// A link that ran out is not a dead end: the worker sends a new one, with
/// what she approved then; the old link stays dead, the new one works, the
/// timeline keeps both. While nothing is shared any more, no new link.
#[tokio::test]
async fn the_worker_sends_a_new_link_when_one_ran_out() {
    let e = env().await;
    let t = team(&e).await;
    let (id, old) = referred_and_approved(&e, &t).await;
    let anna = account(&e, &sign_in(&e, "anna@example.com").await).await;
    // Before it ran out there is nothing to renew.
    let early = e.s.renew_referral(&t.worker, t.case, id).await;
    assert_eq!(key(early), Some(ErrorKey::StepNotAllowed));
    e.clock.advance(chrono::Duration::days(15));
    // My case says so, with its one tap.
    let home = e.s.case_home(&t.worker).await.unwrap().unwrap();
    assert!(home.waiting.iter().any(|w| matches!(&w.item, WaitingItem::LinkRanOut(r) if r.id == id)));
    // Only the worker may.
    assert_eq!(e.s.renew_referral(&t.psy, t.case, id).await, Err(AppError::NotFound));
    let mails = mails_to(&e, "anna@example.com").await.len();
    e.s.renew_referral(&t.worker, t.case, id).await.unwrap();
    assert_eq!(mails_to(&e, "anna@example.com").await.len(), mails + 1, "the recipient gets the neutral mail");
    let new = link_token(&e, "anna@example.com").await;
    assert_ne!(new, old);
    assert_eq!(e.s.link_state(&old).await.unwrap(), LinkState::Dead);
    assert_eq!(e.s.link_state(&new).await.unwrap(), LinkState::Usable);
    assert_eq!(e.s.open_link(Some(&anna), &new, IP, "en", None).await, Ok(LinkOutcome::Enter(t.case)));
    let r = e.s.referrals(&t.worker, t.case).await.unwrap().referrals.remove(0);
    assert_eq!(r.status, ReferralStatus::Sent);
    let lines: Vec<ReferralStatus> = r.timeline.iter().map(|l| l.status).collect();
    assert_eq!(
        lines,
        [ReferralStatus::AwaitingWorker, ReferralStatus::Sent, ReferralStatus::Expired, ReferralStatus::Sent]
    );
    // Twice is once: the link is alive again.
    assert_eq!(key(e.s.renew_referral(&t.worker, t.case, id).await), Some(ErrorKey::StepNotAllowed));
    e.s.take_referral(&anna, t.case, id, RecipientAnswer::Accept { first_appointment: None }).await.unwrap();

    // Once the sharing behind it is stopped, a new link would open nothing.
    let e = env().await;
    let t = team(&e).await;
    let (id, _) = referred_and_approved(&e, &t).await;
    let to = e.s.referrals(&t.worker, t.case).await.unwrap().referrals[0].to.participant.unwrap();
    e.s.revoke(&t.worker, t.case, to, None).await.unwrap();
    e.clock.advance(chrono::Duration::days(15));
    assert_eq!(key(e.s.renew_referral(&t.worker, t.case, id).await), Some(ErrorKey::ReferralSharingEnded));
}

/// A recipient who declines keeps nothing the referral gave: what the
/// worker approved for it ends with the decline, and the worker and the
/// referrer read the reason.
#[tokio::test]
async fn declining_ends_what_the_referral_shared() {
    let e = env().await;
    let t = team(&e).await;
    let (id, token) = referred_and_approved(&e, &t).await;
    let anna = account(&e, &sign_in(&e, "anna@example.com").await).await;
    assert_eq!(e.s.open_link(Some(&anna), &token, IP, "en", None).await.unwrap(), LinkOutcome::Enter(t.case));
    assert_eq!(e.s.shared_case(&anna, t.case).await.unwrap().sections.len(), 1);

    let reason = "My list is full until April.".to_string();
    e.s.take_referral(&anna, t.case, id, RecipientAnswer::Decline { reason: reason.clone() }).await.unwrap();
    assert!(e.s.shared_case(&anna, t.case).await.unwrap().sections.is_empty(), "a decliner still reads the case");
    assert_eq!(count(&e, "SELECT COUNT(*) FROM grants WHERE ended_at IS NULL AND end_reason IS NULL AND participant_id IN (SELECT id FROM participants WHERE email = 'anna@example.com')").await, 0);
    let page = e.s.referrals(&t.worker, t.case).await.unwrap();
    assert_eq!(page.referrals[0].status, ReferralStatus::Declined);
    assert_eq!(page.referrals[0].decline_reason.as_deref(), Some(reason.as_str()));
    let theirs = e.s.my_referrals(&t.psy, t.case).await.unwrap();
    assert_eq!(theirs.referrals[0].decline_reason.as_deref(), Some(reason.as_str()));
}
