//! The road back against a real database: the plan of action the worker and
//! the employer write and agree to (the employer ceiling held), the
//! timeline's milestones marked by whom they belong to, done by the portal
//! when it sees the step, recomputed when the start changes, and reminders
//! sent once per milestone and step, also by two instances at once.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::*;
use server::services::Clock;

struct Team {
    worker: Account,
    case: CaseId,
    boss: ParticipantId,
    op: ParticipantId,
    boss_account: Account,
    op_account: Account,
    gp_account: Account,
}

/// A Dutch worker whose sick leave started `weeks_ago` weeks ago (on the
/// test clock's day), with her employer and occupational physician.
async fn dutch_case(e: &Env, start: NaiveDate) -> Team {
    let token = sign_in(e, "sanna@example.com").await;
    let worker = account(e, &token).await;
    let dates = CaseDates { sick_leave_start: start, expected_return: None };
    let new = NewCase { dates, zone: Zone::AMSTERDAM, country: Country::Netherlands };
    let case = e.s.start_case(&worker, "Sanna de Boer", new).await.unwrap();
    let add = |role: &str, name: &str, email: &str| NewParticipant::parse(role, name, "", email, "").unwrap();
    let boss = e.s.add_participant(&worker, case, add("employer", "Pekka", "pekka@example.com")).await.unwrap();
    let op = e.s.add_participant(&worker, case, add("occupational_physician", "Dr Anna", "anna@example.com")).await;
    let op = op.unwrap();
    e.s.add_participant(&worker, case, add("gp", "Dr Liisa", "gp@example.com")).await.unwrap();
    Team {
        boss_account: account(e, &sign_in(e, "pekka@example.com").await).await,
        op_account: account(e, &sign_in(e, "anna@example.com").await).await,
        gp_account: account(e, &sign_in(e, "gp@example.com").await).await,
        worker,
        case,
        boss,
        op,
    }
}

fn today(e: &Env) -> NaiveDate {
    e.clock.now().date_naive()
}

fn grant(cats: &[Category]) -> Option<GrantRequest> {
    Some(GrantRequest { categories: cats.to_vec(), purpose: Purpose::RtwPlanning, until: LastDay::Revoked })
}

/// An adjustment sent to the employer and agreed by them.
async fn agreed_adjustment(e: &Env, t: &Team, help: &str) -> AdjustmentId {
    let text = AdjustmentText::parse("altered_hours", help, "", "", "").unwrap();
    let a = e.s.write_adjustment(&t.worker, t.case, None, text).await.unwrap();
    e.s.take_step(&t.worker, t.case, a, StepRequest::Send { to: vec![t.boss], grant: true }).await.unwrap();
    let start = today(e).to_string();
    e.s.take_step(&t.boss_account, t.case, a, StepRequest::Agree(Agreement::parse(&start, "").unwrap())).await.unwrap();
    a
}

fn plan(steps: &str, linked: Vec<AdjustmentId>) -> PlanText {
    PlanText::parse("own_work_adapted", steps, "Pia, HR", "", linked).unwrap()
}

fn line(road: &RoadView, m: Milestone) -> MilestoneLine {
    road.lines.iter().find(|l| l.milestone == m).cloned().unwrap_or_else(|| panic!("{m} not on the road"))
}

