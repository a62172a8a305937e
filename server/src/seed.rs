//! The demo case, seeded once into an empty database in demo mode.

use crate::error::Result;
use crate::services::PortalService;
use crate::store::{accounts, case};
use app::domain::*;
use chrono::Duration;

pub const DEMO_WORKER: &str = "sanna@example.com";

struct Person {
    role: Role,
    name: &'static str,
    org: &'static str,
    email: &'static str,
    phone: Option<&'static str>,
}

const TEAM: [Person; 5] = [
    Person {
        role: Role::Gp,
        name: "Dr Liisa Korhonen",
        org: "Kallio Health Centre",
        email: "liisa.korhonen@example.com",
        phone: Some("+358 9 310 5015"),
    },
    Person {
        role: Role::Psychiatrist,
        name: "Dr Mark de Vries",
        org: "Mind Clinic",
        email: "mark.devries@example.com",
        phone: None,
    },
    Person {
        role: Role::OccupationalPhysician,
        name: "Dr Anna Jansen",
        org: "WorkHealth Ltd",
        email: "anna.jansen@example.com",
        phone: Some("+358 40 123 4567"),
    },
    Person {
        role: Role::InsurancePhysician,
        name: "Dr Eva Lind",
        org: "Social Insurance Institution",
        email: "eva.lind@example.com",
        phone: None,
    },
    Person {
        role: Role::Employer,
        name: "Pekka Mäkinen",
        org: "Acme Ltd, HR",
        email: "pekka.makinen@example.com",
        phone: None,
    },
];

/// Seeds the demo case unless any account exists. Returns whether it seeded.
pub async fn seed_demo(s: &PortalService) -> Result<bool> {
    let mut tx = s.db.begin_write().await?;
    // Two instances starting at once against one database seed it once.
    crate::store::serialize(&mut tx, crate::store::locks::DEMO_SEED).await?;
    let any: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(&mut *tx).await?;
    if any > 0 {
        return Ok(false);
    }
    let now = Now { at: s.now(), zone: s.default_zone };
    let email = Email::parse(DEMO_WORKER).expect("demo address parses");
    let worker = accounts::create(&mut tx, &email, "en", now.at.0).await?;
    accounts::set_display_name(&mut tx, worker.id, "Sanna Virtanen").await?;
    accounts::set_time_zone(&mut tx, worker.id, now.zone, false).await?;
    let today = now.today();
    let dates =
        CaseDates { sick_leave_start: today - Duration::days(30), expected_return: Some(today + Duration::days(45)) };
    let case = case::create(&mut tx, worker.id, &dates, now.zone, now.at).await?;
    let mut ids = Vec::new();
    for p in TEAM {
        let new = NewParticipant {
            role: p.role,
            contact: Contact::parse(p.name, p.org, p.email, p.phone.unwrap_or("")).expect("demo contact parses"),
        };
        let id = case::add_participant(&mut tx, case, &new, now.at).await?;
        if p.role == Role::Gp {
            case::set_coordinator(&mut tx, case, Some(id)).await?;
        }
        ids.push((p.role, id));
    }
    tx.commit().await?;
    seed_work_and_concerns(s, &worker, case, &ids).await?;
    seed_referrals(s, &worker, case).await?;
    seed_requests(s, case).await?;
    seed_statements(s, &worker, case, &ids).await?;
    seed_road(s, case).await?;
    seed_notes(s, &worker, case, &ids).await?;
    Ok(true)
}

/// A note between professionals: Sanna shares notes with her GP (her
/// coordinator, whom her mental-health protection names), who writes one
/// to the occupational physician. The occupational physician reads it only
/// once Sanna shares notes with them too; Sanna reads every note.
async fn seed_notes(
    s: &PortalService,
    worker: &app::ports::Account,
    case: CaseId,
    ids: &[(Role, ParticipantId)],
) -> Result<()> {
    use app::ports::prelude::*;
    let (gp, op) = (member(ids, Role::Gp), member(ids, Role::OccupationalPhysician));
    let notes =
        GrantRequest { categories: vec![Category::Notes], purpose: Purpose::CareCoordination, until: LastDay::Revoked };
    s.grant(worker, case, gp, Some(notes)).await?;
    let gp_account = account_of(s, "liisa.korhonen@example.com").await?;
    let text = NoteText::parse(
        &op.to_string(),
        "Sanna and I agreed that four hours a day is right for now. Could you plan the next review with her in January?",
    )
    .expect("demo note parses");
    s.write_note(&gp_account, case, text).await?;
    Ok(())
}

