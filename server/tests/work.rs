//! Work and Concerns against a real database: the adjustment lifecycle with
//! the employer and the occupational physician, what reaches whom, review
//! reminders, and every refusal the issue names (each changes nothing).
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use common::*;

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
    let op = e.s.add_participant(&worker, case, add("occupational_physician", "Dr Anna Jansen", "anna@example.com"));
    let op = op.await.unwrap();
    let boss = e.s.add_participant(&worker, case, add("employer", "Pekka Mäkinen", "pekka@example.com")).await.unwrap();
    let psy = e.s.add_participant(&worker, case, add("psychiatrist", "Dr Mark de Vries", "mark@example.com"));
    let psy = psy.await.unwrap();
    let op_account = account(e, &sign_in(e, "anna@example.com").await).await;
    let boss_account = account(e, &sign_in(e, "pekka@example.com").await).await;
    let psy_account = account(e, &sign_in(e, "mark@example.com").await).await;
    Team { worker, case, op, boss, psy, op_account, boss_account, psy_account }
}

async fn draft(e: &Env, t: &Team, help: &str) -> AdjustmentId {
    let text = AdjustmentText::parse("supervisor_checkins", help, "I can plan my week", "", "").unwrap();
    e.s.write_adjustment(&t.worker, t.case, None, text).await.unwrap()
}

fn send(to: &[ParticipantId], grant: bool) -> StepRequest {
    StepRequest::Send { to: to.to_vec(), grant }
}

fn agree(start: &str) -> StepRequest {
    StepRequest::Agree(Agreement::parse(start, "").unwrap())
}

fn field_error(r: Result<(), AppError>) -> Option<ErrorKey> {
    match r {
        Err(AppError::Invalid(errors)) => errors.first().map(|e| e.key),
        _ => None,
    }
}

/// The adjustments an employer (or anyone) sees on their page of the case.
async fn sent_seen(e: &Env, who: &Account, case: CaseId) -> Result<Vec<SentAdjustment>, AppError> {
    let v = e.s.shared_case(who, case).await?;
    Ok(v.sections
        .into_iter()
        .filter_map(|s| match s.content {
            SectionContent::Adjustments(list) => Some(list),
            _ => None,
        })
        .flatten()
        .collect())
}

async fn outbox_to(e: &Env, to: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id")
        .bind(to)
        .fetch_all(e.s.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn from_draft_to_in_place_with_the_employer_and_a_review_reminder() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "A short talk with my supervisor every Monday").await;
    // A draft reaches nobody, not even with the grant in force.
    e.s.grant(&t.worker, t.case, t.boss, None).await.unwrap();
    assert!(sent_seen(&e, &t.boss_account, t.case).await.unwrap().is_empty());
    e.s.revoke(&t.worker, t.case, t.boss, None).await.unwrap();

    // Sending offers the grant in the same step.
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss, t.op], true)).await.unwrap();
    let seen = sent_seen(&e, &t.boss_account, t.case).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].help, "A short talk with my supervisor every Monday");
    assert_eq!(seen[0].status, AdjustmentStatus::Proposed);
    assert!(outbox_to(&e, "pekka@example.com").await.iter().all(|b| !b.contains("supervisor")), "neutral mail only");

    e.s.take_step(&t.boss_account, t.case, a, agree("2026-12-01")).await.unwrap();
    let mine = e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment;
    assert_eq!(mine.status, AdjustmentStatus::Agreed);
    let agreement = mine.agreement.unwrap();
    assert_eq!(agreement.review.to_string(), "2027-01-12", "six weeks after the start");
    e.s.take_step(&t.boss_account, t.case, a, StepRequest::InPlace).await.unwrap();
    let mine = e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment;
    assert_eq!(mine.status, AdjustmentStatus::InPlace);
    let steps: Vec<_> = mine.history.iter().map(|l| l.step).collect();
    use AdjustmentStep::*;
    assert_eq!(steps, vec![Written, Sent, Agreed, InPlace]);
    assert!(matches!(&mine.history[2].by, StepBy::Participant { role: Role::Employer, .. }));

    // The review reminder goes out on the review date, once, to the worker,
    // the employer and the occupational physician, with a link only.
    let before = |who| outbox_to(&e, who);
    let (w0, b0, o0) = (
        before("sanna@example.com").await.len(),
        before("pekka@example.com").await.len(),
        before("anna@example.com").await.len(),
    );
    assert_eq!(server::services::work::remind_reviews(&e.s).await.unwrap(), 0, "not yet due");
    let days = (agreement.review - e.clock_today()).num_days();
    e.clock.advance(chrono::Duration::days(days) + chrono::Duration::hours(1));
    assert_eq!(server::services::work::remind_reviews(&e.s).await.unwrap(), 1);
    assert_eq!(server::services::work::remind_reviews(&e.s).await.unwrap(), 0, "once per review date");
    let worker_mail = outbox_to(&e, "sanna@example.com").await;
    assert_eq!(worker_mail.len(), w0 + 1);
    assert!(worker_mail.last().unwrap().contains(&format!("/case/{}/work/{a}", t.case)));
    assert_eq!(outbox_to(&e, "pekka@example.com").await.len(), b0 + 1);
    assert_eq!(outbox_to(&e, "anna@example.com").await.len(), o0 + 1);
    for body in outbox_to(&e, "pekka@example.com").await {
        assert!(!body.contains("supervisor") && !body.contains("Sanna"), "no content in mail: {body}");
    }
    let page = e.s.work(&t.worker, t.case).await.unwrap();
    assert!(page.adjustments[0].review_due(page.today));

    e.s.take_step(&t.worker, t.case, a, StepRequest::End { reason: "Back to normal".into() }).await.unwrap();
    assert_eq!(e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment.status, AdjustmentStatus::Ended);
}