#[tokio::test]
async fn the_employer_writes_the_plan_the_worker_agrees_and_the_road_says_it_is_done() {
    let e = env().await;
    // Week 7: the problem analysis was due by week 6, the plan is due by week 8.
    let start = today(&e) - Duration::days(44);
    let t = dutch_case(&e, start).await;
    let a = agreed_adjustment(&e, &t, "Start at 10").await;
    let b = agreed_adjustment(&e, &t, "No evening shifts").await;
    let road = e.s.case_home(&t.worker).await.unwrap().unwrap().road;
    assert_eq!((road.position.week, road.position.day), (7, 45));
    assert_eq!(line(&road, Milestone::NlProblemAnalysis).state, MilestoneState::Overdue);
    assert_eq!(line(&road, Milestone::NlPlanOfAction).state, MilestoneState::DueSoon);

    // The occupational physician's first work-ability statement: the
    // portal marks the problem analysis done.
    let mut f: std::collections::BTreeMap<String, String> =
        AbilitySection::ALL.iter().map(|s| (section_fields(*s).0, "none".to_string())).collect();
    f.insert("course".into(), "Back in six weeks.".into());
    e.s.write_statement(&t.op_account, t.case, StatementBody::parse("work_ability", &f).unwrap()).await.unwrap();
    let road = e.s.road(&t.worker, t.case).await.unwrap().road;
    let done = line(&road, Milestone::NlProblemAnalysis);
    assert_eq!(done.state, MilestoneState::Done);
    assert_eq!(done.done.unwrap().by, MarkedBy::Portal);

    // The employer writes a first draft linking both adjustments; the worker agrees.
    let v = e.s.write_plan(&t.boss_account, t.case, plan("PLAN-MARKER steps", vec![a, b])).await.unwrap();
    let page = e.s.plan(&t.worker, t.case).await.unwrap();
    assert_eq!(page.versions[0].id, v);
    assert!(page.versions[0].employer_agreed.is_some() && page.versions[0].worker_agreed.is_none());
    assert_eq!(page.linked.iter().map(|x| x.id).collect::<Vec<_>>(), vec![a, b]);
    assert_eq!(page.actions.party, Some(Party::Worker));
    e.s.agree_plan(&t.worker, t.case, v).await.unwrap();
    let road = e.s.road(&t.worker, t.case).await.unwrap().road;
    let plan_line = line(&road, Milestone::NlPlanOfAction);
    assert_eq!((plan_line.state, plan_line.done.unwrap().done_on), (MilestoneState::Done, today(&e)));

    // The employer sees the plan and their own milestones only.
    let boss_view = e.s.shared_page(&t.boss_account, t.case).await.unwrap().view;
    assert!(boss_view.plan);
    let theirs: Vec<Milestone> = boss_view.road.clone().unwrap().lines.iter().map(|l| l.milestone).collect();
    assert!(theirs.contains(&Milestone::NlPlanOfAction) && theirs.contains(&Milestone::NlUwvReport));
    assert!(!theirs.contains(&Milestone::NlProblemAnalysis), "a clinical milestone: {theirs:?}");
    assert!(theirs.iter().all(|m| rule_of(*m).unwrap().employer_sees));
    let boss_plan = e.s.plan(&t.boss_account, t.case).await.unwrap();
    assert_eq!(boss_plan.versions, e.s.plan(&t.worker, t.case).await.unwrap().versions, "the same text for both");
    // Nothing clinical reaches the employer with it.
    let seen = format!("{boss_view:?}{boss_plan:?}");
    assert!(!seen.contains("Back in six weeks") && !seen.contains("Dr Anna"), "{seen}");

    // The occupational physician is invited on the adjustments grant: reads
    // and evaluates; the GP reads nothing of it.
    assert_eq!(e.s.plan(&t.op_account, t.case).await.unwrap_err(), AppError::NotFound);
    e.s.grant(&t.worker, t.case, t.op, grant(&[Category::Adjustments])).await.unwrap();
    let op_page = e.s.plan(&t.op_account, t.case).await.unwrap();
    assert_eq!((op_page.actions.party, op_page.actions.evaluate), (None, true));
    let eval = EvaluationText::parse("Going well.", "").unwrap();
    e.s.evaluate_plan(&t.op_account, t.case, eval).await.unwrap();
    assert_eq!(e.s.plan(&t.gp_account, t.case).await.unwrap_err(), AppError::NotFound);
    assert_eq!(e.s.write_plan(&t.op_account, t.case, plan("x", vec![])).await.unwrap_err(), AppError::NotFound);

    // Revoked: the employer no longer reads or writes the plan, nor sees the road.
    e.s.revoke(&t.worker, t.case, t.boss, None).await.unwrap();
    assert_eq!(e.s.plan(&t.boss_account, t.case).await.unwrap_err(), AppError::NotFound);
    assert_eq!(e.s.shared_case(&t.boss_account, t.case).await.unwrap().road, None);
}

