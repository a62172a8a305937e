//! Statements against a real database: written by the roles the table
//! names, read by the worker always, by a professional only in the section
//! a grant of the category opens (or their own, as its author), never by
//! an employer; versions supersede, the worker's view travels with the
//! entry, advice becomes a draft of the worker's.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;
use std::collections::BTreeMap;

struct Team {
    worker: Account,
    case: CaseId,
    gp: ParticipantId,
    psy: ParticipantId,
    op: ParticipantId,
    physio: ParticipantId,
    boss: ParticipantId,
    gp_account: Account,
    psy_account: Account,
    op_account: Account,
    physio_account: Account,
    boss_account: Account,
    psychologist_account: Account,
}

async fn team(e: &Env) -> Team {
    let (worker, case, gp) = worker_with_case(e, "sanna@example.com").await;
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    let mut ids = Vec::new();
    for (role, name, mail) in [
        ("psychiatrist", "Dr Mark", "mark@example.com"),
        ("occupational_physician", "Dr Anna", "anna@example.com"),
        ("occupational_physiotherapist", "Jukka", "jukka@example.com"),
        ("employer", "Pekka", "pekka@example.com"),
        ("psychologist", "Sofia", "sofia@example.com"),
    ] {
        ids.push(e.s.add_participant(&worker, case, add(role, name, mail)).await.unwrap());
    }
    let signed = |addr: &'static str| async move { account(e, &sign_in(e, addr).await).await };
    Team {
        gp_account: signed("gp@example.com").await,
        psy_account: signed("mark@example.com").await,
        op_account: signed("anna@example.com").await,
        physio_account: signed("jukka@example.com").await,
        boss_account: signed("pekka@example.com").await,
        psychologist_account: signed("sofia@example.com").await,
        worker,
        case,
        gp,
        psy: ids[0],
        op: ids[1],
        physio: ids[2],
        boss: ids[3],
    }
}

fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn work_ability(words: &str) -> StatementBody {
    let mut f = form(&[
        ("personal_limit", "considerable"),
        ("personal_words", words),
        ("social_limit", "none"),
        ("environment_limit", "none"),
        ("dynamic_limit", "none"),
        ("postures_limit", "none"),
        ("hours_limit", "slight"),
        ("hours_words", "Daytime only."),
        ("hours_a_day", "4"),
        ("days_a_week", "3"),
        ("step1_from", "2026-12-07"),
        ("step1_hours", "6"),
        ("step1_days", "4"),
        ("advice1_kind", "quiet_workspace"),
        ("advice1_words", "A quiet desk away from the open-plan area."),
    ]);
    f.insert("valid_until".into(), "2027-02-28".into());
    StatementBody::parse("work_ability", &f).unwrap()
}

fn diagnosis(words: &str) -> StatementBody {
    StatementBody::parse("diagnosis", &form(&[("words", words), ("code", "F32.1")])).unwrap()
}

fn treatment(what: &str) -> StatementBody {
    StatementBody::parse("treatment", &form(&[("what", what), ("how_often", "Weekly")])).unwrap()
}

fn grant(cats: &[Category]) -> Option<GrantRequest> {
    Some(GrantRequest { categories: cats.to_vec(), purpose: Purpose::RtwPlanning, until: LastDay::Revoked })
}

