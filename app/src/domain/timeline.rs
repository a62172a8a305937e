//! The road back: the calendar the law sets for a return to work, one rule
//! set per country. Each milestone has a due date counted from the first
//! day of sick leave, a responsible party, what "done" means, and one plain
//! sentence for the worker (the texts live in the locales, `text.rs` maps
//! them). A rule set is data plus the few counting functions below, so a
//! third country is a new variant, its rules and its texts.
//!
//! Counting (each rule says which it uses):
//! - a week of absence: week 1 is days 1 to 7, day 1 being the first day
//!   of sickness; "by week 6" is the last day of week 6 (day 42);
//! - calendar days and months of absence, day 1 being the first day;
//! - Finnish sickness-allowance days: Monday to Saturday except Finnish
//!   public holidays, after a waiting period of the first day of sickness
//!   and the nine such days that follow.

use super::ids::stable_ids;
use chrono::NaiveDate;

stable_ids! {
    /// Whose law sets the calendar of a case.
    pub enum Country {
        Netherlands = "nl",
        Finland = "fi",
    }
}

impl Country {
    /// The default for a new case, from the language the worker reads.
    pub fn for_language(lang: &str) -> Country {
        match lang {
            "nl" => Country::Netherlands,
            _ => Country::Finland,
        }
    }
}

stable_ids! {
    /// Every milestone of every rule set; the id is stored when one is
    /// marked done.
    pub enum Milestone {
        // The Netherlands (Wet verbetering poortwachter).
        NlSickReport = "nl_sick_report",
        NlProblemAnalysis = "nl_problem_analysis",
        NlPlanOfAction = "nl_plan_of_action",
        NlUwvReport = "nl_uwv_report",
        NlFirstYearEvaluation = "nl_first_year_evaluation",
        NlReintegrationReport = "nl_reintegration_report",
        NlWiaApplication = "nl_wia_application",
        NlWagePaymentEnds = "nl_wage_payment_ends",
        // Finland (the 30-60-90 rule).
        FiTellOccupationalHealth = "fi_tell_occupational_health",
        FiKelaApplication = "fi_kela_application",
        FiWorkAbilityStatement = "fi_work_ability_statement",
        FiRehabilitation150 = "fi_rehabilitation_150",
        FiRehabilitation230 = "fi_rehabilitation_230",
        FiAllowanceEnds = "fi_allowance_ends",
    }
}

stable_ids! {
    /// Who must see to a milestone.
    pub enum Responsible {
        Worker = "worker",
        Employer = "employer",
        OccupationalPhysician = "occupational_physician",
        /// UWV or Kela, through its insurance physician.
        InsurancePhysician = "insurance_physician",
        /// The case's coordinator.
        Coordinator = "coordinator",
    }
}

/// How a rule counts to its due date from the first day of sick leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The last day of week `n` of absence.
    EndOfWeek(u32),
    /// Calendar day `n` of absence.
    Day(u32),
    /// `n` calendar months after the first day (the same day of the month,
    /// or the month's last day when it has no such day).
    Months(u32),
    /// The `n`th Finnish sickness-allowance day.
    AllowanceDay(u32),
}

/// How a milestone becomes done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// The responsible person (or the worker) marks it, with a date.
    ByPerson,
    /// The portal sees it: the occupational physician's first work-ability statement.
    FirstWorkAbilityStatement,
    /// The portal sees it: the plan of action agreed by worker and employer.
    PlanAgreed,
    /// A date to know, nothing to do (the end of wage payment or allowance).
    DateOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub milestone: Milestone,
    pub due: Due,
    pub responsible: Responsible,
    pub done: Done,
    /// The employer sees this milestone's date and status (their own part
    /// of the calendar); never a clinical one.
    pub employer_sees: bool,
}

/// The rule set of `country`, in due-date order.
pub fn rules(country: Country) -> &'static [Rule] {
    let _ = country;
    todo!("the rule sets")
}

/// The due date of `due` for sick leave that started on `start`.
pub fn due_date(due: Due, start: NaiveDate) -> NaiveDate {
    let _ = (due, start);
    todo!("the counting")
}

/// Where the worker is on the road on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// Day of absence, 1 on the first day of sickness (0 before it).
    pub day: u32,
    /// Week of absence, 1 in days 1 to 7.
    pub week: u32,
    /// Finland: the sickness-allowance day reached (0 in the waiting period).
    pub allowance_day: Option<u32>,
}

pub fn position(country: Country, start: NaiveDate, today: NaiveDate) -> Position {
    let _ = (country, start, today);
    todo!("the position")
}

/// Finnish public holidays that fall on Monday to Saturday and so are no
/// sickness-allowance day.
pub fn fi_public_holiday(d: NaiveDate) -> bool {
    let _ = d;
    todo!("the Finnish holidays")
}

// --- Where a case stands on its road ------------------------------------------

/// Who marked a milestone done.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MarkedBy {
    Worker,
    Participant { name: String, role: super::Role },
    /// The portal saw the step itself (a statement written, a plan agreed).
    Portal,
}

/// A milestone marked done, on the day it was done.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mark {
    pub milestone: Milestone,
    pub done_on: NaiveDate,
    pub by: MarkedBy,
}

