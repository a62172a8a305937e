//! The mental-health switch hides mental-health care itself: on the demo
//! case, with the switch on and nobody named, the insurance physician, the
//! occupational physician and the physiotherapist learn nothing of the
//! psychiatrist (nor of the psychologist the GP proposed) in any page,
//! server-function answer or live update; naming one of them shows him to
//! that one again. The preview stays the participant's page; referral
//! cards, notes and mails ask the same rule; the worker marks a GP as
//! mental-health care.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use server::seed::{INSURANCE_PHYSICIAN, PHYSIOTHERAPIST, PSYCHIATRIST};
use std::time::Duration;
use tower::ServiceExt;

const OCCUPATIONAL_PHYSICIAN: &str = "anna.jansen@example.com";
const GP: &str = "liisa.korhonen@example.com";

/// What would tell someone that the psychiatrist (or the psychologist the
/// GP proposed) is involved: names, addresses, clinic, roles.
const MARKERS: [&str; 8] = [
    "Mark de Vries",
    "mark.devries",
    "Mind Clinic",
    "sychiatrist",
    "Sofia Berg",
    "sofia.berg",
    "sycholog",
    "Psykiatri",
];

struct Demo {
    e: Env,
    r: Router,
    worker: Account,
    case: CaseId,
    team: Vec<ParticipantView>,
    _dir: Option<tempfile::TempDir>,
}

impl Demo {
    fn id(&self, role: Role) -> ParticipantId {
        self.team.iter().find(|p| p.role == role).map(|p| p.id).unwrap()
    }

    async fn switch_off(&self) {
        self.e.s.set_protection(&self.worker, self.case, Protection::default()).await.unwrap();
    }

    async fn protect(&self, named: &[Role]) {
        let p = Protection { on: true, named: named.iter().map(|r| self.id(*r)).collect() };
        self.e.s.set_protection(&self.worker, self.case, p).await.unwrap();
    }
}

async fn demo() -> Demo {
    let (url, dir) = fresh_database().await;
    let e = env_at(&url).await;
    if on_postgres() {
        // Changes reach open pages by LISTEN/NOTIFY there, through this listener.
        tokio::spawn(server::services::events::listen(e.s.clone(), url));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(server::seed::seed_demo(&e.s).await.unwrap());
    let worker = account(&e, &sign_in(&e, server::seed::DEMO_WORKER).await).await;
    let overview = e.s.my_case(&worker).await.unwrap().unwrap();
    let r = router(&e);
    Demo { e, r, worker, case: overview.id, team: overview.participants, _dir: dir }
}

async fn get(r: &Router, path: &str, token: &str) -> String {
    let req = Request::get(path)
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, format!("__Host-rtw-session={token}"))
        .body(Body::empty())
        .unwrap();
    body(r.clone().oneshot(req).await.unwrap()).await
}

async fn post(r: &Router, endpoint: &str, form: &str, token: &str) -> String {
    let req = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("__Host-rtw-session={token}"))
        .body(Body::from(form.to_string()))
        .unwrap();
    body(r.clone().oneshot(req).await.unwrap()).await
}

async fn body(res: axum::response::Response) -> String {
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(status.is_success(), "{status}: {}", &text[..text.len().min(300)]);
    text
}

/// The refer page's role list offers every role to anyone: it says nothing
/// about this case, so its options are left out of the search.
fn without_selects(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<select") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("</select>").map_or("", |j| &rest[i + j..]);
    }
    out.push_str(rest);
    out
}

/// Everything `token`'s holder can read of the case: every page and every
/// server function a participant may call to read, as the router answers
/// them (HTML with its hydration payload, and JSON).
async fn crawl(d: &Demo, token: &str) -> String {
    let case = d.case;
    let mut all = String::new();
    for path in ["/shared".to_string(), format!("/shared/{case}"), format!("/shared/{case}/refer")] {
        all.push_str(&without_selects(&get(&d.r, &path, token).await));
    }
    for (endpoint, form) in [
        ("shared/list", String::new()),
        ("shared/case", format!("case_id={case}")),
        ("shared/page", format!("case_id={case}")),
        ("referrals/mine", format!("case_id={case}")),
    ] {
        all.push_str(&post(&d.r, endpoint, &form, token).await);
    }
    all
}

fn leaks(text: &str) -> Vec<&'static str> {
    MARKERS.iter().copied().filter(|m| text.contains(m)).collect()
}