/// The entries a participant reads on their page, in the granted
/// sections, as (kind, first words).
async fn read_by(e: &Env, who: &Account, case: CaseId) -> Vec<(StatementKind, bool)> {
    let v = e.s.shared_case(who, case).await.unwrap();
    v.sections
        .into_iter()
        .flat_map(|s| match s.content {
            SectionContent::Statements(list) => list.into_iter().map(|st| (st.kind(), st.superseded)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[tokio::test]
async fn a_statement_is_read_by_the_worker_and_by_whom_she_shares_work_ability_with() {
    let e = env().await;
    let t = team(&e).await;
    let id = e.s.write_statement(&t.op_account, t.case, work_ability("About an hour at a time.")).await.unwrap();

    // The worker reads it, marked new, and adds her view.
    let page = e.s.statements(&t.worker, t.case).await.unwrap();
    assert_eq!(page.statements.len(), 1);
    assert!(page.statements[0].new);
    assert!(matches!(&page.statements[0].author, Author::Named { id, .. } if *id == t.op));
    let view = OwnViewText::parse("disagree", "I disagree about the hours").unwrap();
    e.s.add_own_view(&t.worker, t.case, id, view).await.unwrap();
    e.clock.advance(chrono::Duration::seconds(1));
    let page = e.s.statements(&t.worker, t.case).await.unwrap();
    assert!(!page.statements[0].new, "seen on the last visit");
    assert_eq!(page.statements[0].own_view.as_ref().unwrap().words, "I disagree about the hours");

    // The physiotherapist reads nothing until work ability is shared, then
    // reads it with the worker's view.
    assert!(read_by(&e, &t.physio_account, t.case).await.is_empty());
    assert!(!format!("{:?}", e.s.shared_case(&t.physio_account, t.case).await.unwrap()).contains("hour at a time"));
    e.s.grant(&t.worker, t.case, t.physio, grant(&[Category::WorkAbility])).await.unwrap();
    let v = e.s.shared_case(&t.physio_account, t.case).await.unwrap();
    let section = v.sections.iter().find(|s| s.category == Category::WorkAbility).unwrap();
    let SectionContent::Statements(list) = &section.content else { panic!("{section:?}") };
    assert_eq!(list[0].own_view.as_ref().unwrap().stance, Stance::Disagree);
    assert!(list[0].new, "new since the physiotherapist's last visit");
    assert!(!read_by(&e, &t.physio_account, t.case).await[0].1);
    e.clock.advance(chrono::Duration::seconds(1));
    let again = e.s.shared_case(&t.physio_account, t.case).await.unwrap();
    assert!(format!("{again:?}").contains("new: false"), "seen now");

    // Revoked: gone from the next load.
    e.s.revoke(&t.worker, t.case, t.physio, None).await.unwrap();
    assert!(!format!("{:?}", e.s.shared_case(&t.physio_account, t.case).await.unwrap()).contains("hour at a time"));

    // The author reads their own without any grant, beside the sections.
    let v = e.s.shared_case(&t.op_account, t.case).await.unwrap();
    assert_eq!(v.own_statements.len(), 1);
    assert_eq!(v.writes, vec![StatementKind::WorkAbility, StatementKind::Diagnosis]);
    let (action, outcome, _) = e.last_log().await;
    assert_eq!((action.as_str(), outcome.as_str()), ("read_own_statements", "allowed"));
}

#[tokio::test]
async fn a_new_version_supersedes_the_authors_own_only() {
    let e = env().await;
    let t = team(&e).await;
    e.s.write_statement(&t.op_account, t.case, work_ability("First.")).await.unwrap();
    e.s.write_statement(&t.gp_account, t.case, work_ability("The GP's.")).await.unwrap();
    e.s.write_statement(&t.op_account, t.case, work_ability("Second.")).await.unwrap();
    let page = e.s.statements(&t.worker, t.case).await.unwrap();
    let states: Vec<bool> = page.statements.iter().map(|s| s.superseded).collect();
    // Current first, newest on top; the first version stays readable.
    assert_eq!(states, vec![false, false, true]);
    let words = |s: &Statement| match &s.body {
        StatementBody::WorkAbility(w) => w.sections[0].words.clone(),
        _ => unreachable!(),
    };
    assert_eq!(words(&page.statements[0]), "Second.");
    assert_eq!(words(&page.statements[2]), "First.");
    // The form starts from the author's current version.
    let f = e.s.statement_form(&t.op_account, t.case, StatementKind::WorkAbility).await.unwrap();
    assert_eq!(f.current, Some(work_ability("Second.")));
    e.s.grant(&t.worker, t.case, t.physio, grant(&[Category::WorkAbility])).await.unwrap();
    assert_eq!(
        read_by(&e, &t.physio_account, t.case).await,
        vec![
            (StatementKind::WorkAbility, false),
            (StatementKind::WorkAbility, false),
            (StatementKind::WorkAbility, true)
        ]
    );
}

#[tokio::test]
async fn only_the_roles_of_the_table_write_and_a_refusal_stores_nothing() {
    let e = env().await;
    let t = team(&e).await;
    let count = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM statements").fetch_one(e.s.db.pool()).await.unwrap();
        n
    };
    // A psychologist writes a treatment plan, never a diagnosis or a work-ability statement.
    e.s.write_statement(&t.psychologist_account, t.case, treatment("Therapy")).await.unwrap();
    for body in [diagnosis("x"), work_ability("x")] {
        let e2 = e.s.write_statement(&t.psychologist_account, t.case, body).await.unwrap_err();
        assert_eq!(e2, AppError::NotFound);
    }
    // An employer writes nothing; nor does the worker, nor a stranger.
    let stranger = account(&e, &sign_in(&e, "stranger@example.com").await).await;
    for who in [&t.boss_account, &t.worker, &stranger] {
        for body in [diagnosis("x"), work_ability("x"), treatment("x")] {
            assert_eq!(e.s.write_statement(who, t.case, body).await.unwrap_err(), AppError::NotFound);
        }
    }
    // The occupational physician assesses and does not treat.
    assert_eq!(e.s.write_statement(&t.op_account, t.case, treatment("x")).await.unwrap_err(), AppError::NotFound);
    assert_eq!(
        e.s.statement_form(&t.op_account, t.case, StatementKind::Treatment).await.unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(count().await, 1);
    let (action, outcome, _) = e.last_log().await;
    assert_eq!((action.as_str(), outcome.as_str()), ("read_own_statements", "allowed"), "the form asked the table");

    // A date in the past is a clear message, and nothing is stored or logged as written.
    let rows = e.log_rows().await;
    let mut f = work_ability("x").to_form();
    f.insert("next_assessment".into(), "2026-11-01".into());
    let body = StatementBody::parse("work_ability", &f).unwrap();
    let err = e.s.write_statement(&t.op_account, t.case, body).await.unwrap_err();
    assert_eq!(err, AppError::Invalid(vec![FieldError::new("next_assessment", ErrorKey::DateInPast)]));
    assert_eq!(count().await, 1);
    assert_eq!(e.log_rows().await, rows);
}

#[tokio::test]
async fn the_employer_never_reads_a_statement_and_the_switch_keeps_diagnoses_to_named_people() {
    let e = env().await;
    let t = team(&e).await;
    e.s.write_statement(&t.psy_account, t.case, diagnosis("CANARY-DIAGNOSIS")).await.unwrap();
    e.s.write_statement(&t.psy_account, t.case, treatment("CANARY-TREATMENT")).await.unwrap();
    e.s.write_statement(&t.op_account, t.case, work_ability("CANARY-ABILITY")).await.unwrap();
    // Everything the worker may share with an employer, shared.
    e.s.grant(&t.worker, t.case, t.boss, grant(&[Category::Adjustments])).await.unwrap();
    let err = e.s.grant(&t.worker, t.case, t.boss, grant(&[Category::Diagnosis])).await.unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "the ceiling refuses: {err:?}");
    let boss_sees = format!(
        "{:?}{:?}",
        e.s.shared_page(&t.boss_account, t.case).await.unwrap(),
        e.s.invitations(&t.boss_account, None).await.unwrap()
    );
    for marker in ["CANARY", "F32", "Weekly"] {
        assert!(!boss_sees.contains(marker), "{marker} reaches the employer");
    }
    for kind in StatementKind::ALL {
        assert_eq!(e.s.statement_form(&t.boss_account, t.case, *kind).await.unwrap_err(), AppError::NotFound);
    }

    // The GP, granted diagnosis and treatment, reads both; with the switch
    // on and only the psychiatrist named, not any more; named, again.
    e.s.grant(&t.worker, t.case, t.gp, grant(&[Category::Diagnosis, Category::Treatment])).await.unwrap();
    let gp_reads = || async { format!("{:?}", e.s.shared_case(&t.gp_account, t.case).await.unwrap()) };
    assert!(gp_reads().await.contains("CANARY-DIAGNOSIS"));
    e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![t.psy] }).await.unwrap();
    let page = gp_reads().await;
    assert!(!page.contains("CANARY-DIAGNOSIS") && !page.contains("CANARY-TREATMENT"), "{page}");
    e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![t.psy, t.gp] }).await.unwrap();
    assert!(gp_reads().await.contains("CANARY-DIAGNOSIS"));
    // The author always reads their own, switch or not.
    assert!(format!("{:?}", e.s.shared_case(&t.psy_account, t.case).await.unwrap()).contains("CANARY-DIAGNOSIS"));

    // Every mail says only the neutral sentence.
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox").fetch_all(e.s.db.pool()).await.unwrap();
    assert!(bodies.iter().any(|b| b.contains("/statements")), "the worker is told");
    assert!(bodies.iter().all(|b| !b.contains("CANARY") && !b.contains("F32")));
}