#[tokio::test]
async fn the_occupational_physicians_record_counts_only_once_the_worker_confirms() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "Quiet room").await;
    let record = StepRequest::Record(Agreement::parse("2026-12-07", "2027-01-05").unwrap());
    e.s.take_step(&t.worker, t.case, a, send(&[t.op], false)).await.unwrap();
    // Without the adjustments grant the physician may not record anything.
    assert_eq!(e.s.take_step(&t.op_account, t.case, a, record.clone()).await, Err(AppError::NotFound));
    e.s.grant(&t.worker, t.case, t.op, None).await.unwrap();
    e.s.take_step(&t.op_account, t.case, a, record).await.unwrap();
    let mine = e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment;
    assert_eq!((mine.status, mine.agreement), (AdjustmentStatus::Proposed, None), "not agreed yet");
    assert!(mine.pending.is_some());
    e.s.take_step(&t.worker, t.case, a, StepRequest::Confirm).await.unwrap();
    let mine = e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment;
    assert_eq!(mine.status, AdjustmentStatus::Agreed);
    assert_eq!(mine.agreement.unwrap().review.to_string(), "2027-01-05");
    assert_eq!(mine.pending, None);
}

#[tokio::test]
async fn the_employer_cannot_tell_not_shared_yet_from_refused() {
    let e = env().await;
    let t = team(&e).await;
    let nothing_yet = e.s.shared_case(&t.boss_account, t.case).await.unwrap();
    let a = draft(&e, &t, "Start at ten").await;
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss], true)).await.unwrap();
    assert_eq!(sent_seen(&e, &t.boss_account, t.case).await.unwrap().len(), 1);
    // Stopping the grant hides every adjustment at once.
    e.s.revoke(&t.worker, t.case, t.boss, None).await.unwrap();
    let refused = e.s.shared_case(&t.boss_account, t.case).await.unwrap();
    assert_eq!(refused, nothing_yet, "the page looks as before anything was written");
    // Acting on it: the same answer as for an adjustment that does not exist.
    let on_revoked = e.s.take_step(&t.boss_account, t.case, a, agree("2026-12-01")).await;
    let on_missing = e.s.take_step(&t.boss_account, t.case, AdjustmentId(999), agree("2026-12-01")).await;
    assert_eq!(on_revoked, Err(AppError::NotFound));
    assert_eq!(on_revoked, on_missing);
    // With the grant back, a proposal sent only to the physician stays unseen.
    e.s.grant(&t.worker, t.case, t.boss, None).await.unwrap();
    let only_op = draft(&e, &t, "Only-for-the-physician").await;
    e.s.take_step(&t.worker, t.case, only_op, send(&[t.op], false)).await.unwrap();
    let seen = sent_seen(&e, &t.boss_account, t.case).await.unwrap();
    assert!(seen.iter().all(|s| s.id != only_op));
    let on_unsent = e.s.take_step(&t.boss_account, t.case, only_op, agree("2026-12-01")).await;
    assert_eq!(on_unsent, on_missing, "not sent to them looks like not there");
}

