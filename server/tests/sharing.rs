//! Targeted consent against real SQLite: default deny, grants, revocation
//! and expiry taking effect on the next request, the employer ceiling, the
//! mental-health switch, the preview, and the access log.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;

/// A worker's case with an occupational physician, an employer and a
/// psychiatrist, each able to sign in with the address the worker entered.
struct Team {
    worker: Account,
    case: CaseId,
    op: ParticipantId,
    boss: ParticipantId,
    psy: ParticipantId,
    op_account: Account,
    boss_account: Account,
    psy_account: Account,
}

async fn team(e: &Env) -> Team {
    let (worker, case, _gp) = worker_with_case(e, "sanna@example.com").await;
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    let op =
        e.s.add_participant(&worker, case, add("occupational_physician", "Dr Anna Jansen", "anna@example.com"))
            .await
            .unwrap();
    let boss = e.s.add_participant(&worker, case, add("employer", "Pekka Mäkinen", "pekka@example.com")).await.unwrap();
    let psy =
        e.s.add_participant(&worker, case, add("psychiatrist", "Dr Mark de Vries", "mark@example.com")).await.unwrap();
    let op_account = account(e, &sign_in(e, "anna@example.com").await).await;
    let boss_account = account(e, &sign_in(e, "pekka@example.com").await).await;
    let psy_account = account(e, &sign_in(e, "mark@example.com").await).await;
    Team { worker, case, op, boss, psy, op_account, boss_account, psy_account }
}

fn req(cats: &[Category], purpose: Purpose, until: Option<chrono::NaiveDate>) -> Option<GrantRequest> {
    Some(GrantRequest { categories: cats.to_vec(), purpose, until: until.map_or(LastDay::Revoked, LastDay::On) })
}

async fn sees(e: &Env, who: &Account, case: CaseId) -> Vec<Category> {
    e.s.shared_case(who, case).await.unwrap().sections.into_iter().map(|s| s.category).collect()
}

async fn grant_rows(e: &Env) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM grants").fetch_one(e.s.db.pool()).await.unwrap()
}

#[tokio::test]
async fn default_deny_shows_only_the_first_name_and_the_invitation() {
    let e = env().await;
    let t = team(&e).await;
    let invited = e.s.invitations(&t.op_account, None).await.unwrap();
    assert_eq!(
        invited,
        Invitations {
            cases: vec![Invitation {
                case_id: t.case,
                worker_first_name: "Sanna".into(),
                role: Role::OccupationalPhysician,
                sees: vec![],
                news: WhatsNew::default(),
                closed: false,
            }],
            older: None,
        }
    );
    let v = e.s.shared_case(&t.op_account, t.case).await.unwrap();
    assert_eq!(v.worker_first_name, "Sanna");
    assert!(v.sections.is_empty());
    // The serialized view (what reaches the page) holds no case data.
    let json = serde_json::to_string(&v).unwrap();
    assert!(!json.contains("2026-10-01") && !json.contains("Virtanen"), "{json}");
    // Someone who is not in the team gets what a missing case gets.
    let stranger = account(&e, &sign_in(&e, "stranger@example.com").await).await;
    assert_eq!(e.s.shared_case(&stranger, t.case).await, Err(AppError::NotFound));
    assert_eq!(e.s.shared_case(&stranger, CaseId(999_999)).await, Err(AppError::NotFound));
    // A participant cannot use the worker's operations.
    assert_eq!(e.s.preview(&t.op_account, t.case, t.op).await, Err(AppError::NotFound));
    assert_eq!(
        e.s.grant(&t.op_account, t.case, t.op, req(&[Category::Diagnosis], Purpose::Referral, None)).await,
        Err(AppError::NotFound)
    );
    assert_eq!(grant_rows(&e).await, 0);
}