/// The road back of the demo case: Finnish (Sanna lives in Helsinki), a
/// month in; her employer told occupational health (marked done), and wrote
/// a first plan of action around the adjustment they agreed, which waits for
/// her agreement on My case.
async fn seed_road(s: &PortalService, case: CaseId) -> Result<()> {
    use app::ports::prelude::*;
    let boss = account_of(s, EMPLOYER).await?;
    let today = Now { at: s.now(), zone: s.default_zone }.today();
    let start = today - Duration::days(30);
    let told = MarkRequest { milestone: Milestone::FiTellOccupationalHealth, done_on: start + Duration::days(6) };
    s.mark_milestone(&boss, case, told).await?;
    let plan = s.plan(&boss, case).await?;
    let linked: Vec<AdjustmentId> = plan.linkable.iter().map(|a| a.id).collect();
    let next = (today + Duration::days(21)).to_string();
    let text = PlanText::parse(
        "own_work_adapted",
        "Sanna starts at 10 instead of 8 for the first weeks (agreed and in place).\n\
         From January: four days a week, building up as planned.\n\
         Pekka checks in with her every Monday morning.",
        "Pekka Mäkinen, HR, pekka.makinen@example.com",
        &next,
        linked,
    )
    .expect("demo plan parses");
    s.write_plan(&boss, case, text).await?;
    Ok(())
}

/// What the care team wrote, through the same services people use: the
/// occupational physician's work-ability statement with a build-up of
/// hours (and the worker's own view on it), the psychiatrist's treatment
/// plan and diagnosis, which he alone reads: the worker shared neither, and
/// keeps mental-health information to him and her GP with the switch. The
/// physiotherapist (granted work ability by the referral) reads the
/// statement with her view; its author reads it as hers.
async fn seed_statements(
    s: &PortalService,
    worker: &app::ports::Account,
    case: CaseId,
    ids: &[(Role, ParticipantId)],
) -> Result<()> {
    use app::ports::prelude::*;
    use std::collections::BTreeMap;
    let today = Now { at: s.now(), zone: s.default_zone }.today();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let form = |pairs: &[(&str, String)]| -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    };
    let op = account_of(s, OCCUPATIONAL_PHYSICIAN).await?;
    let statement = form(&[
        ("personal_limit", "considerable".into()),
        ("personal_words", "Can concentrate for about an hour at a time. No work under time pressure for now.".into()),
        ("social_limit", "none".into()),
        ("environment_limit", "slight".into()),
        ("environment_words", "Needs a quiet place to work; an open-plan office tires her quickly.".into()),
        ("dynamic_limit", "none".into()),
        ("postures_limit", "none".into()),
        ("hours_limit", "considerable".into()),
        ("hours_words", "Daytime hours only, starting no earlier than 10.".into()),
        ("hours_a_day", "4".into()),
        ("days_a_week", "3".into()),
        ("step1_from", day(14)),
        ("step1_hours", "4".into()),
        ("step1_days", "4".into()),
        ("step2_from", day(42)),
        ("step2_hours", "6".into()),
        ("step2_days", "4".into()),
        ("step3_from", day(70)),
        ("step3_hours", "8".into()),
        ("step3_days", "5".into()),
        ("advice1_kind", "phased_return".into()),
        ("advice1_words", "Build up the hours as planned, starting with four hours on three days.".into()),
        ("advice2_kind", "quiet_workspace".into()),
        ("advice2_words", "A quiet desk away from the open-plan area.".into()),
        ("course", "Expected to be back at full hours in about three months.".into()),
        ("next_assessment", day(28)),
        ("valid_until", day(90)),
    ]);
    let body = StatementBody::parse("work_ability", &statement).expect("demo statement parses");
    let written = s.write_statement(&op, case, body).await?;
    let view = OwnViewText::parse("partly", "Four hours is right, but I would like to try four days a week sooner.")
        .expect("demo view parses");
    s.add_own_view(worker, case, written, view).await?;

    let psychiatrist = account_of(s, PSYCHIATRIST).await?;
    let plan = form(&[
        ("what", "Cognitive behavioural therapy, and a review of the medication every month.".into()),
        ("how_often", "Once a week".into()),
        ("since", day(-21)),
        ("until", day(120)),
        ("next_appointment", day(3)),
        ("for_work", "Sessions are on Tuesday mornings: no work on Tuesdays before noon.".into()),
    ]);
    let body = StatementBody::parse("treatment", &plan).expect("demo plan parses");
    s.write_statement(&psychiatrist, case, body).await?;
    let diagnosis = form(&[
        ("words", "Moderate depressive episode".into()),
        ("code", "F32.1".into()),
        ("summary", "Low mood and poor sleep since the summer; responding to treatment.".into()),
    ]);
    let body = StatementBody::parse("diagnosis", &diagnosis).expect("demo diagnosis parses");
    s.write_statement(&psychiatrist, case, body).await?;

    let (gp, psy) = (member(ids, Role::Gp), member(ids, Role::Psychiatrist));
    s.set_protection(worker, case, Protection { on: true, named: vec![gp, psy] }).await?;
    Ok(())
}