#[tokio::test]
async fn forbidden_steps_and_bad_input_change_nothing() {
    let e = env().await;
    let t = team(&e).await;
    e.s.grant(&t.worker, t.case, t.boss, None).await.unwrap();
    let a = draft(&e, &t, "Flexible breaks").await;
    let snapshot = |e: &Env| {
        let pool = e.s.db.pool().clone();
        async move {
            let rows: Vec<(String, Option<String>)> =
                sqlx::query_as("SELECT status, start_date FROM adjustments ORDER BY id")
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            let steps: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM adjustment_steps").fetch_one(&pool).await.unwrap();
            let sent: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM adjustment_recipients").fetch_one(&pool).await.unwrap();
            (rows, steps, sent)
        }
    };
    let before = snapshot(&e).await;
    // An employer agreeing to a draft: it was never sent to them.
    assert_eq!(e.s.take_step(&t.boss_account, t.case, a, agree("2026-12-01")).await, Err(AppError::NotFound));
    // The worker cannot agree on the employer's behalf, nor confirm nothing.
    let r = e.s.take_step(&t.worker, t.case, a, agree("2026-12-01")).await;
    assert_eq!(r, Err(AppError::NotFound), "the table: answering is the employer's");
    assert_eq!(
        field_error(e.s.take_step(&t.worker, t.case, a, StepRequest::Confirm).await),
        Some(ErrorKey::StepNotAllowed)
    );
    // Sending to someone who does not receive proposals, or to nobody known.
    assert_eq!(
        field_error(e.s.take_step(&t.worker, t.case, a, send(&[t.psy], true)).await),
        Some(ErrorKey::ParticipantUnknown)
    );
    assert_eq!(
        field_error(e.s.take_step(&t.worker, t.case, a, send(&[ParticipantId(999)], true)).await),
        Some(ErrorKey::ParticipantUnknown)
    );
    // An empty draft cannot be sent.
    let empty = AdjustmentText::parse("other", "", "", "", "").unwrap();
    let blank = e.s.write_adjustment(&t.worker, t.case, None, empty).await.unwrap();
    assert_eq!(
        field_error(e.s.take_step(&t.worker, t.case, blank, send(&[t.boss], true)).await),
        Some(ErrorKey::Required)
    );
    let before = (before.0, before.1 + 1, before.2); // the blank draft's row and "written" step
    let mut after = snapshot(&e).await;
    after.0.pop();
    assert_eq!(after, (before.0.clone(), before.1, before.2), "refusals changed nothing");

    // Ended does not go back to draft.
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss], false)).await.unwrap();
    e.s.take_step(&t.worker, t.case, a, StepRequest::End { reason: String::new() }).await.unwrap();
    let again = AdjustmentText::parse("flexible_breaks", "rewritten", "", "", "").unwrap();
    assert!(matches!(e.s.write_adjustment(&t.worker, t.case, Some(a), again).await, Err(AppError::Invalid(_))));
    assert_eq!(
        field_error(e.s.take_step(&t.worker, t.case, a, send(&[t.boss], false)).await),
        Some(ErrorKey::StepNotAllowed)
    );
    assert_eq!(e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment.text.help, "Flexible breaks");
}