#[tokio::test]
async fn grant_preview_view_revoke() {
    let e = env().await;
    let t = team(&e).await;
    e.s.grant(&t.worker, t.case, t.op, req(&[Category::WorkAbility], Purpose::RtwPlanning, None)).await.unwrap();
    let preview = e.s.preview(&t.worker, t.case, t.op).await.unwrap();
    let own = e.s.shared_case(&t.op_account, t.case).await.unwrap();
    assert_eq!(preview, own, "the preview is exactly the participant's page");
    assert_eq!(own.sections.iter().map(|s| s.category).collect::<Vec<_>>(), vec![Category::WorkAbility]);
    assert!(sees(&e, &t.psy_account, t.case).await.is_empty(), "a grant is for one named person");

    let overview = e.s.my_case(&t.worker).await.unwrap().unwrap();
    let op = overview.participants.iter().find(|p| p.id == t.op).unwrap();
    assert_eq!(op.sees, vec![Category::WorkAbility]);

    e.s.revoke(&t.worker, t.case, t.op, Some((Category::WorkAbility, Purpose::RtwPlanning))).await.unwrap();
    assert!(sees(&e, &t.op_account, t.case).await.is_empty(), "the very next request after revoke sees nothing");
    assert_eq!(
        e.s.revoke(&t.worker, t.case, t.op, Some((Category::WorkAbility, Purpose::RtwPlanning))).await,
        Err(AppError::field("grant", ErrorKey::NotGranted)),
        "revoking what is not granted says so"
    );
    let h = e.s.history(&t.worker, t.case, None).await.unwrap().lines;
    assert_eq!(h.len(), 1);
    assert!(matches!(h[0].status, GrantStatus::Revoked { .. }));
}

#[tokio::test]
async fn the_preset_is_one_tap_and_stop_all_is_one_tap() {
    let e = env().await;
    let t = team(&e).await;
    e.s.grant(&t.worker, t.case, t.op, None).await.unwrap();
    assert_eq!(
        sees(&e, &t.op_account, t.case).await,
        vec![Category::Absence, Category::WorkAbility, Category::Adjustments]
    );
    let v = e.s.shared_case(&t.op_account, t.case).await.unwrap();
    assert!(v
        .sections
        .iter()
        .all(|s| s.purpose == Purpose::RtwPlanning && s.until == Some(default_until(e.clock_today()))));
    assert!(
        matches!(&v.sections[0].content, SectionContent::Absence(d) if d.sick_leave_start.to_string() == "2026-10-01")
    );
    e.s.revoke(&t.worker, t.case, t.op, None).await.unwrap();
    assert!(sees(&e, &t.op_account, t.case).await.is_empty());
}

#[tokio::test]
async fn grants_expire_by_themselves() {
    let e = env().await;
    let t = team(&e).await;
    let today = e.clock_today();
    e.s.grant(&t.worker, t.case, t.op, req(&[Category::Absence], Purpose::RtwPlanning, Some(today))).await.unwrap();
    // The worker lives in Helsinki (UTC+2 in November): the last day ends at
    // midnight there, 22:00 UTC, not at midnight UTC.
    e.clock.advance(chrono::Duration::minutes(12 * 60 + 59)); // 23:59 in Helsinki: still the last day
    assert_eq!(sees(&e, &t.op_account, t.case).await, vec![Category::Absence]);
    e.clock.advance(chrono::Duration::minutes(1)); // midnight in Helsinki: over
    assert!(sees(&e, &t.op_account, t.case).await.is_empty());
    let h = e.s.history(&t.worker, t.case, None).await.unwrap().lines;
    assert_eq!(h[0].status, GrantStatus::Expired);
    assert_eq!(
        e.s.revoke(&t.worker, t.case, t.op, None).await,
        Err(AppError::field("grant", ErrorKey::NotGranted)),
        "an expired grant is not in force, so there is nothing to revoke"
    );
}