/// What the portal saw happen, for the milestones it marks itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// The day of the occupational physician's first work-ability statement.
    pub first_work_ability: Option<NaiveDate>,
    /// The day the plan of action was agreed by both.
    pub plan_agreed: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MilestoneState {
    Done,
    /// Its day has passed and it is not done.
    Overdue,
    /// Due within `DUE_SOON_DAYS`.
    DueSoon,
    Upcoming,
    /// A date to know that has come.
    DatePassed,
}

/// Due within this many days is "soon" on the timeline.
pub const DUE_SOON_DAYS: i64 = 14;
/// The reminder before a due date goes out this many days ahead.
pub const REMIND_BEFORE_DAYS: i64 = 7;

/// One milestone of a case, as a reader's timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MilestoneLine {
    pub milestone: Milestone,
    pub responsible: Responsible,
    pub due: NaiveDate,
    pub state: MilestoneState,
    pub done: Option<Mark>,
    /// A date to know, nothing to do.
    pub date_only: bool,
    /// The portal marks it when it sees the step.
    pub by_portal: bool,
    /// The reader may mark it done (the permission table decided).
    pub may_mark: bool,
}

/// The road of one case on `today`: every milestone of its country's rule
/// set with its state; a milestone is done by its newest mark or by what the
/// portal saw, whichever came first.
pub fn road(country: Country, start: NaiveDate, today: NaiveDate, marks: &[Mark], seen: Seen) -> Vec<MilestoneLine> {
    rules(country)
        .iter()
        .map(|r| {
            let due = due_date(r.due, start);
            let marked = marks.iter().rev().find(|m| m.milestone == r.milestone).cloned();
            let saw = match r.done {
                Done::FirstWorkAbilityStatement => seen.first_work_ability,
                Done::PlanAgreed => seen.plan_agreed,
                Done::ByPerson | Done::DateOnly => None,
            }
            .map(|on| Mark { milestone: r.milestone, done_on: on, by: MarkedBy::Portal });
            let done = match (marked, saw) {
                (Some(m), Some(s)) => Some(if s.done_on < m.done_on { s } else { m }),
                (m, s) => m.or(s),
            };
            let date_only = r.done == Done::DateOnly;
            let state = match (&done, date_only) {
                (_, true) if today > due => MilestoneState::DatePassed,
                (Some(_), false) => MilestoneState::Done,
                _ if today > due => MilestoneState::Overdue,
                _ if (due - today).num_days() <= DUE_SOON_DAYS => MilestoneState::DueSoon,
                _ => MilestoneState::Upcoming,
            };
            MilestoneLine {
                milestone: r.milestone,
                responsible: r.responsible,
                due,
                state,
                done: if date_only { None } else { done },
                date_only,
                by_portal: matches!(r.done, Done::FirstWorkAbilityStatement | Done::PlanAgreed),
                may_mark: false,
            }
        })
        .collect()
}

/// The rule of `milestone` in its country's set.
pub fn rule_of(milestone: Milestone) -> Option<&'static Rule> {
    Country::ALL.iter().flat_map(|c| rules(*c)).find(|r| r.milestone == milestone)
}

/// A case's road as one reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoadView {
    pub country: Country,
    pub start: NaiveDate,
    pub today: NaiveDate,
    pub position: Position,
    /// In due-date order; the employer's part only, for an employer.
    pub lines: Vec<MilestoneLine>,
}

impl RoadView {
    /// The next step to take: the first not done, by due date.
    pub fn next(&self) -> Option<&MilestoneLine> {
        self.lines.iter().find(|l| matches!(l.state, MilestoneState::DueSoon | MilestoneState::Upcoming) && !l.date_only)
    }

    pub fn overdue(&self) -> impl Iterator<Item = &MilestoneLine> {
        self.lines.iter().filter(|l| l.state == MilestoneState::Overdue)
    }
}

/// A milestone marked done, as a form sends it: checked against the start
/// of the sick leave and the worker's today by the service.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MarkRequest {
    pub milestone: Milestone,
    pub done_on: NaiveDate,
}

impl MarkRequest {
    pub fn parse(milestone: &str, done_on: &str) -> Result<Self, Vec<super::FieldError>> {
        use super::{ErrorKey, FieldError};
        let mut errors = Vec::new();
        let milestone = milestone
            .trim()
            .parse::<Milestone>()
            .map_err(|_| errors.push(FieldError::new("milestone", ErrorKey::MilestoneUnknown)));
        let done_on = match NaiveDate::parse_from_str(done_on.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) if done_on.trim().is_empty() => {
                errors.push(FieldError::new("done_on", ErrorKey::Required));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("done_on", ErrorKey::DateInvalid));
                None
            }
        };
        match (milestone, done_on) {
            (Ok(milestone), Some(done_on)) if errors.is_empty() => Ok(MarkRequest { milestone, done_on }),
            _ => Err(errors),
        }
    }

    /// Done on a day of the sick leave: not before it started, not after today.
    pub fn check(&self, start: NaiveDate, today: NaiveDate) -> Result<(), super::FieldError> {
        use super::{ErrorKey, FieldError};
        if self.done_on < start {
            Err(FieldError::new("done_on", ErrorKey::DoneBeforeStart))
        } else if self.done_on > today {
            Err(FieldError::new("done_on", ErrorKey::DateInFuture))
        } else {
            Ok(())
        }
    }
}

/// The worker's page of the whole road.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoadPage {
    pub case_id: super::CaseId,
    pub road: RoadView,
}