/// An account as its owner's first sign-in would create it (or has).
async fn account_of(s: &PortalService, email: &str) -> Result<app::ports::Account> {
    let mut c = s.db.pool().acquire().await?;
    let email = Email::parse(email).expect("demo address");
    match accounts::by_email(&mut c, &email).await? {
        Some(a) => Ok(a),
        None => Ok(accounts::create(&mut c, &email, "en", s.now().0).await?),
    }
}

/// Referrals of the demo case: the psychiatrist's referral to an
/// occupational physiotherapist, approved narrower by the worker and
/// accepted; and the GP's proposal of a psychologist, waiting for the
/// worker's answer on My case.
async fn seed_referrals(s: &PortalService, worker: &app::ports::Account, case: CaseId) -> Result<()> {
    use app::ports::prelude::*;
    let today = Now { at: s.now(), zone: s.default_zone }.today();
    let until = (today + chrono::Duration::days(120)).to_string();
    let propose = |role: &str, name: &str, org: &str, email: &str, purpose: &str, reason: &str, cats: &[&str]| {
        ReferralProposal::parse(role, name, org, email, purpose, reason, cats.iter().copied(), &until)
            .expect("demo referral parses")
    };
    let psychiatrist = account_of(s, PSYCHIATRIST).await?;
    let physio = account_of(s, PHYSIOTHERAPIST).await?;
    let to_physio = propose(
        "occupational_physiotherapist",
        "Jukka Niemi",
        "WorkHealth Ltd",
        PHYSIOTHERAPIST,
        "rtw_planning",
        "Sanna is ready to plan a gradual return to work; longer desk days are still hard.",
        &["absence", "work_ability", "treatment"],
    );
    let id = s.refer(&psychiatrist, case, to_physio).await?;
    let answer = WorkerReply::Approve { categories: vec![Category::WorkAbility], until: None };
    s.answer_referral(worker, case, id, answer).await?;
    s.shared_case(&physio, case).await?;
    let first = RecipientAnswer::Accept { first_appointment: Some(today + chrono::Duration::days(5)) };
    s.take_referral(&physio, case, id, first).await?;
    let gp = account_of(s, "liisa.korhonen@example.com").await?;
    let to_psychologist = propose(
        "psychologist",
        "Sofia Berg",
        "",
        "sofia.berg@example.com",
        "referral",
        "Short-term therapy alongside the return to work.",
        &["absence", "treatment"],
    );
    s.refer(&gp, case, to_psychologist).await?;
    Ok(())
}

/// An information request of the demo case, open on My case: the insurance
/// physician asks for what a work-capacity assessment needs.
async fn seed_requests(s: &PortalService, case: CaseId) -> Result<()> {
    use app::ports::prelude::*;
    let today = Now { at: s.now(), zone: s.default_zone }.today();
    let until = (today + chrono::Duration::days(60)).to_string();
    let eva = account_of(s, INSURANCE_PHYSICIAN).await?;
    let ask = InfoRequestText::parse(
        ["absence", "work_ability"],
        "work_capacity_assessment",
        "For the decision on sickness allowance after 60 days.",
        &until,
    )
    .expect("demo request parses");
    s.ask(&eva, case, ask).await?;
    Ok(())
}