#[tokio::test]
async fn concerns_are_private_and_never_reach_an_employer() {
    let e = env().await;
    let t = team(&e).await;
    let text =
        ConcernText::parse("supervisor_attitude", "He sighs when I ask for help", "4", "Regular check-ins").unwrap();
    let c = e.s.write_concern(&t.worker, t.case, None, text).await.unwrap();
    // Private by default, even with every grant the ceiling allows.
    e.s.grant(&t.worker, t.case, t.boss, None).await.unwrap();
    e.s.grant(&t.worker, t.case, t.psy, None).await.unwrap();
    for who in [&t.boss_account, &t.psy_account, &t.op_account] {
        if let Ok(v) = e.s.shared_case(who, t.case).await {
            assert!(!format!("{v:?}").contains("sighs"), "{} sees the concern", who.email.as_str());
        }
    }
    // Never an employer, whatever is posted.
    let r = e.s.share_concern(&t.worker, t.case, c, vec![t.psy, t.boss]).await;
    assert_eq!(field_error(r), Some(ErrorKey::ConcernNotForEmployer));
    let shares: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM concern_shares").fetch_one(e.s.db.pool()).await.unwrap();
    assert_eq!(shares, 0, "nothing shared by the refused request");
    // With one named clinician: they see it, others do not.
    e.s.share_concern(&t.worker, t.case, c, vec![t.psy]).await.unwrap();
    let v = e.s.shared_case(&t.psy_account, t.case).await.unwrap();
    assert_eq!(v.named_concerns.len(), 1);
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM access_log WHERE action = 'view_concern' AND outcome = 'allowed'")
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
    assert_eq!(logged, 1, "seeing a concern shared by name is logged");
    assert!(!format!("{:?}", e.s.shared_case(&t.boss_account, t.case).await.unwrap()).contains("sighs"));
    // A stigma grant can never be given to the employer; to a clinician it shows all and the plan.
    let stigma = GrantRequest {
        categories: vec![Category::Stigma],
        purpose: Purpose::CareCoordination,
        until: LastDay::Revoked,
    };
    assert!(e.s.grant(&t.worker, t.case, t.boss, Some(stigma.clone())).await.is_err());
    let plan = DisclosurePlan::parse([(t.boss.to_string().as_str(), "sick_leave")], "I am recovering").unwrap();
    e.s.set_disclosure_plan(&t.worker, t.case, plan).await.unwrap();
    e.s.grant(&t.worker, t.case, t.op, Some(stigma)).await.unwrap();
    let v = e.s.shared_case(&t.op_account, t.case).await.unwrap();
    let section = v.sections.iter().find(|s| s.category == Category::Stigma).expect("stigma section");
    let SectionContent::Stigma(seen) = &section.content else { panic!("no concerns in the stigma section") };
    assert_eq!(seen.concerns.len(), 1);
    assert_eq!(seen.plan.as_ref().unwrap().colleague_words, "I am recovering");
    assert!(!format!("{:?}", e.s.shared_case(&t.boss_account, t.case).await.unwrap()).contains("recovering"));

    // One tap from the concern: a supervisor check-ins draft, with what would help.
    let d = e.s.adjustment_from_concern(&t.worker, t.case, c).await.unwrap();
    let a = e.s.adjustment(&t.worker, t.case, d).await.unwrap().adjustment;
    assert_eq!(
        (a.status, a.text.kind, a.text.help.as_str()),
        (AdjustmentStatus::Draft, AdjustmentKind::SupervisorCheckins, "Regular check-ins")
    );
}

#[tokio::test]
async fn not_possible_needs_a_reason_the_worker_reads() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "Work from home on Fridays").await;
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss], true)).await.unwrap();
    let no_reason = StepRequest::parse("declined", "", "", "  ", "", vec![], false);
    assert_eq!(no_reason, Err(vec![FieldError::new("reason", ErrorKey::Required)]));
    let why = "The team meets on Fridays; Thursdays would work.";
    let declined = StepRequest::parse("declined", "", "", why, "", vec![], false).unwrap();
    e.s.take_step(&t.boss_account, t.case, a, declined).await.unwrap();
    let mine = e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment;
    assert_eq!((mine.status, mine.reason.as_deref()), (AdjustmentStatus::Declined, Some(why)));
    assert_eq!(mine.history.last().unwrap().reason.as_deref(), Some(why));
    // Declined is final: no agreeing afterwards.
    let late = e.s.take_step(&t.boss_account, t.case, a, agree("2026-12-01")).await;
    assert_eq!(field_error(late), Some(ErrorKey::StepNotAllowed));
}