#[tokio::test]
async fn with_the_switch_on_nobody_it_does_not_name_learns_of_the_psychiatrist() {
    let d = demo().await;
    let mut tokens = Vec::new();
    for who in [INSURANCE_PHYSICIAN, OCCUPATIONAL_PHYSICIAN, PHYSIOTHERAPIST] {
        tokens.push((who, sign_in(&d.e, who).await));
    }
    // Off: the directory names him to all three (the crawl does see him).
    d.switch_off().await;
    for (who, token) in &tokens {
        assert!(crawl(&d, token).await.contains("Mark de Vries"), "{who} sees the psychiatrist with the switch off");
    }

    d.protect(&[]).await;
    for (who, token) in &tokens {
        assert_eq!(leaks(&crawl(&d, token).await), Vec::<&str>::new(), "{who} learns of mental-health care");
    }
    // The physiotherapist's referral is still there, from "a care professional".
    let physio = account(&d.e, &tokens[2].1).await;
    let page = d.e.s.shared_page(&physio, d.case).await.unwrap();
    let referrals = page.care.unwrap().referrals.referrals;
    assert_eq!(referrals.len(), 1);
    assert_eq!(referrals[0].from, ReferralParty::withheld());
    assert_eq!(referrals[0].status, ReferralStatus::Accepted, "their own answer stays theirs");

    // A live update says only "changed", and the page it makes the browser
    // fetch again is the page crawled above.
    let eva = &tokens[0].1;
    // Following needs something shared: her sick-leave dates.
    let share = |c: Category| GrantRequest {
        categories: vec![c],
        purpose: Purpose::WorkCapacityAssessment,
        until: LastDay::Revoked,
    };
    let id = d.id(Role::InsurancePhysician);
    d.e.s.grant(&d.worker, d.case, id, Some(share(Category::Absence))).await.unwrap();
    let req = Request::get(format!("/events/{}", d.case))
        .header(header::ACCEPT, "text/event-stream")
        .header(header::COOKIE, format!("__Host-rtw-session={eva}"))
        .body(Body::empty())
        .unwrap();
    let mut events = d.r.clone().oneshot(req).await.unwrap().into_body();
    // Something on her page changes (a stream says "changed" only then):
    // the worker shares work ability with her too.
    d.e.s.grant(&d.worker, d.case, id, Some(share(Category::WorkAbility))).await.unwrap();
    let event = next_event(&mut events).await.expect("an event");
    assert_eq!(leaks(&event), Vec::<&str>::new());
    assert_eq!(leaks(&crawl(&d, eva).await), Vec::<&str>::new());

    // Named, the insurance physician sees him again; the others still do not.
    d.protect(&[Role::InsurancePhysician]).await;
    let eva_sees = crawl(&d, eva).await;
    assert!(eva_sees.contains("Mark de Vries") && eva_sees.contains("Mind Clinic"));
    for (who, token) in &tokens[1..] {
        assert_eq!(leaks(&crawl(&d, token).await), Vec::<&str>::new(), "{who}");
    }
}

/// The next event's text (keep-alive comments skipped).
async fn next_event(body: &mut Body) -> Option<String> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), body.frame()).await.ok()??.ok()?;
        if let Ok(data) = frame.into_data() {
            let text = String::from_utf8_lossy(&data).into_owned();
            if !text.starts_with(':') {
                return Some(text);
            }
        }
    }
}

#[tokio::test]
async fn the_preview_is_the_participants_page_with_the_switch_on() {
    let d = demo().await;
    let gp = d.id(Role::Gp);
    let mut accounts = Vec::new();
    for p in &d.team {
        accounts.push((p.id, account(&d.e, &sign_in(&d.e, p.contact.email.as_str()).await).await));
    }
    for step in 0..3 {
        match step {
            0 => d.protect(&[]).await,
            1 => d.protect(&[Role::InsurancePhysician, Role::Employer]).await,
            _ => d.e.s.mark_mental_health(&d.worker, d.case, gp, true).await.unwrap(),
        }
        for (p, a) in &accounts {
            let preview = d.e.s.preview(&d.worker, d.case, *p).await.unwrap();
            assert_eq!(preview, d.e.s.shared_case(a, d.case).await.unwrap(), "step {step}, participant {p}");
        }
    }
}

