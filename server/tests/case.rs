//! The worker's case and the authorization check, against real SQLite.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;

fn gp2() -> NewParticipant {
    NewParticipant::parse("psychologist", "Dr Berg", "", "berg@example.com", "+31 6 1234 5678").unwrap()
}

fn contact() -> Contact {
    Contact::parse("Dr Typo Fixed", "Clinic", "fixed@example.com", "").unwrap()
}

#[tokio::test]
async fn the_worker_manages_their_care_team() {
    let e = env().await;
    let (me, case, gp) = worker_with_case(&e, "sanna@example.com").await;
    let psy = e.s.add_participant(&me, case, gp2()).await.unwrap();
    e.s.set_coordinator(&me, case, Some(gp)).await.unwrap();
    e.s.set_coordinator(&me, case, Some(psy)).await.unwrap();
    let c = e.s.my_case(&me).await.unwrap().unwrap();
    assert_eq!(c.participants.len(), 2);
    assert_eq!(c.coordinator().map(|p| p.id), Some(psy), "exactly one coordinator, the latest choice");
    assert_eq!(c.participants.iter().filter(|p| p.is_coordinator).count(), 1);
    assert!(c.participants.iter().all(|p| p.sees.is_empty()), "nothing is shared by default");

    e.s.change_contact(&me, case, psy, contact()).await.unwrap();
    let c = e.s.my_case(&me).await.unwrap().unwrap();
    let p = c.participants.iter().find(|p| p.id == psy).unwrap();
    assert_eq!(p.contact.email.as_str(), "fixed@example.com");

    e.s.remove_participant(&me, case, psy).await.unwrap();
    let c = e.s.my_case(&me).await.unwrap().unwrap();
    assert_eq!(c.participants.iter().map(|p| p.id).collect::<Vec<_>>(), vec![gp]);
    assert!(c.coordinator().is_none(), "a removed coordinator no longer coordinates");
    // Removal keeps history: the row is still there, marked removed.
    let removed: Option<i64> = sqlx::query_scalar("SELECT removed_at FROM participants WHERE id = $1")
        .bind(psy)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    assert!(removed.is_some());
    // And a removed participant cannot be changed any more.
    assert_eq!(e.s.change_contact(&me, case, psy, contact()).await, Err(AppError::NotFound));

    let dates = CaseDates::parse("2026-10-02", "").unwrap();
    e.s.change_dates(&me, case, dates, None, None).await.unwrap();
    let c = e.s.my_case(&me).await.unwrap().unwrap();
    assert_eq!((c.dates, c.zone), (dates, Zone::HELSINKI), "no zone given: unchanged");
    // Moving to Amsterdam: the case's days now end at midnight there.
    e.s.change_dates(&me, case, dates, Some(Zone::AMSTERDAM), None).await.unwrap();
    assert_eq!(e.s.my_case(&me).await.unwrap().unwrap().zone, Zone::AMSTERDAM);
}