#[tokio::test]
async fn a_reminder_reaches_only_those_who_still_see_adjustments_and_is_logged() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "Later start").await;
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss], true)).await.unwrap();
    e.s.take_step(&t.boss_account, t.case, a, agree("2026-12-01")).await.unwrap();
    e.s.revoke(&t.worker, t.case, t.boss, None).await.unwrap();
    let boss_before = outbox_to(&e, "pekka@example.com").await.len();
    e.clock.advance(chrono::Duration::days(120));
    assert_eq!(server::services::work::remind_reviews(&e.s).await.unwrap(), 1);
    assert_eq!(outbox_to(&e, "pekka@example.com").await.len(), boss_before, "the grant was stopped");
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_log WHERE action = 'remind_review' AND case_id = $1 AND actor_account_id IS NULL",
    )
    .bind(t.case)
    .fetch_one(e.s.db.pool())
    .await
    .unwrap();
    assert_eq!(logged, 1);
    let log = e.s.access_log(&t.worker, t.case, LogFilter::default()).await.unwrap();
    assert!(log.lines.iter().any(|l| l.action == Operation::RemindReview && l.who == Who::Portal));
}

#[tokio::test]
async fn stop_all_removal_and_the_switch_end_concerns_shared_by_name() {
    let e = env().await;
    let t = team(&e).await;
    let text = ConcernText::parse("self_stigma", "I feel I let the team down", "3", "").unwrap();
    let c = e.s.write_concern(&t.worker, t.case, None, text).await.unwrap();
    let seen = |who: Account| {
        let e = &e;
        async move { e.s.shared_case(&who, t.case).await.unwrap().named_concerns.len() }
    };
    e.s.share_concern(&t.worker, t.case, c, vec![t.psy, t.op]).await.unwrap();
    assert_eq!(seen(t.psy_account.clone()).await, 1);
    let overview = e.s.my_case(&t.worker).await.unwrap().unwrap();
    assert_eq!(overview.participants.iter().find(|p| p.id == t.psy).unwrap().named_concerns, 1, "the worker sees it");
    // The mental-health switch holds it back from anyone not named.
    e.s.set_protection(&t.worker, t.case, Protection { on: true, named: vec![t.op] }).await.unwrap();
    assert_eq!(seen(t.psy_account.clone()).await, 0);
    assert_eq!(seen(t.op_account.clone()).await, 1);
    e.s.set_protection(&t.worker, t.case, Protection { on: false, named: vec![] }).await.unwrap();
    // "Stop all" stops it, even with no grant to end.
    e.s.revoke(&t.worker, t.case, t.psy, None).await.unwrap();
    assert_eq!(seen(t.psy_account.clone()).await, 0);
    // Leaving the team stops it.
    e.s.remove_participant(&t.worker, t.case, t.op).await.unwrap();
    let shares: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM concern_shares").fetch_one(e.s.db.pool()).await.unwrap();
    assert_eq!(shares, 0);
}

#[tokio::test]
async fn a_case_page_reads_the_view_and_a_clinicians_own_lists_together() {
    let e = env().await;
    let t = team(&e).await;
    e.s.grant(&t.worker, t.case, t.psy, None).await.unwrap();
    let before = e.log_rows().await;
    let view = e.s.shared_case(&t.psy_account, t.case).await.unwrap();
    let view_rows = e.log_rows().await - before;
    let before = e.log_rows().await;
    let page = e.s.shared_page(&t.psy_account, t.case).await.unwrap();
    assert_eq!(e.log_rows().await - before, view_rows + 2, "the view's rows and one per list, none twice");
    let mut lists: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM access_log WHERE action IN ('see_referrals', 'see_requests') ORDER BY id DESC LIMIT 3",
    )
    .fetch_all(e.s.db.pool())
    .await
    .unwrap();
    lists.sort();
    assert_eq!(lists, ["see_referrals", "see_requests"]);
    // The same data as the areas' own reads.
    assert_eq!(page.view, view);
    let care = page.care.expect("a clinician's own requests and referrals");
    assert_eq!(care.requests, e.s.my_requests(&t.psy_account, t.case).await.unwrap());
    assert_eq!(care.referrals, e.s.my_referrals(&t.psy_account, t.case).await.unwrap());

    // The employer neither asks nor refers: the view alone, one row.
    let before = e.log_rows().await;
    let page = e.s.shared_page(&t.boss_account, t.case).await.unwrap();
    assert_eq!((page.care, e.log_rows().await - before), (None, 1));
    assert_eq!(e.last_log().await.0, "view_case");
    assert_eq!(page.view, e.s.shared_case(&t.boss_account, t.case).await.unwrap());
}