#[tokio::test]
async fn an_employer_gets_adjustments_and_never_more() {
    let e = env().await;
    let t = team(&e).await;
    for c in Category::ALL.iter().copied().filter(|c| *c != Category::Adjustments) {
        let r =
            e.s.grant(&t.worker, t.case, t.boss, req(&[Category::Adjustments, c], Purpose::RtwPlanning, None)).await;
        assert_eq!(r, Err(AppError::field("categories", ErrorKey::EmployerCeiling)), "{c}");
    }
    assert_eq!(grant_rows(&e).await, 0, "a refused grant changes nothing, not even the allowed part");
    e.s.grant(&t.worker, t.case, t.boss, None).await.unwrap();
    assert_eq!(sees(&e, &t.boss_account, t.case).await, vec![Category::Adjustments]);
    // Even a grant row written behind the service's back does not pass the rule.
    sqlx::query(
        "INSERT INTO grants (case_id, participant_id, category, purpose, valid_from, granted_at, granted_by)
                 VALUES ($1, $2, 'diagnosis', 'rtw_planning', '2026-11-24', 0, $3)",
    )
    .bind(t.case)
    .bind(t.boss)
    .bind(t.worker.id)
    .execute(e.s.db.pool())
    .await
    .unwrap();
    assert_eq!(sees(&e, &t.boss_account, t.case).await, vec![Category::Adjustments]);
}

#[tokio::test]
async fn bad_grants_are_refused_and_change_nothing() {
    let e = env().await;
    let t = team(&e).await;
    let (other, other_case, other_gp) = worker_with_case(&e, "other@example.com").await;
    // A participant of another case looks like one that does not exist.
    let r = e.s.grant(&t.worker, t.case, other_gp, req(&[Category::Absence], Purpose::Referral, None)).await;
    assert_eq!(r, Err(AppError::NotFound));
    let r =
        e.s.grant(&t.worker, t.case, ParticipantId(424_242), req(&[Category::Absence], Purpose::Referral, None)).await;
    assert_eq!(r, Err(AppError::NotFound));
    // Another worker cannot grant on this case, nor revoke or preview.
    assert_eq!(e.s.grant(&other, t.case, t.op, None).await, Err(AppError::NotFound));
    assert_eq!(e.s.revoke(&other, t.case, t.op, None).await, Err(AppError::NotFound));
    assert_eq!(e.s.preview(&other, t.case, t.op).await, Err(AppError::NotFound));
    assert_eq!(e.s.preview(&t.worker, t.case, other_gp).await, Err(AppError::NotFound));
    assert_eq!(e.s.access_log(&other, t.case, LogFilter::default()).await, Err(AppError::NotFound));
    // A removed participant gets a clear message.
    e.s.remove_participant(&t.worker, t.case, t.psy).await.unwrap();
    let r = e.s.grant(&t.worker, t.case, t.psy, req(&[Category::Absence], Purpose::Referral, None)).await;
    assert_eq!(r, Err(AppError::field("participant", ErrorKey::ParticipantRemoved)));
    assert_eq!(grant_rows(&e).await, 0);
    assert_eq!(
        e.s.shared_case(&t.psy_account, t.case).await,
        Err(AppError::NotFound),
        "a removed participant sees nothing"
    );
    let _ = other_case;
}

#[tokio::test]
async fn removing_a_participant_ends_their_grants() {
    let e = env().await;
    let t = team(&e).await;
    e.s.grant(&t.worker, t.case, t.psy, None).await.unwrap();
    e.s.remove_participant(&t.worker, t.case, t.psy).await.unwrap();
    let h = e.s.history(&t.worker, t.case, None).await.unwrap().lines;
    assert!(!h.is_empty() && h.iter().all(|g| matches!(g.status, GrantStatus::Revoked { .. })));
}

#[tokio::test]
async fn mental_health_protection_keeps_sensitive_categories_to_named_people() {
    let e = env().await;
    let t = team(&e).await;
    let sensitive = [Category::Diagnosis, Category::Treatment, Category::Stigma, Category::Notes];
    let mut all = sensitive.to_vec();
    all.push(Category::WorkAbility);
    for p in [t.op, t.psy] {
        e.s.grant(&t.worker, t.case, p, req(&all, Purpose::CareCoordination, None)).await.unwrap();
    }
    e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![t.psy] }).await.unwrap();
    assert_eq!(sees(&e, &t.op_account, t.case).await, vec![Category::WorkAbility]);
    assert_eq!(sees(&e, &t.psy_account, t.case).await.len(), 5);
    let overview = e.s.my_case(&t.worker).await.unwrap().unwrap();
    let op = overview.participants.iter().find(|p| p.id == t.op).unwrap();
    assert_eq!(op.sees, vec![Category::WorkAbility], "the card says what they really see");
    assert_eq!(op.grants.len(), 5, "the grants themselves stay, held back");
    assert_eq!(overview.protection, Protection { on: true, named: vec![t.psy] });
    // Naming someone from another case is refused.
    let (_, _, other_gp) = worker_with_case(&e, "other@example.com").await;
    let r = e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![other_gp] }).await;
    assert_eq!(r, Err(AppError::field("named", ErrorKey::ParticipantUnknown)));
    e.s.set_protection(&t.worker, t.case, Protection::default()).await.unwrap();
    assert_eq!(sees(&e, &t.op_account, t.case).await.len(), 5);
}