#[tokio::test]
async fn bad_plans_and_evaluations_are_refused_and_store_nothing() {
    let e = env().await;
    let t = dutch_case(&e, today(&e) - Duration::days(20)).await;
    let a = agreed_adjustment(&e, &t, "Start at 10").await;
    let count = |table: &'static str| {
        let pool = e.s.db.pool().clone();
        async move {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap();
            n
        }
    };
    // An evaluation needs a plan and words.
    let err = e.s.evaluate_plan(&t.worker, t.case, EvaluationText::parse("x", "").unwrap()).await.unwrap_err();
    assert_eq!(err, AppError::Invalid(vec![FieldError::new("text", ErrorKey::NoPlan)]));
    assert_eq!(EvaluationText::parse("", "").unwrap_err(), vec![FieldError::new("text", ErrorKey::Required)]);
    // Only agreed adjustments the employer has may be linked.
    let draft =
        e.s.write_adjustment(&t.worker, t.case, None, AdjustmentText::parse("remote_work", "x", "", "", "").unwrap());
    let draft = draft.await.unwrap();
    let err = e.s.write_plan(&t.worker, t.case, plan("x", vec![a, draft])).await.unwrap_err();
    assert_eq!(err, AppError::Invalid(vec![FieldError::new("adjustments", ErrorKey::AdjustmentNotLinkable)]));
    let past = PlanText::parse("own_work", "x", "", &(today(&e) - Duration::days(1)).to_string(), vec![]).unwrap();
    let err = e.s.write_plan(&t.worker, t.case, past).await.unwrap_err();
    assert_eq!(err, AppError::Invalid(vec![FieldError::new("next_evaluation", ErrorKey::DateInPast)]));
    assert_eq!(count("plan_versions").await, 0);
    // Agreeing to a version someone replaced meanwhile says so.
    let v1 = e.s.write_plan(&t.worker, t.case, plan("first", vec![a])).await.unwrap();
    e.s.write_plan(&t.boss_account, t.case, plan("second", vec![a])).await.unwrap();
    let err = e.s.agree_plan(&t.boss_account, t.case, v1).await.unwrap_err();
    assert_eq!(err, AppError::Invalid(vec![FieldError::new("version", ErrorKey::PlanChanged)]));
    assert_eq!(count("plan_agreements").await, 2, "each writer agreed to their own only");
    // Someone else's case, or a version of another case: not there.
    let (other, other_case, _) = worker_with_case(&e, "other@example.com").await;
    assert_eq!(e.s.plan(&other, t.case).await.unwrap_err(), AppError::NotFound);
    assert_eq!(e.s.agree_plan(&other, other_case, v1).await.unwrap_err(), AppError::NotFound);
    // History: both versions, newest first.
    let page = e.s.plan(&t.worker, t.case).await.unwrap();
    assert_eq!(page.versions.iter().map(|v| v.text.steps.as_str()).collect::<Vec<_>>(), vec!["second", "first"]);
}