#[tokio::test]
async fn advice_becomes_a_draft_of_the_workers_once() {
    let e = env().await;
    let t = team(&e).await;
    let id = e.s.write_statement(&t.op_account, t.case, work_ability("x")).await.unwrap();
    let draft = e.s.adopt_advice(&t.worker, t.case, id, 0).await.unwrap();
    assert_eq!(e.s.adopt_advice(&t.worker, t.case, id, 0).await.unwrap(), draft, "a second tap answers the same");
    let a = e.s.adjustment(&t.worker, t.case, draft).await.unwrap().adjustment;
    assert_eq!((a.status, a.text.kind), (AdjustmentStatus::Draft, AdjustmentKind::QuietWorkspace));
    assert_eq!(a.text.help, "A quiet desk away from the open-plan area.");
    assert!(a.sent_to.is_empty(), "the worker decides whether and to whom");
    let page = e.s.statements(&t.worker, t.case).await.unwrap();
    assert_eq!(page.statements[0].drafts, vec![(0, draft)]);
    // No such item, someone else's case, or a professional: not there.
    assert_eq!(e.s.adopt_advice(&t.worker, t.case, id, 1).await.unwrap_err(), AppError::NotFound);
    assert_eq!(e.s.adopt_advice(&t.op_account, t.case, id, 0).await.unwrap_err(), AppError::NotFound);
    let (other, other_case, _) = worker_with_case(&e, "other@example.com").await;
    assert_eq!(e.s.adopt_advice(&other, other_case, id, 0).await.unwrap_err(), AppError::NotFound);
    assert_eq!(e.s.adopt_advice(&other, t.case, id, 0).await.unwrap_err(), AppError::NotFound);
    // Only the worker adds a view, and only to an entry of her case.
    let v = || OwnViewText::parse("agree", "").unwrap();
    assert_eq!(e.s.add_own_view(&t.op_account, t.case, id, v()).await.unwrap_err(), AppError::NotFound);
    assert_eq!(e.s.add_own_view(&other, other_case, id, v()).await.unwrap_err(), AppError::NotFound);
}