#[tokio::test]
async fn the_access_log_shows_every_view_with_its_grant() {
    let e = env().await;
    let t = team(&e).await;
    e.s.grant(&t.worker, t.case, t.op, req(&[Category::WorkAbility], Purpose::RtwPlanning, None)).await.unwrap();
    let grant =
        e.s.my_case(&t.worker).await.unwrap().unwrap().participants.into_iter().find(|p| p.id == t.op).unwrap().grants
            [0]
        .id;
    e.s.shared_case(&t.op_account, t.case).await.unwrap();
    let stranger = account(&e, &sign_in(&e, "stranger@example.com").await).await;
    let _ = e.s.shared_case(&stranger, t.case).await;

    // By default the worker sees who *else* looked: none of their own rows.
    let others = e.s.access_log(&t.worker, t.case, LogFilter::default()).await.unwrap();
    assert!(!others.lines.is_empty() && others.lines.iter().all(|l| l.who != Who::You));
    let all = LogFilter { include_own: true, ..Default::default() };
    let log = e.s.access_log(&t.worker, t.case, all.clone()).await.unwrap();
    let first = &log.lines[0];
    assert_eq!(
        (first.action, &first.who),
        (Operation::ReadAccessLog, &Who::You),
        "looking at the log is logged, on top"
    );
    let seen = log.lines.iter().find(|l| l.action == Operation::ViewCategory).unwrap();
    assert_eq!(seen.category, Some(Category::WorkAbility));
    assert_eq!(seen.grant, Some(grant));
    assert_eq!(seen.purpose, Some(Purpose::RtwPlanning));
    assert!(matches!(&seen.who, Who::Participant { id, .. } if *id == t.op));
    let refused = log.lines.iter().find(|l| !l.allowed).unwrap();
    assert_eq!(refused.who, Who::Outsider);
    assert!(log.lines.windows(2).all(|w| w[0].id > w[1].id), "newest first");

    let only_op =
        e.s.access_log(&t.worker, t.case, LogFilter { participant: Some(t.op), ..all.clone() }).await.unwrap();
    assert!(!only_op.lines.is_empty());
    assert!(only_op.lines.iter().all(|l| matches!(&l.who, Who::Participant { id, .. } if *id == t.op)
        || l.about.as_deref() == Some("Dr Anna Jansen")));
    let tomorrow = e.clock_today().succ_opt().unwrap();
    let later = e.s.access_log(&t.worker, t.case, LogFilter { from: Some(tomorrow), ..all.clone() }).await.unwrap();
    assert!(later.lines.is_empty(), "nothing happened tomorrow yet");
}

/// Two devices granting and revoking the same thing at once end in one
/// consistent state: never two open grants, and the view matches the rows.
#[tokio::test]
async fn concurrent_grant_and_revoke_end_consistent() {
    let e = env().await;
    let t = team(&e).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (s, w, case, op) = (e.s.clone(), t.worker.clone(), t.case, t.op);
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                s.grant(&w, case, op, req(&[Category::WorkAbility], Purpose::RtwPlanning, None)).await
            } else {
                s.revoke(&w, case, op, Some((Category::WorkAbility, Purpose::RtwPlanning))).await
            }
        }));
    }
    for task in tasks {
        let r = task.await.unwrap();
        assert!(r.is_ok() || r == Err(AppError::field("grant", ErrorKey::NotGranted)), "{r:?}");
    }
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grants WHERE ended_at IS NULL")
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    assert!(open <= 1);
    assert_eq!(sees(&e, &t.op_account, t.case).await.len() as i64, open);
}