fn review(outcome: &str, next: &str, note: &str) -> StepRequest {
    StepRequest::parse("reviewed", "", next, note, outcome, vec![], false).unwrap()
}

/// On its review date an agreed adjustment waits for the worker on My case;
/// she or the employer records the review (kept, or changed in words) with
/// the next date, which ends "review due" until then; the other side hears
/// of it, and the history says who decided what.
#[tokio::test]
async fn a_review_keeps_or_changes_an_adjustment_and_sets_the_next_date() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "A check-in every Monday").await;
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss], true)).await.unwrap();
    e.s.take_step(&t.boss_account, t.case, a, agree("2026-11-24")).await.unwrap();
    // Six weeks later, the review is due: it waits on My case.
    e.clock.advance(chrono::Duration::days(42));
    let waits = || async {
        let home = e.s.case_home(&t.worker).await.unwrap().unwrap();
        home.waiting.iter().any(|w| matches!(&w.item, WaitingItem::ReviewDue(x) if x.id == a))
    };
    assert!(waits().await);
    // The worker keeps it: the next review is six weeks from today.
    let to_boss = outbox_to(&e, "pekka@example.com").await.len();
    e.s.take_step(&t.worker, t.case, a, review("kept", "", "")).await.unwrap();
    assert!(!waits().await, "reviewed: nothing waits until the next date");
    let page = e.s.adjustment(&t.worker, t.case, a).await.unwrap();
    let next = e.clock_today() + chrono::Days::new(42);
    assert_eq!(page.adjustment.agreement.unwrap().review, next);
    assert_eq!(outbox_to(&e, "pekka@example.com").await.len(), to_boss + 1, "the employer hears of it");
    let last = page.adjustment.history.last().unwrap();
    assert_eq!(
        (last.step, last.by.clone(), last.review),
        (AdjustmentStep::Reviewed, StepBy::Worker, Some((ReviewOutcome::Kept, next)))
    );
    // A review date that has passed is refused, naming the field.
    let past = e.s.take_step(&t.boss_account, t.case, a, review("kept", &e.clock_today().to_string(), ""));
    assert_eq!(field_error(past.await), Some(ErrorKey::DateNotAhead));
    // The employer changes it, in words, with a date of their own.
    let to_worker = outbox_to(&e, "sanna@example.com").await.len();
    let later = (e.clock_today() + chrono::Days::new(28)).to_string();
    e.s.take_step(&t.boss_account, t.case, a, review("changed", &later, "Every other Monday from now on"))
        .await
        .unwrap();
    assert_eq!(outbox_to(&e, "sanna@example.com").await.len(), to_worker + 1, "the worker hears of it");
    let page = e.s.adjustment(&t.worker, t.case, a).await.unwrap();
    let last = page.adjustment.history.last().unwrap();
    assert_eq!(last.review.map(|r| r.0), Some(ReviewOutcome::Changed));
    assert_eq!(last.reason.as_deref(), Some("Every other Monday from now on"));
    assert!(matches!(&last.by, StepBy::Participant { role: Role::Employer, .. }));
    assert_eq!(page.adjustment.status, AdjustmentStatus::Agreed, "a review leaves it where it was");
    // The occupational physician does not review, and an ended one is not reviewed.
    let op = e.s.take_step(&t.op_account, t.case, a, review("kept", "", ""));
    assert_eq!(op.await, Err(AppError::NotFound));
    e.s.take_step(&t.worker, t.case, a, StepRequest::End { reason: String::new() }).await.unwrap();
    let ended = e.s.take_step(&t.worker, t.case, a, review("kept", "", ""));
    assert_eq!(field_error(ended.await), Some(ErrorKey::StepNotAllowed));
}

