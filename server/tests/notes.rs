//! Notes against a real database: written by a care professional who sees
//! `notes`, read by the addressee only while the worker lets them see
//! `notes`, always by the worker, never by an employer.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;

const NOTE: &str = "Today I saw your patient; stress-related complaints, possibly related to the work situation.";

struct Team {
    worker: Account,
    case: CaseId,
    psy: ParticipantId,
    op: ParticipantId,
    boss: ParticipantId,
    psy_account: Account,
    op_account: Account,
    boss_account: Account,
}

async fn team(e: &Env) -> Team {
    let (worker, case, _gp) = worker_with_case(e, "sanna@example.com").await;
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    let psy = e.s.add_participant(&worker, case, add("psychiatrist", "Dr Mark", "mark@example.com")).await.unwrap();
    let op = e.s.add_participant(&worker, case, add("occupational_physician", "Dr Anna", "anna@example.com")).await;
    let op = op.unwrap();
    let boss = e.s.add_participant(&worker, case, add("employer", "Pekka", "pekka@example.com")).await.unwrap();
    let notes = || GrantRequest {
        categories: vec![Category::Notes],
        purpose: Purpose::CareCoordination,
        until: LastDay::Revoked,
    };
    e.s.grant(&worker, case, psy, Some(notes())).await.unwrap();
    e.s.grant(&worker, case, op, Some(notes())).await.unwrap();
    Team {
        psy_account: account(e, &sign_in(e, "mark@example.com").await).await,
        op_account: account(e, &sign_in(e, "anna@example.com").await).await,
        boss_account: account(e, &sign_in(e, "pekka@example.com").await).await,
        worker,
        case,
        psy,
        op,
        boss,
    }
}

async fn notes_seen(e: &Env, who: &Account, case: CaseId) -> Vec<String> {
    let v = e.s.shared_case(who, case).await.unwrap();
    v.sections
        .into_iter()
        .flat_map(|s| match s.content {
            SectionContent::Notes(list) => list.into_iter().map(|n| n.text).collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[tokio::test]
async fn the_addressee_reads_a_note_only_while_the_worker_shares_notes_with_them() {
    let e = env().await;
    let t = team(&e).await;
    let note = NoteText::parse(&t.op.to_string(), NOTE).unwrap();
    e.s.write_note(&t.psy_account, t.case, note).await.unwrap();
    assert_eq!(notes_seen(&e, &t.op_account, t.case).await, vec![NOTE.to_string()]);
    assert_eq!(notes_seen(&e, &t.psy_account, t.case).await, vec![NOTE.to_string()], "the writer sees it too");
    let all = e.s.notes(&t.worker, t.case).await.unwrap();
    assert_eq!((all.len(), all[0].from, all[0].to), (1, t.psy, t.op));

    // Revoked: the addressee no longer reads it; the worker still does.
    e.s.revoke(&t.worker, t.case, t.op, None).await.unwrap();
    assert!(notes_seen(&e, &t.op_account, t.case).await.is_empty());
    let page = format!("{:?}", e.s.shared_case(&t.op_account, t.case).await.unwrap());
    assert!(!page.contains("stress-related"), "nowhere on the page");
    assert_eq!(e.s.notes(&t.worker, t.case).await.unwrap().len(), 1);
}

#[tokio::test]
async fn no_note_without_notes_and_none_to_an_employer() {
    let e = env().await;
    let t = team(&e).await;
    let rows =
        || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notes").fetch_one(e.s.db.pool()).await.unwrap() };
    // To the employer: refused, and nothing of it reaches them.
    let to_boss = NoteText::parse(&t.boss.to_string(), NOTE).unwrap();
    let r = e.s.write_note(&t.psy_account, t.case, to_boss).await;
    assert!(matches!(r, Err(AppError::Invalid(_))), "{r:?}");
    // The employer cannot write one.
    let r = e.s.write_note(&t.boss_account, t.case, NoteText::parse(&t.op.to_string(), NOTE).unwrap()).await;
    assert_eq!(r, Err(AppError::NotFound));
    // Without `notes` in what they see, a professional cannot write.
    e.s.revoke(&t.worker, t.case, t.psy, None).await.unwrap();
    let r = e.s.write_note(&t.psy_account, t.case, NoteText::parse(&t.op.to_string(), NOTE).unwrap()).await;
    assert_eq!(r, Err(AppError::NotFound));
    // To someone of another case: not there.
    let r = e.s.write_note(&t.op_account, t.case, NoteText::parse("999999", NOTE).unwrap()).await;
    assert!(matches!(r, Err(AppError::Invalid(_))), "{r:?}");
    assert_eq!(rows().await, 0);
    assert!(format!("{:?}", e.s.shared_case(&t.boss_account, t.case).await.unwrap()).find("stress").is_none());
}

/// Notes to `who` new since they last opened the case, on their list.
async fn new_notes(e: &Env, who: &Account) -> u32 {
    e.s.invitations(who, None).await.unwrap().cases.iter().map(|c| c.news.notes).sum()
}

#[tokio::test]
async fn a_note_is_new_on_the_addressees_list_until_they_open_the_case_and_never_past_the_switch() {
    let e = env().await;
    let t = team(&e).await;
    let to_op = || NoteText::parse(&t.op.to_string(), NOTE).unwrap();
    e.s.write_note(&t.psy_account, t.case, to_op()).await.unwrap();
    assert_eq!(new_notes(&e, &t.op_account).await, 1);
    assert_eq!(new_notes(&e, &t.psy_account).await, 0, "not new to the one who wrote it");
    assert_eq!(new_notes(&e, &t.boss_account).await, 0);

    e.clock.advance(chrono::Duration::seconds(1));
    e.s.shared_case(&t.op_account, t.case).await.unwrap();
    e.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(new_notes(&e, &t.op_account).await, 0, "read on opening the case");

    // With the switch on and the occupational physician not named, a note
    // from the psychiatrist is not on the page, nor counted on the list.
    e.s.write_note(&t.psy_account, t.case, to_op()).await.unwrap();
    assert_eq!(new_notes(&e, &t.op_account).await, 1);
    e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![] }).await.unwrap();
    assert!(notes_seen(&e, &t.op_account, t.case).await.is_empty());
    assert_eq!(new_notes(&e, &t.op_account).await, 0);
    // Nor once notes are no longer shared with them.
    e.s.set_protection(&t.worker, t.case, Protection { on: false, named: vec![] }).await.unwrap();
    assert_eq!(new_notes(&e, &t.op_account).await, 1);
    e.s.revoke(&t.worker, t.case, t.op, None).await.unwrap();
    assert_eq!(new_notes(&e, &t.op_account).await, 0);
}
