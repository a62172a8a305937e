//! The care-team directory against a real database: care professionals see
//! each other; the employer sees only the coordinator, and a coordinator in
//! curative care only as "your employee's care coordinator" with the
//! contact the worker chose; the worker hides anyone from anyone; the
//! preview shows exactly what the participant gets; the mental-health switch
//! holds mental-health care back from whom it does not name.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;

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
    let add = |role: &str, name: &str, org: &str, email: &str, phone: &str| {
        NewParticipant::parse(role, name, org, email, phone).unwrap()
    };
    let psy = add("psychiatrist", "Dr Mark de Vries", "Mind Clinic", "mark@mind.example", "+358 9 555 0101");
    let psy = e.s.add_participant(&worker, case, psy).await.unwrap();
    let op = add("occupational_physician", "Dr Anna Jansen", "WorkHealth", "anna@example.com", "");
    let op = e.s.add_participant(&worker, case, op).await.unwrap();
    let boss = add("employer", "Pekka Mäkinen", "Acme", "pekka@example.com", "");
    let boss = e.s.add_participant(&worker, case, boss).await.unwrap();
    e.s.set_coordinator(&worker, case, Some(psy)).await.unwrap();
    Team {
        psy_account: account(e, &sign_in(e, "mark@mind.example").await).await,
        op_account: account(e, &sign_in(e, "anna@example.com").await).await,
        boss_account: account(e, &sign_in(e, "pekka@example.com").await).await,
        worker,
        case,
        psy,
        op,
        boss,
    }
}

async fn seen(e: &Env, who: &Account, case: CaseId) -> Vec<DirectoryEntry> {
    e.s.shared_case(who, case).await.unwrap().directory
}

fn ids(d: &[DirectoryEntry]) -> Vec<ParticipantId> {
    d.iter().map(|x| x.id).collect()
}

#[tokio::test]
async fn the_employer_never_learns_who_the_curative_coordinator_is() {
    let e = env().await;
    let t = team(&e).await;
    let d = seen(&e, &t.boss_account, t.case).await;
    assert_eq!(ids(&d), vec![t.psy, t.boss]);
    assert_eq!(d[0].listing, Listing::CareCoordinator { email: None, phone: None });
    // Nothing of the psychiatrist reaches the employer's page, in any field.
    let page = format!("{:?}", e.s.shared_case(&t.boss_account, t.case).await.unwrap());
    for leak in ["Mark", "Mind Clinic", "mind.example", "555 0101", "psychiatrist", "Korhonen", "Anna"] {
        assert!(!page.contains(leak), "{leak} reaches the employer");
    }
    // The worker chooses a contact: then that, and still no name.
    e.s.set_directory(&t.worker, t.case, t.boss, vec![t.psy], Some(CoordinatorContact::Phone)).await.unwrap();
    let d = seen(&e, &t.boss_account, t.case).await;
    assert_eq!(d[0].listing, Listing::CareCoordinator { email: None, phone: Some("+358 9 555 0101".into()) });
}

#[tokio::test]
async fn care_professionals_see_each_other_until_the_worker_hides_someone() {
    let e = env().await;
    let t = team(&e).await;
    let d = seen(&e, &t.op_account, t.case).await;
    assert!(ids(&d).contains(&t.psy) && ids(&d).contains(&t.op));
    assert!(!ids(&d).contains(&t.boss), "the employer is not in a clinician's directory");
    assert!(matches!(&d[0].listing, Listing::Named { name, .. } if name == "Dr Mark de Vries"), "coordinator first");

    // Hide the psychiatrist from the occupational physician only.
    let settings = e.s.directory_settings(&t.worker, t.case, t.op).await.unwrap();
    let keep: Vec<ParticipantId> = settings.candidates.iter().map(|c| c.id).filter(|id| *id != t.psy).collect();
    e.s.set_directory(&t.worker, t.case, t.op, keep, None).await.unwrap();
    assert!(!ids(&seen(&e, &t.op_account, t.case).await).contains(&t.psy));
    assert!(ids(&seen(&e, &t.psy_account, t.case).await).contains(&t.op), "the other way round is unchanged");

    // The preview shows exactly the participant's directory.
    let preview = e.s.preview(&t.worker, t.case, t.op).await.unwrap();
    assert_eq!(preview.directory, seen(&e, &t.op_account, t.case).await);
}

#[tokio::test]
async fn only_the_worker_sets_it_and_only_for_people_in_the_directory() {
    let e = env().await;
    let t = team(&e).await;
    let r = e.s.set_directory(&t.psy_account, t.case, t.op, vec![], None).await;
    assert_eq!(r, Err(AppError::NotFound));
    // The employer cannot be made visible to a clinician, nor a clinician to the employer.
    let r = e.s.set_directory(&t.worker, t.case, t.op, vec![t.boss], None).await;
    assert!(matches!(r, Err(AppError::Invalid(_))), "{r:?}");
    let r = e.s.set_directory(&t.worker, t.case, t.boss, vec![t.op], None).await;
    assert!(matches!(r, Err(AppError::Invalid(_))), "{r:?}");
    assert_eq!(seen(&e, &t.boss_account, t.case).await.len(), 2);
}

#[tokio::test]
async fn the_switch_holds_back_mental_health_care_and_keeps_the_workers_choice_for_later() {
    let e = env().await;
    let t = team(&e).await;
    e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![] }).await.unwrap();
    // The psychiatrist coordinates: the occupational physician sees only "care coordinator".
    let d = seen(&e, &t.op_account, t.case).await;
    assert_eq!(d[0].id, t.psy);
    assert_eq!(d[0].listing, Listing::CareCoordinator { email: None, phone: None });
    let settings = e.s.directory_settings(&t.worker, t.case, t.op).await.unwrap();
    assert!(settings.asks_contact, "what a nameless coordinator shows is asked for this viewer too");
    let psy = settings.candidates.iter().find(|c| c.id == t.psy).unwrap();
    assert!(psy.held_back && psy.shown && psy.coordinator);
    // Saving the settings while the switch holds him back keeps him shown for later.
    let all: Vec<ParticipantId> = settings.candidates.iter().map(|c| c.id).collect();
    e.s.set_directory(&t.worker, t.case, t.op, all, Some(CoordinatorContact::Email)).await.unwrap();
    let d = seen(&e, &t.op_account, t.case).await;
    assert_eq!(d[0].listing, Listing::CareCoordinator { email: Some("mark@mind.example".into()), phone: None });
    e.s.set_protection(&t.worker, t.case, Protection::default()).await.unwrap();
    let d = seen(&e, &t.op_account, t.case).await;
    assert!(matches!(&d[0].listing, Listing::Named { name, .. } if name == "Dr Mark de Vries"));
    // Not the coordinator, he is not in the directory at all while the switch is on.
    e.s.set_coordinator(&t.worker, t.case, None).await.unwrap();
    e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![] }).await.unwrap();
    assert!(!ids(&seen(&e, &t.op_account, t.case).await).contains(&t.psy));
    let preview = e.s.preview(&t.worker, t.case, t.op).await.unwrap();
    assert_eq!(preview, e.s.shared_case(&t.op_account, t.case).await.unwrap());
}