#[tokio::test]
async fn a_referrer_kept_from_the_psychologist_reads_only_their_own_proposal() {
    let d = demo().await;
    let gp = account(&d.e, &sign_in(&d.e, GP).await).await;
    d.protect(&[]).await;
    let mails_to_gp = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
            .bind(GP)
            .fetch_one(d.e.s.db.pool())
            .await
            .unwrap()
    };
    let before = mails_to_gp().await;
    // The worker approves the GP's proposal of a psychologist.
    let home = d.e.s.case_home(&d.worker).await.unwrap().unwrap();
    let proposal = home
        .waiting
        .iter()
        .find_map(|w| match &w.item {
            WaitingItem::Referral(r) if r.to.name == "Sofia Berg" => Some(r),
            _ => None,
        })
        .unwrap();
    let yes = WorkerReply::parse("approve", ["absence"], "").unwrap();
    d.e.s.answer_referral(&d.worker, d.case, proposal.id, yes).await.unwrap();
    assert_eq!(mails_to_gp().await, before, "the GP is not told that anything moved");
    let mine = d.e.s.my_referrals(&gp, d.case).await.unwrap();
    let card = mine.referrals.iter().find(|r| r.id == proposal.id).unwrap();
    assert!(card.to.withheld && card.to_email.is_empty());
    assert_eq!((card.status, card.timeline.len(), card.approved.len()), (ReferralStatus::AwaitingWorker, 1, 0));
    assert_eq!(leaks(&serde_json::to_string(&mine).unwrap()), Vec::<&str>::new());
    // Nor does the GP's directory list her.
    let view = d.e.s.shared_case(&gp, d.case).await.unwrap();
    assert_eq!(leaks(&serde_json::to_string(&view).unwrap()), Vec::<&str>::new());

    // The psychologist herself reads who referred her (the GP is not mental-health care).
    let sofia = account(&d.e, &sign_in(&d.e, "sofia.berg@example.com").await).await;
    let hers = d.e.s.my_referrals(&sofia, d.case).await.unwrap();
    assert_eq!(hers.referrals[0].from.name, "Dr Liisa Korhonen");

    // With the switch off the GP reads where it stands.
    let off = Protection { on: false, named: vec![] };
    d.e.s.set_protection(&d.worker, d.case, off).await.unwrap();
    let mine = d.e.s.my_referrals(&gp, d.case).await.unwrap();
    let card = mine.referrals.iter().find(|r| r.id == proposal.id).unwrap();
    assert_eq!((card.to.name.as_str(), card.status), ("Sofia Berg", ReferralStatus::Sent));
}

#[tokio::test]
async fn the_worker_marks_a_gp_as_mental_health_care() {
    let d = demo().await;
    let (gp, psychiatrist, op) = (d.id(Role::Gp), d.id(Role::Psychiatrist), d.id(Role::OccupationalPhysician));
    let anna = account(&d.e, &sign_in(&d.e, OCCUPATIONAL_PHYSICIAN).await).await;
    d.protect(&[]).await;
    let entry = |v: &SharedView, p: ParticipantId| v.directory.iter().find(|e| e.id == p).map(|e| e.listing.clone());
    let before = d.e.s.shared_case(&anna, d.case).await.unwrap();
    assert!(matches!(entry(&before, gp), Some(Listing::Named { .. })), "a GP is not mental-health care by role");

    d.e.s.mark_mental_health(&d.worker, d.case, gp, true).await.unwrap();
    let after = d.e.s.shared_case(&anna, d.case).await.unwrap();
    // The demo's GP coordinates: she stays, as the care coordinator without a name.
    assert_eq!(entry(&after, gp), Some(Listing::CareCoordinator { email: None, phone: None }));
    assert!(!format!("{after:?}").contains("Korhonen"));
    let overview = d.e.s.my_case(&d.worker).await.unwrap().unwrap();
    assert!(overview.participants.iter().any(|p| p.id == gp && p.mental_health_care));

    // Only a GP or a medical specialist carries the mark; only the worker sets it.
    for p in [psychiatrist, op] {
        let r = d.e.s.mark_mental_health(&d.worker, d.case, p, true).await;
        assert_eq!(r, Err(AppError::field("mental_health", ErrorKey::MentalHealthMarkNotOffered)));
    }
    assert_eq!(d.e.s.mark_mental_health(&anna, d.case, gp, false).await, Err(AppError::NotFound));
    d.e.s.mark_mental_health(&d.worker, d.case, gp, false).await.unwrap();
    let again = d.e.s.shared_case(&anna, d.case).await.unwrap();
    assert!(matches!(entry(&again, gp), Some(Listing::Named { .. })));
}