#[tokio::test]
async fn milestones_are_marked_by_whom_they_belong_to_on_a_day_of_the_sick_leave() {
    let e = env().await;
    let start = today(&e) - Duration::days(20);
    let t = dutch_case(&e, start).await;
    let mark = |m: Milestone, day: NaiveDate| MarkRequest { milestone: m, done_on: day };
    let report = mark(Milestone::NlSickReport, start + Duration::days(2));
    // Not the worker's step, nor the employer's before they see anything.
    assert_eq!(e.s.mark_milestone(&t.worker, t.case, report.clone()).await.unwrap_err(), AppError::NotFound);
    assert_eq!(e.s.mark_milestone(&t.boss_account, t.case, report.clone()).await.unwrap_err(), AppError::NotFound);
    e.s.grant(&t.worker, t.case, t.boss, grant(&[Category::Adjustments])).await.unwrap();
    // A day before the start, or to come: a clear message, nothing stored.
    let early = mark(Milestone::NlSickReport, start - Duration::days(1));
    let err = e.s.mark_milestone(&t.boss_account, t.case, early).await.unwrap_err();
    assert_eq!(err, AppError::Invalid(vec![FieldError::new("done_on", ErrorKey::DoneBeforeStart)]));
    let later = mark(Milestone::NlSickReport, today(&e) + Duration::days(1));
    let err = e.s.mark_milestone(&t.boss_account, t.case, later).await.unwrap_err();
    assert_eq!(err, AppError::Invalid(vec![FieldError::new("done_on", ErrorKey::DateInFuture)]));
    // A milestone of another country's road is not there.
    let finnish = mark(Milestone::FiTellOccupationalHealth, start);
    assert_eq!(e.s.mark_milestone(&t.boss_account, t.case, finnish).await.unwrap_err(), AppError::NotFound);
    e.s.mark_milestone(&t.boss_account, t.case, report).await.unwrap();
    let road = e.s.road(&t.worker, t.case).await.unwrap().road;
    let done = line(&road, Milestone::NlSickReport);
    assert_eq!(done.state, MilestoneState::Done);
    assert!(matches!(done.done.unwrap().by, MarkedBy::Participant { role: Role::Employer, .. }));
    // The worker marks her own (the WIA application), and only hers.
    let wia = rules(Country::Netherlands).iter().find(|r| r.responsible == Responsible::Worker).unwrap();
    e.s.mark_milestone(&t.worker, t.case, mark(wia.milestone, today(&e))).await.unwrap();

    // A new start date moves every due date and says so in the activity log.
    let before = line(&e.s.road(&t.worker, t.case).await.unwrap().road, Milestone::NlUwvReport).due;
    let earlier = CaseDates { sick_leave_start: start - Duration::days(7), expected_return: None };
    e.s.change_dates(&t.worker, t.case, earlier, None, None).await.unwrap();
    let after = line(&e.s.road(&t.worker, t.case).await.unwrap().road, Milestone::NlUwvReport).due;
    assert_eq!(before - after, Duration::days(7));
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM access_log WHERE action = 'recompute_timeline' AND case_id = $1")
            .bind(t.case)
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
    assert_eq!(logged, 1);
    // Switching the country recomputes too; the same dates do not.
    e.s.change_dates(&t.worker, t.case, earlier, None, Some(Country::Finland)).await.unwrap();
    e.s.change_dates(&t.worker, t.case, earlier, None, Some(Country::Finland)).await.unwrap();
    let road = e.s.road(&t.worker, t.case).await.unwrap().road;
    assert_eq!(road.country, Country::Finland);
    assert!(road.position.allowance_day.is_some());
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM access_log WHERE action = 'recompute_timeline' AND case_id = $1")
            .bind(t.case)
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
    assert_eq!(logged, 2);
    // A sick leave that starts tomorrow (where the worker lives, by the
    // service's clock) cannot be entered, and nothing moves.
    let tomorrow = CaseDates::parse(&(today(&e) + Duration::days(1)).to_string(), "").unwrap();
    assert_eq!(
        e.s.change_dates(&t.worker, t.case, tomorrow, None, None).await,
        Err(AppError::field("sick_leave_start", ErrorKey::StartInFuture))
    );
    assert_eq!(e.s.my_case(&t.worker).await.unwrap().unwrap().dates, earlier);
}

/// Mail queued per recipient (every message is the neutral sentence).
async fn mail_to(e: &Env) -> Vec<String> {
    sqlx::query_scalar("SELECT recipient FROM outbox ORDER BY id").fetch_all(e.s.db.pool()).await.unwrap()
}