/// The Work and Concerns areas of the demo case, written through the same
/// services people use: adjustments in several states (one agreed with the
/// demo employer and in place), a private concern, and a disclosure plan.
async fn seed_work_and_concerns(
    s: &PortalService,
    worker: &app::ports::Account,
    case: CaseId,
    ids: &[(Role, ParticipantId)],
) -> Result<()> {
    use app::ports::prelude::*;
    let (boss, op) = (member(ids, Role::Employer), member(ids, Role::OccupationalPhysician));
    // The employer's account, as their first sign-in would create it.
    let mut c = s.db.pool().acquire().await?;
    let boss_account = accounts::create(&mut c, &Email::parse(EMPLOYER).expect("address"), "en", s.now().0).await?;
    drop(c);
    let today = Now { at: s.now(), zone: s.default_zone }.today();
    let write = |kind: &str, help: &str, benefit: &str| {
        AdjustmentText::parse(kind, help, benefit, "", "").expect("demo adjustment parses")
    };
    // Agreed with the employer and in place, its review date come (today):
    // on My case, "time to review".
    let text = write(
        "altered_hours",
        "Start at 10 instead of 8 for the first weeks.",
        "I sleep badly and mornings are hardest.",
    );
    let a = s.write_adjustment(worker, case, None, text).await?;
    s.take_step(worker, case, a, StepRequest::Send { to: vec![boss], grant: true }).await?;
    let start = (today - chrono::Duration::days(21)).to_string();
    let agreed = StepRequest::Agree(Agreement::parse(&start, &today.to_string()).expect("demo dates"));
    s.take_step(&boss_account, case, a, agreed).await?;
    s.take_step(&boss_account, case, a, StepRequest::InPlace).await?;
    // Sent to the employer and the occupational physician, who noted in a
    // meeting what was agreed: waiting for Sanna to confirm it.
    let text = write("quiet_workspace", "A desk away from the open-plan area.", "I can concentrate for longer.");
    let b = s.write_adjustment(worker, case, None, text).await?;
    s.take_step(worker, case, b, StepRequest::Send { to: vec![boss, op], grant: true }).await?;
    let op_account = account_of(s, OCCUPATIONAL_PHYSICIAN).await?;
    let from = (today + chrono::Duration::days(7)).to_string();
    let recorded = StepRequest::Record(Agreement::parse(&from, "").expect("demo dates"));
    s.take_step(&op_account, case, b, recorded).await?;
    // A private draft.
    let text = write("phased_return", "Two half days in the first week, then build up.", "");
    s.write_adjustment(worker, case, None, text).await?;
    // A private concern, and a disclosure plan.
    let concern = ConcernText::parse(
        "coworker_reactions",
        "I worry my team thinks I am not pulling my weight.",
        "3",
        "That my supervisor tells the team I am coming back step by step.",
    )
    .expect("demo concern parses");
    s.write_concern(worker, case, None, concern).await?;
    let plan = DisclosurePlan::parse(
        [(boss.to_string().as_str(), "sick_leave"), (op.to_string().as_str(), "work_affected")],
        "Sanna has been unwell and is coming back step by step. Please welcome her back.",
    )
    .expect("demo plan parses");
    s.set_disclosure_plan(worker, case, plan).await?;
    Ok(())
}

/// The demo employer's address, for "sign in as the employer".
pub const EMPLOYER: &str = "pekka.makinen@example.com";
/// The demo psychiatrist, who referred the worker to occupational health.
pub const PSYCHIATRIST: &str = "mark.devries@example.com";
/// The demo insurance physician, whose information request is open.
pub const INSURANCE_PHYSICIAN: &str = "eva.lind@example.com";
/// The demo occupational physician, who wrote a work-ability statement.
pub const OCCUPATIONAL_PHYSICIAN: &str = "anna.jansen@example.com";
/// The demo occupational physiotherapist, who accepted the referral.
pub const PHYSIOTHERAPIST: &str = "jukka.niemi@example.com";

/// The demo participant of `role` (each role is in the demo team once).
fn member(ids: &[(Role, ParticipantId)], role: Role) -> ParticipantId {
    ids.iter().find(|(r, _)| *r == role).map(|(_, id)| *id).expect("demo role")
}