/// A draft is deleted (only the worker saw it); anything sent is not.
#[tokio::test]
async fn a_draft_can_be_deleted_and_nothing_sent_can() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "Two half days").await;
    let b = draft(&e, &t, "A quiet desk").await;
    e.s.take_step(&t.worker, t.case, b, send(&[t.boss], true)).await.unwrap();
    e.s.delete_draft(&t.worker, t.case, a).await.unwrap();
    let work = e.s.work(&t.worker, t.case).await.unwrap();
    assert_eq!(work.adjustments.iter().map(|x| x.id).collect::<Vec<_>>(), vec![b]);
    assert_eq!(e.s.adjustment(&t.worker, t.case, a).await, Err(AppError::NotFound));
    assert_eq!(e.last_log().await.0, "read_work");
    let sent = e.s.delete_draft(&t.worker, t.case, b).await;
    assert_eq!(sent, Err(AppError::field("step", ErrorKey::StepNotAllowed)));
    assert_eq!(e.s.delete_draft(&t.worker, t.case, a).await, Err(AppError::NotFound), "gone");
    // Nobody else deletes one.
    let c = draft(&e, &t, "Later").await;
    assert_eq!(e.s.delete_draft(&t.boss_account, t.case, c).await, Err(AppError::NotFound));
}

/// A concern is changed and deleted from its own card: the change reaches
/// the clinician it was shared with, the deletion takes it from them too.
#[tokio::test]
async fn a_concern_is_changed_and_deleted() {
    let e = env().await;
    let t = team(&e).await;
    let text = |what: &str| ConcernText::parse("supervisor_attitude", what, "3", "").unwrap();
    let c = e.s.write_concern(&t.worker, t.case, None, text("First words")).await.unwrap();
    e.s.share_concern(&t.worker, t.case, c, vec![t.psy]).await.unwrap();
    e.s.write_concern(&t.worker, t.case, Some(c), text("Better words")).await.unwrap();
    let seen = e.s.shared_case(&t.psy_account, t.case).await.unwrap().named_concerns;
    assert_eq!(seen.iter().map(|x| x.what.as_str()).collect::<Vec<_>>(), ["Better words"]);
    assert_eq!(e.s.delete_concern(&t.boss_account, t.case, c).await, Err(AppError::NotFound));
    e.s.delete_concern(&t.worker, t.case, c).await.unwrap();
    assert!(e.s.concerns(&t.worker, t.case).await.unwrap().concerns.is_empty());
    assert!(e.s.shared_case(&t.psy_account, t.case).await.unwrap().named_concerns.is_empty());
    assert_eq!(e.s.delete_concern(&t.worker, t.case, c).await, Err(AppError::NotFound));
}

/// The employer's and the occupational physician's "what's new" on their
/// lists: (proposals waiting for an answer, reviews due).
async fn waiting_on_list(e: &Env, who: &Account) -> (u32, u32) {
    let list = e.s.invitations(who, None).await.unwrap();
    list.cases.iter().fold((0, 0), |(p, r), c| (p + c.news.proposals, r + c.news.reviews_due))
}

#[tokio::test]
async fn a_proposal_and_a_review_due_are_news_to_the_employer_only_while_they_see_adjustments() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "A short talk with my supervisor every Monday").await;
    assert_eq!(waiting_on_list(&e, &t.boss_account).await, (0, 0), "a draft is nobody's news");
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss, t.op], true)).await.unwrap();
    assert_eq!(waiting_on_list(&e, &t.boss_account).await, (1, 0), "waiting for the employer's answer");
    assert_eq!(waiting_on_list(&e, &t.op_account).await, (0, 0), "the employer answers, not the physician");

    e.s.take_step(&t.boss_account, t.case, a, agree("2026-12-01")).await.unwrap();
    assert_eq!(waiting_on_list(&e, &t.boss_account).await, (0, 0));
    let review = e.s.adjustment(&t.worker, t.case, a).await.unwrap().adjustment.agreement.unwrap().review;
    e.clock.advance(chrono::Duration::days((review - e.clock_today()).num_days()) + chrono::Duration::hours(1));
    assert_eq!(waiting_on_list(&e, &t.boss_account).await, (0, 1), "the review is due");
    assert_eq!(waiting_on_list(&e, &t.op_account).await, (0, 0));

    // Once the worker stops sharing adjustments with them, nothing is news.
    e.s.revoke(&t.worker, t.case, t.boss, None).await.unwrap();
    let list = e.s.invitations(&t.boss_account, None).await.unwrap();
    assert_eq!((list.cases[0].sees.len(), waiting_on_list(&e, &t.boss_account).await), (0, (0, 0)));
}