#[tokio::test]
async fn each_due_and_overdue_reminder_goes_to_the_responsible_once() {
    let e = env().await;
    // A Finnish case starting today: the employer tells occupational health
    // by day 30, the worker applies to Kela within two months.
    let start = today(&e);
    let token = sign_in(&e, "sanna@example.com").await;
    let worker = account(&e, &token).await;
    let new = NewCase {
        dates: CaseDates { sick_leave_start: start, expected_return: None },
        zone: Zone::HELSINKI,
        country: Country::Finland,
    };
    let case = e.s.start_case(&worker, "Sanna", new).await.unwrap();
    let add = |role: &str, email: &str| NewParticipant::parse(role, "Someone", "", email, "").unwrap();
    let boss = e.s.add_participant(&worker, case, add("employer", "pekka@example.com")).await.unwrap();
    e.s.add_participant(&worker, case, add("gp", "gp@example.com")).await.unwrap();
    e.s.grant(&worker, case, boss, grant(&[Category::Adjustments])).await.unwrap();
    let tell = rules(Country::Finland).iter().find(|r| r.milestone == Milestone::FiTellOccupationalHealth).unwrap();
    let due = due_date(tell.due, start);
    let kela = rules(Country::Finland).iter().find(|r| r.milestone == Milestone::FiKelaApplication).unwrap();
    let kela_due = due_date(kela.due, start);
    let baseline = mail_to(&e).await.len();
    let remind = || async { server::services::timeline::remind(&e.s).await.unwrap() };

    // Nothing is near: nothing goes out.
    assert_eq!(remind().await, 0);
    // A week before the employer's day: to the employer, once.
    let at = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0).unwrap());
    e.clock.set(at(due - Duration::days(REMIND_BEFORE_DAYS)));
    assert_eq!(remind().await, 1);
    assert_eq!(remind().await, 0, "once per milestone and step");
    assert_eq!(mail_to(&e).await[baseline..], ["pekka@example.com".to_string()]);
    // The day after: overdue, to the employer again, once; the GP hears nothing.
    e.clock.set(at(due + Duration::days(1)));
    assert_eq!(remind().await, 1);
    assert_eq!(remind().await, 0);
    // Kela's application is the worker's.
    e.clock.set(at(kela_due - Duration::days(2)));
    assert_eq!(remind().await, 1);
    let sent = mail_to(&e).await;
    assert_eq!(
        sent[baseline..],
        ["pekka@example.com".to_string(), "pekka@example.com".to_string(), "sanna@example.com".to_string()]
    );
    // Marked done: no overdue reminder follows.
    let today_now = e.clock.now().date_naive();
    let done = MarkRequest { milestone: Milestone::FiKelaApplication, done_on: today_now };
    e.s.mark_milestone(&worker, case, done).await.unwrap();
    e.clock.set(at(kela_due + Duration::days(1)));
    assert_eq!(remind().await, 0);
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log WHERE action = 'remind_milestone'")
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 3, "each reminder logged");
}

#[tokio::test]
async fn two_instances_send_each_reminder_once() {
    let (url, _dir) = fresh_database().await;
    let a = env_at(&url).await;
    let b = env_at(&url).await;
    let token = sign_in(&a, "sanna@example.com").await;
    let worker = account(&a, &token).await;
    let start = a.clock.now().date_naive();
    let new = NewCase {
        dates: CaseDates { sick_leave_start: start, expected_return: None },
        zone: Zone::HELSINKI,
        country: Country::Finland,
    };
    let case = a.s.start_case(&worker, "Sanna", new).await.unwrap();
    let boss = NewParticipant::parse("employer", "Pekka", "", "pekka@example.com", "").unwrap();
    let boss = a.s.add_participant(&worker, case, boss).await.unwrap();
    a.s.grant(&worker, case, boss, grant(&[Category::Adjustments])).await.unwrap();
    let mails = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = 'pekka@example.com'")
            .fetch_one(a.s.db.pool())
            .await
            .unwrap();
        n
    };
    // (He was told when he was added.)
    let before = mails().await;
    let tell = rules(Country::Finland).iter().find(|r| r.milestone == Milestone::FiTellOccupationalHealth).unwrap();
    let at = Utc.from_utc_datetime(&due_date(tell.due, start).and_hms_opt(9, 0, 0).unwrap());
    a.clock.set(at);
    b.clock.set(at);
    // Both instances run their reminder job at once, several times.
    let mut total = 0;
    for _ in 0..3 {
        let (x, y) = tokio::join!(server::services::timeline::remind(&a.s), server::services::timeline::remind(&b.s));
        total += x.unwrap() + y.unwrap();
    }
    assert_eq!(total, 1);
    assert_eq!(mails().await, before + 1);
}