#[tokio::test]
async fn starting_a_case_twice_keeps_one_case() {
    let e = env().await;
    let (me, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let dates = CaseDates::parse("2026-11-01", "").unwrap();
    assert_eq!(
        e.s.start_case(&me, "Sanna", NewCase { dates, zone: Zone::HELSINKI, country: Country::Finland }).await,
        Ok(case)
    );
}

/// Every operation a worker can attempt on a case, as closures over ids.
async fn attempt_all(e: &Env, actor: &Account, case: CaseId, participant: ParticipantId) -> Vec<Result<(), AppError>> {
    let dates = CaseDates::parse("2026-09-01", "").unwrap();
    vec![
        e.s.change_dates(actor, case, dates, Some(Zone::LONDON), None).await,
        e.s.add_participant(actor, case, gp2()).await.map(|_| ()),
        e.s.change_contact(actor, case, participant, contact()).await,
        e.s.set_coordinator(actor, case, Some(participant)).await,
        e.s.set_coordinator(actor, case, None).await,
        e.s.remove_participant(actor, case, participant).await,
    ]
}

#[tokio::test]
async fn another_worker_cannot_read_or_change_the_case() {
    let e = env().await;
    let (sanna, case, gp) = worker_with_case(&e, "sanna@example.com").await;
    let before = e.s.my_case(&sanna).await.unwrap().unwrap();
    let (mallory, _, _) = worker_with_case(&e, "mallory@example.com").await;

    let on_sannas = attempt_all(&e, &mallory, case, gp).await;
    let on_missing = attempt_all(&e, &mallory, CaseId(999_999), ParticipantId(999_999)).await;
    assert!(on_sannas.iter().all(|r| *r == Err(AppError::NotFound)), "{on_sannas:?}");
    assert_eq!(on_sannas, on_missing, "someone else's case looks exactly like no case");

    // Mallory's own view never includes Sanna's case.
    let mine = e.s.my_case(&mallory).await.unwrap().unwrap();
    assert_ne!(mine.id, case);
    assert_eq!(e.s.my_case(&sanna).await.unwrap().unwrap(), before, "nothing changed");

    // Each attempt was logged as denied, against the case it targeted.
    let denied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log WHERE outcome = 'denied' AND case_id = $1")
        .bind(case)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    assert_eq!(denied, 6);
}

#[tokio::test]
async fn a_participant_of_another_case_is_refused_and_nothing_changes() {
    let e = env().await;
    let (sanna, sannas_case, _) = worker_with_case(&e, "sanna@example.com").await;
    let (_, _, other_gp) = worker_with_case(&e, "other@example.com").await;
    let before = e.s.my_case(&sanna).await.unwrap().unwrap();
    for r in [
        e.s.change_contact(&sanna, sannas_case, other_gp, contact()).await,
        e.s.remove_participant(&sanna, sannas_case, other_gp).await,
        e.s.set_coordinator(&sanna, sannas_case, Some(other_gp)).await,
    ] {
        assert_eq!(r, Err(AppError::NotFound));
    }
    assert_eq!(e.s.my_case(&sanna).await.unwrap().unwrap(), before);
    let other: (String, i64) = sqlx::query_as("SELECT email, is_coordinator FROM participants WHERE id = $1")
        .bind(other_gp)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    assert_eq!(other, ("gp@example.com".to_string(), 0), "the other case is untouched");
}

#[tokio::test]
async fn every_case_read_and_write_leaves_exactly_one_log_row() {
    let e = env().await;
    let (me, case, gp) = worker_with_case(&e, "sanna@example.com").await;
    // The same start: a new one would add the portal's row that it
    // recomputed the road back (tests/road.rs).
    let dates = CaseDates::parse("2026-10-01", "2027-02-01").unwrap();

    macro_rules! exactly_one_row {
        ($action:literal, $op:expr) => {{
            let before = e.log_rows().await;
            let _ = $op;
            assert_eq!(e.log_rows().await - before, 1, "{}", $action);
            let (action, outcome, logged_case) = e.last_log().await;
            assert_eq!((action.as_str(), logged_case), ($action, Some(case.0)));
            outcome
        }};
    }
    assert_eq!(exactly_one_row!("read_case", e.s.my_case(&me).await), "allowed");
    assert_eq!(
        exactly_one_row!("change_dates", e.s.change_dates(&me, case, dates, Some(Zone::AMSTERDAM), None).await),
        "allowed"
    );
    let psy = {
        let before = e.log_rows().await;
        let id = e.s.add_participant(&me, case, gp2()).await.unwrap();
        assert_eq!(e.log_rows().await - before, 1);
        id
    };
    assert_eq!(exactly_one_row!("change_contact", e.s.change_contact(&me, case, psy, contact()).await), "allowed");
    assert_eq!(exactly_one_row!("set_coordinator", e.s.set_coordinator(&me, case, Some(gp)).await), "allowed");
    assert_eq!(exactly_one_row!("remove_participant", e.s.remove_participant(&me, case, psy).await), "allowed");
    // A refused attempt is one row too.
    assert_eq!(exactly_one_row!("remove_participant", e.s.remove_participant(&me, case, psy).await), "denied");

    // The row says who, on whose behalf, in which role, and when (UTC ms).
    let (actor, behalf, role, at): (i64, i64, String, i64) = sqlx::query_as(
        "SELECT actor_account_id, on_behalf_of, role, at FROM access_log WHERE outcome = 'allowed' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(e.s.db.pool())
    .await
    .unwrap();
    assert_eq!((actor, behalf, role.as_str()), (me.id.0, me.id.0, "worker"));
    use server::services::Clock;
    assert_eq!(at, e.clock.now().timestamp_millis());
}

#[tokio::test]
async fn my_case_reads_the_case_and_what_waits_in_one_go_with_a_row_per_area() {
    let e = env().await;
    let (me, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let before = e.log_rows().await;
    let home = e.s.case_home(&me).await.unwrap().unwrap();
    assert_eq!(e.log_rows().await - before, 5, "one row per area's decision, none twice");
    let rows: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT action, outcome, case_id FROM access_log ORDER BY id DESC LIMIT 5")
            .fetch_all(e.s.db.pool())
            .await
            .unwrap();
    let mut actions: Vec<&str> = rows.iter().map(|(a, _, _)| a.as_str()).collect();
    actions.sort();
    assert_eq!(actions, ["read_case", "read_plan", "read_referrals", "read_requests", "read_work"]);
    assert!(rows.iter().all(|(_, o, c)| o == "allowed" && *c == Some(case.0)));
    // The same data as the areas' own reads: the page cannot drift from them.
    assert_eq!(home.case, e.s.my_case(&me).await.unwrap().unwrap());
    // In a new Finnish case only her own first step of the road back waits.
    let waiting: Vec<&WaitingItem> = home.waiting.iter().map(|w| &w.item).collect();
    assert!(
        matches!(waiting[..], [WaitingItem::Milestone(ref m)] if m.milestone == Milestone::FiKelaApplication),
        "{waiting:?}"
    );

    // Without a case of their own there is nothing to read, and nothing is logged.
    let token = sign_in(&e, "nobody@example.com").await;
    let nobody = account(&e, &token).await;
    let before = e.log_rows().await;
    assert_eq!(e.s.case_home(&nobody).await.unwrap(), None);
    assert_eq!(e.log_rows().await, before);
}

#[tokio::test]
async fn the_access_log_cannot_be_edited_or_deleted_through_sql() {
    let e = env().await;
    let (me, _, _) = worker_with_case(&e, "sanna@example.com").await;
    e.s.my_case(&me).await.unwrap();
    let rows = e.log_rows().await;
    assert!(rows > 0);
    let update = sqlx::query("UPDATE access_log SET outcome = 'denied'").execute(e.s.db.pool()).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM access_log").execute(e.s.db.pool()).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(e.log_rows().await, rows);
}

/// The same address twice in one team (a double tap, two tabs) is refused
/// with a clear message on the e-mail field, nothing changes, and the
/// attempt is logged; after removing the first they can be added again.
/// Should two requests race past that check, the database's unique index
/// refuses the second, answered as 409 Conflict rather than a failure.
#[tokio::test]
async fn the_same_address_twice_is_refused_clearly() {
    let e = env().await;
    let (me, case, gp) = worker_with_case(&e, "sanna@example.com").await;
    let again = NewParticipant::parse("psychiatrist", "Dr Korhonen again", "", "gp@example.com", "").unwrap();
    let before = e.s.my_case(&me).await.unwrap().unwrap().participants.len();
    let rows = e.log_rows().await;
    let refused = Err(AppError::field("email", ErrorKey::AlreadyInTeam));
    assert_eq!(e.s.add_participant(&me, case, again.clone()).await, refused);
    assert_eq!(e.log_rows().await, rows + 1, "the refused attempt is logged");
    assert_eq!(e.s.my_case(&me).await.unwrap().unwrap().participants.len(), before);
    // Changing someone else's address to one already in the team: the same.
    let psy = e.s.add_participant(&me, case, gp2()).await.unwrap();
    let taken = Contact::parse("Dr Berg", "", "gp@example.com", "").unwrap();
    let on_card = Err(AppError::field(&format!("{}.email", contact_prefix(psy)), ErrorKey::AlreadyInTeam));
    assert_eq!(e.s.change_contact(&me, case, psy, taken).await, on_card);

    // Past the check, the unique index holds: a conflict, not a failure.
    let mut tx = e.s.db.begin_write().await.unwrap();
    let raced = server::store::case::add_participant(&mut tx, case, &again, Timestamp(0)).await.unwrap_err();
    tx.rollback().await.unwrap();
    let raced = server::error::Error::from(raced);
    assert_eq!(raced.conflict(), Some("one_participant_per_address"), "{raced}");
    assert_eq!(AppError::from(raced), AppError::Conflict);
    assert_eq!(AppError::Conflict.status(), 409);

    e.s.remove_participant(&me, case, gp).await.unwrap();
    assert!(e.s.add_participant(&me, case, again).await.is_ok());
}

/// A professional the worker adds hears of it: one neutral mail (nothing
/// of the worker, the case or their role) with the link to their view of
/// the case. A refused addition mails nobody.
#[tokio::test]
async fn an_added_professional_is_told_with_a_neutral_link() {
    let e = env().await;
    let (me, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let mails = |to: &'static str| {
        let pool = e.s.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT subject || ' ' || body FROM outbox WHERE recipient = $1")
                .bind(to)
                .fetch_all(&pool)
                .await
                .unwrap()
        }
    };
    let told = mails("gp@example.com").await;
    assert_eq!(told.len(), 1, "{told:?}");
    let (subject, body) = app::text::news_mail("en", &format!("{}/shared/{case}", e.s.public_url));
    assert_eq!(told[0], format!("{subject} {body}"));
    for secret in ["Sanna", "Virtanen", "Korhonen", "gp", "Kallio"] {
        assert!(!told[0].contains(secret), "the mail says {secret:?}");
    }
    let again = NewParticipant::parse("psychiatrist", "Dr K", "", "gp@example.com", "").unwrap();
    assert!(e.s.add_participant(&me, case, again).await.is_err());
    assert_eq!(mails("gp@example.com").await.len(), 1, "a refused addition mails nobody");
}