#[tokio::test]
async fn a_note_from_mental_health_care_waits_silently_for_someone_the_switch_keeps_from_it() {
    let d = demo().await;
    let (psychiatrist, op) = (d.id(Role::Psychiatrist), d.id(Role::OccupationalPhysician));
    let notes =
        GrantRequest { categories: vec![Category::Notes], purpose: Purpose::CareCoordination, until: LastDay::Revoked };
    for p in [psychiatrist, op] {
        d.e.s.grant(&d.worker, d.case, p, Some(notes.clone())).await.unwrap();
    }
    d.protect(&[Role::Psychiatrist]).await;
    let mark = account(&d.e, &sign_in(&d.e, PSYCHIATRIST).await).await;
    let anna = account(&d.e, &sign_in(&d.e, OCCUPATIONAL_PHYSICIAN).await).await;
    let mails = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
            .bind(OCCUPATIONAL_PHYSICIAN)
            .fetch_one(d.e.s.db.pool())
            .await
            .unwrap()
    };
    let before = mails().await;
    let note = NoteText::parse(&op.to_string(), "Seen today; a quiet desk would help.").unwrap();
    d.e.s.write_note(&mark, d.case, note).await.unwrap();
    assert_eq!(mails().await, before, "no mail says that mental-health care wrote");
    let view = d.e.s.shared_case(&anna, d.case).await.unwrap();
    assert_eq!(leaks(&serde_json::to_string(&view).unwrap()), Vec::<&str>::new());
    // Named, she reads it, from him.
    d.protect(&[Role::Psychiatrist, Role::OccupationalPhysician]).await;
    let view = d.e.s.shared_case(&anna, d.case).await.unwrap();
    let notes: Vec<&Note> = view
        .sections
        .iter()
        .filter_map(|s| match &s.content {
            SectionContent::Notes(n) => Some(n),
            _ => None,
        })
        .flatten()
        .collect();
    // (Besides the demo's note from the GP.)
    let his: Vec<&&Note> = notes.iter().filter(|n| n.from_name == "Dr Mark de Vries").collect();
    assert_eq!(his.len(), 1);
    assert!(his[0].text.contains("quiet desk"));
}

#[tokio::test]
async fn a_statement_by_mental_health_care_is_by_a_member_of_the_care_team() {
    let d = demo().await;
    d.protect(&[]).await;
    let eva_id = d.id(Role::InsurancePhysician);
    let ability = GrantRequest {
        categories: vec![Category::WorkAbility],
        purpose: Purpose::RtwPlanning,
        until: LastDay::Revoked,
    };
    d.e.s.grant(&d.worker, d.case, eva_id, Some(ability)).await.unwrap();
    let mark = account(&d.e, &sign_in(&d.e, PSYCHIATRIST).await).await;
    let form: std::collections::BTreeMap<String, String> =
        ["personal", "social", "environment", "dynamic", "postures", "hours"]
            .iter()
            .map(|s| (format!("{s}_limit"), "none".to_string()))
            .collect();
    let body = StatementBody::parse("work_ability", &form).unwrap();
    d.e.s.write_statement(&mark, d.case, body).await.unwrap();
    let eva = account(&d.e, &sign_in(&d.e, INSURANCE_PHYSICIAN).await).await;
    let authors = |v: &SharedView| -> Vec<Author> {
        v.sections
            .iter()
            .filter_map(|s| match &s.content {
                SectionContent::Statements(list) => Some(list.iter().map(|st| st.author.clone())),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let view = d.e.s.shared_case(&eva, d.case).await.unwrap();
    let by = authors(&view);
    assert!(by.contains(&Author::CareTeam), "{by:?}");
    assert!(by.iter().any(|a| matches!(a, Author::Named { name, .. } if name == "Dr Anna Jansen")));
    assert_eq!(leaks(&serde_json::to_string(&view).unwrap()), Vec::<&str>::new());
    // Named, she reads who wrote it.
    d.protect(&[Role::InsurancePhysician]).await;
    let view = d.e.s.shared_case(&eva, d.case).await.unwrap();
    assert!(authors(&view).iter().any(|a| matches!(a, Author::Named { name, .. } if name == "Dr Mark de Vries")));
}