async fn open_grants(e: &Env, case: CaseId) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM grants WHERE case_id = $1 AND ended_at IS NULL")
        .bind(case)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn back_at_work_the_case_closes_ends_every_grant_shows_closed_only_and_reminds_nobody() {
    let e = env().await;
    let t = team(&e).await;
    let a = draft(&e, &t, "A short talk with my supervisor every Monday").await;
    e.s.take_step(&t.worker, t.case, a, send(&[t.boss, t.op], true)).await.unwrap();
    e.s.take_step(&t.boss_account, t.case, a, agree("2026-12-01")).await.unwrap();
    e.s.grant(&t.worker, t.case, t.op, None).await.unwrap();
    assert!(open_grants(&e, t.case).await > 2);
    let today = e.clock_today();
    let closed_on = || async { e.s.my_case(&t.worker).await.unwrap().unwrap().closed_on };

    // Nobody but the worker closes it; nor on a day to come or before the sick leave.
    assert_eq!(e.s.close_case(&t.boss_account, t.case, today).await, Err(AppError::NotFound));
    assert_eq!(e.s.close_case(&t.op_account, t.case, today).await, Err(AppError::NotFound));
    let tomorrow = today + chrono::Duration::days(1);
    assert_eq!(field_error(e.s.close_case(&t.worker, t.case, tomorrow).await), Some(ErrorKey::DateInFuture));
    let early = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    assert_eq!(field_error(e.s.close_case(&t.worker, t.case, early).await), Some(ErrorKey::DoneBeforeStart));
    assert_eq!(closed_on().await, None);

    e.s.close_case(&t.worker, t.case, today).await.unwrap();
    assert_eq!(closed_on().await, Some(today));
    assert_eq!(open_grants(&e, t.case).await, 0, "every grant ended");
    // The team sees that it is closed, and nothing else.
    for who in [&t.boss_account, &t.op_account, &t.psy_account] {
        let v = e.s.shared_page(who, t.case).await.unwrap();
        assert_eq!(v.view.closed_on, Some(today));
        assert!(v.view.sections.is_empty() && v.view.directory.is_empty() && v.view.road.is_none() && v.care.is_none());
        let list = e.s.invitations(who, None).await.unwrap();
        assert!(list.cases[0].closed && list.cases[0].sees.is_empty());
        assert_eq!(list.cases[0].news, WhatsNew::default());
    }
    // Nothing more is done on it by the team; the worker is told why.
    let review = StepRequest::Review(ReviewRequest::parse("kept", "2027-03-01", "").unwrap());
    assert_eq!(e.s.take_step(&t.boss_account, t.case, a, review).await, Err(AppError::NotFound));
    assert_eq!(e.s.reopen_case(&t.boss_account, t.case).await, Err(AppError::NotFound));
    assert_eq!(field_error(e.s.grant(&t.worker, t.case, t.op, None).await), Some(ErrorKey::CaseClosed));
    assert!(e.s.work(&t.worker, t.case).await.is_ok(), "the worker still reads everything");

    // Its review date comes: nobody is reminded.
    e.clock.advance(chrono::Duration::days(60));
    assert_eq!(server::services::work::remind_reviews(&e.s).await.unwrap(), 0);

    // A relapse: open again, with nothing shared until she shares it.
    e.s.reopen_case(&t.worker, t.case).await.unwrap();
    assert_eq!(closed_on().await, None);
    assert_eq!(open_grants(&e, t.case).await, 0);
    let v = e.s.shared_case(&t.boss_account, t.case).await.unwrap();
    assert!(v.closed_on.is_none() && v.sections.is_empty());
    e.s.grant(&t.worker, t.case, t.boss, None).await.unwrap();
    assert_eq!(sent_seen(&e, &t.boss_account, t.case).await.unwrap().len(), 1);
}
