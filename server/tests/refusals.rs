//! Refusals are never silent: a step that is no longer possible (the
//! employer agrees to a proposal the worker just withdrew), an answer
//! given twice, someone no longer in the team, something not shared: each
//! plain form post comes back to its page with the message in the reader's
//! language, next to the form (no JavaScript needed).
mod common;

use app::domain::*;
use app::ports::{prelude::*, Account};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The translation of `key` in `lang`, as the page writes it (HTML-escaped).
fn text(lang: &str, key: &str) -> String {
    let path = format!("{}/../app/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let t = map[key].as_str().unwrap().to_string();
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

async fn send(r: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = r.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn cookies(session: &str, lang: &str) -> String {
    format!("__Host-rtw-session={session}; i18n_pref_locale={lang}")
}

/// Posts `form` to server function `api` from page `here`, as a browser
/// without JavaScript does, follows the answer back to the page and
/// returns the page.
async fn post_from(r: &Router, session: &str, lang: &str, api: &str, here: &str, form: &str) -> String {
    let body = format!("{form}&here={}", urlencoding(here));
    let req = Request::post(format!("/api/{api}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookies(session, lang))
        .body(Body::from(body))
        .unwrap();
    let (status, headers, _) = send(r, req).await;
    assert_eq!(status, StatusCode::FOUND, "{api} answers by sending the browser back");
    let back = headers[header::LOCATION].to_str().unwrap().to_string();
    assert!(back.starts_with(here), "{api} goes back to {here}, not {back}");
    let req = Request::get(&back).header(header::ACCEPT, "text/html").header(header::COOKIE, cookies(session, lang));
    let (status, _, page) = send(r, req.body(Body::empty()).unwrap()).await;
    assert!(status.is_success() || status.is_client_error(), "{back}: {status}");
    page
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Case {
    e: Env,
    worker: String,
    boss: String,
    worker_account: Account,
    case: CaseId,
    boss_id: ParticipantId,
    gp: ParticipantId,
}

async fn case() -> Case {
    let e = env().await;
    let worker = sign_in(&e, "sanna@example.com").await;
    let worker_account = account(&e, &worker).await;
    let dates = CaseDates::parse("2026-10-01", "").unwrap();
    let new = NewCase { dates, zone: Zone::HELSINKI, country: Country::Finland };
    let case = e.s.start_case(&worker_account, "Sanna Virtanen", new).await.unwrap();
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    let boss_id = e.s.add_participant(&worker_account, case, add("employer", "Pekka", "pekka@example.com")).await;
    let gp = e.s.add_participant(&worker_account, case, add("gp", "Dr Liisa", "liisa@example.com")).await.unwrap();
    let boss = sign_in(&e, "pekka@example.com").await;
    Case { e, worker, boss, worker_account, case, boss_id: boss_id.unwrap(), gp }
}

const LANGS: [&str; 3] = ["en", "fi", "nl"];

/// The example: the employer agrees to a proposal the worker
/// withdrew a moment earlier. And the worker's own page when she sends a
/// proposal twice (a second tab).
#[tokio::test]
async fn a_step_no_longer_possible_says_so_on_the_adjustment_pages() {
    for lang in LANGS {
        let c = case().await;
        let r = router(&c.e);
        let text_ = AdjustmentText::parse("remote_work", "Two days at home", "", "", "").unwrap();
        let a = c.e.s.write_adjustment(&c.worker_account, c.case, None, text_).await.unwrap();
        let send_ = StepRequest::Send { to: vec![c.boss_id], grant: true };
        c.e.s.take_step(&c.worker_account, c.case, a, send_.clone()).await.unwrap();
        c.e.s.take_step(&c.worker_account, c.case, a, StepRequest::End { reason: String::new() }).await.unwrap();
        let expected = text(lang, "err_step_not_allowed");
        // The employer, on their page of the case.
        let form = format!("case_id={}&adjustment_id={a}&step=agreed&start=2026-12-01&review=", c.case);
        let page = post_from(&r, &c.boss, lang, "work/step", &format!("/shared/{}", c.case), &form).await;
        assert!(page.contains(&expected), "{lang}: the employer is told ({expected})");
        // The worker, sending what she already withdrew.
        let form = format!("case_id={}&adjustment_id={a}&step=sent&to%5B{}%5D=on", c.case, c.boss_id);
        let here = format!("/case/{}/work/{a}", c.case);
        let page = post_from(&r, &c.worker, lang, "work/step", &here, &form).await;
        assert!(page.contains(&expected), "{lang}: the worker is told");
        // Deleting what was sent: only a draft is deleted.
        let form = format!("case_id={}&adjustment_id={a}", c.case);
        let page = post_from(&r, &c.worker, lang, "work/delete", &here, &form).await;
        assert!(page.contains(&expected), "{lang}: deleting what was sent");
    }
}

/// Answering a request twice (a second tab), sharing a concern with
/// someone who left the team, stopping what is not shared, renewing a
/// referral link that did not run out: each says why, in the language.
#[tokio::test]
async fn other_refusals_say_why_in_the_readers_language() {
    for lang in LANGS {
        let c = case().await;
        let r = router(&c.e);
        let e = &c.e;
        // A request answered twice.
        let eva = NewParticipant::parse("insurance_physician", "Dr Eva", "", "eva@example.com", "").unwrap();
        e.s.add_participant(&c.worker_account, c.case, eva).await.unwrap();
        let eva = account(e, &sign_in(e, "eva@example.com").await).await;
        let ask = InfoRequestText::parse(["absence"], "work_capacity_assessment", "Why", "").unwrap();
        let q = e.s.ask(&eva, c.case, ask).await.unwrap();
        let form = format!("case_id={}&request_id={q}&decision=decline", c.case);
        post_from(&r, &c.worker, lang, "requests/answer", "/case", &form).await;
        let page = post_from(&r, &c.worker, lang, "requests/answer", "/case", &form).await;
        assert!(page.contains(&text(lang, "err_step_not_allowed")), "{lang}: a request answered twice");

        // A concern shared with someone who left the team.
        let concern = ConcernText::parse("other", "Words", "2", "").unwrap();
        let id = e.s.write_concern(&c.worker_account, c.case, None, concern).await.unwrap();
        e.s.remove_participant(&c.worker_account, c.case, c.gp).await.unwrap();
        let form = format!("case_id={}&concern_id={id}&with%5B{}%5D=on", c.case, c.gp);
        let here = format!("/case/{}/concerns", c.case);
        let page = post_from(&r, &c.worker, lang, "concerns/share", &here, &form).await;
        assert!(page.contains(&text(lang, "err_participant_removed")), "{lang}: shared with someone who left");

        // A referral answered twice, and taken on after its link ran out.
        let psy = NewParticipant::parse("psychiatrist", "Dr Mark", "", "mark@example.com", "").unwrap();
        e.s.add_participant(&c.worker_account, c.case, psy).await.unwrap();
        let mark = account(e, &sign_in(e, "mark@example.com").await).await;
        let until = (e.clock_today() + chrono::Days::new(60)).to_string();
        let p = ReferralProposal::parse(
            "occupational_physician",
            "Dr Anna",
            "",
            "anna@example.com",
            "referral",
            "Please",
            ["absence"],
            &until,
        )
        .unwrap();
        let rid = e.s.refer(&mark, c.case, p).await.unwrap();
        let here = format!("/case/{}/referrals/{rid}", c.case);
        let form = format!("case_id={}&referral_id={rid}&decision=approve&categories%5Babsence%5D=on&until=", c.case);
        let yes = WorkerReply::Approve { categories: vec![Category::Absence], until: None };
        e.s.answer_referral(&c.worker_account, c.case, rid, yes).await.unwrap();
        let page = post_from(&r, &c.worker, lang, "referrals/answer", &here, &form).await;
        assert!(page.contains(&text(lang, "err_step_not_allowed")), "{lang}: a referral answered twice");
        e.clock.advance(chrono::Duration::days(15));
        let (anna, worker) = (sign_in(e, "anna@example.com").await, sign_in(e, "sanna@example.com").await);
        let form = format!("case_id={}&referral_id={rid}&decision=accept&first_appointment=", c.case);
        let page = post_from(&r, &anna, lang, "referrals/take", &format!("/shared/{}", c.case), &form).await;
        assert!(page.contains(&text(lang, "err_step_not_allowed")), "{lang}: taken on too late");
        // A new link for one that did not run out (sent again a moment ago).
        let form = format!("case_id={}&referral_id={rid}", c.case);
        let here = format!("/case/{}/referrals", c.case);
        post_from(&r, &worker, lang, "referrals/renew", &here, &form).await;
        let page = post_from(&r, &worker, lang, "referrals/renew", &here, &form).await;
        assert!(page.contains(&text(lang, "err_step_not_allowed")), "{lang}: renewed twice");

        // Stopping what is not shared, on the person's page.
        let form = format!("case_id={}&participant_id={}&category=diagnosis&purpose=referral", c.case, c.boss_id);
        let here = format!("/case/{}/sharing/{}", c.case, c.boss_id);
        let page = post_from(&r, &worker, lang, "sharing/revoke", &here, &form).await;
        assert!(page.contains(&text(lang, "err_not_granted")), "{lang}: nothing to stop");
    }
}