#[tokio::test]
async fn what_is_new_is_counted_for_the_worker_and_on_a_professionals_list() {
    let e = env().await;
    let t = team(&e).await;
    e.s.grant(&t.worker, t.case, t.physio, grant(&[Category::WorkAbility])).await.unwrap();
    let new_on_list = || async {
        e.s.invitations(&t.physio_account, None).await.unwrap().cases.iter().map(|i| i.news.statements).sum::<u32>()
    };
    assert_eq!(new_on_list().await, 0);
    e.s.write_statement(&t.op_account, t.case, work_ability("x")).await.unwrap();
    // Nothing the physiotherapist may not read counts.
    e.s.write_statement(&t.psy_account, t.case, diagnosis("x")).await.unwrap();
    assert_eq!(new_on_list().await, 1);
    let new_on_my_case = || async {
        let home = e.s.case_home(&t.worker).await.unwrap().unwrap();
        home.waiting.iter().find_map(|w| if let WaitingItem::Statements(n) = w.item { Some(n) } else { None })
    };
    assert_eq!(new_on_my_case().await, Some(2));

    e.clock.advance(chrono::Duration::seconds(1));
    e.s.shared_case(&t.physio_account, t.case).await.unwrap();
    e.s.statements(&t.worker, t.case).await.unwrap();
    e.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(new_on_list().await, 0);
    assert_eq!(new_on_my_case().await, None);
    // What they wrote themselves is never new to them.
    e.s.grant(&t.worker, t.case, t.op, grant(&[Category::WorkAbility])).await.unwrap();
    e.s.write_statement(&t.op_account, t.case, work_ability("y")).await.unwrap();
    assert_eq!(e.s.invitations(&t.op_account, None).await.unwrap().cases[0].news.statements, 0);
    assert_eq!(new_on_list().await, 1);
}
