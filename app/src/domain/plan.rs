//! The plan of action (NL "plan van aanpak", FI "työhön paluun
//! suunnitelma"): one document of the worker and the employer, with the
//! occupational physician invited. The goal, what each will do, a case
//! manager, the agreed adjustments from Work (linked, not copied) and the
//! next evaluation. Each change is a new version, so the history stays;
//! a version counts once both the worker and the employer agree to it
//! (writing one is agreeing to it). Progress evaluations, at least every
//! six weeks, are entries on the plan. Nothing clinical belongs in it: the
//! employer reads all of it, and the portal puts nothing else there.

use super::contact::own_words;
use super::ids::stable_ids;
use super::work::optional_date;
use super::{
    AdjustmentId, AdjustmentStatus, ErrorKey, EvaluationId, FieldError, PlanVersionId, Role, SentAdjustment, Timestamp,
};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

stable_ids! {
    /// What the return aims at (the Dutch "spoor 1" and "spoor 2").
    pub enum PlanGoal {
        OwnWork = "own_work",
        OwnWorkAdapted = "own_work_adapted",
        OtherWork = "other_work",
        OtherEmployer = "other_employer",
    }
}

stable_ids! {
    /// The two parties to the plan.
    pub enum Party {
        Worker = "worker",
        Employer = "employer",
    }
}

pub const PLAN_STEPS_MAX: usize = 2000;
pub const CASE_MANAGER_MAX: usize = 200;
pub const EVALUATION_MAX: usize = 1000;
/// A progress evaluation at least this often (the Dutch rule).
pub const EVALUATION_WEEKS: u64 = 6;
/// How far ahead an evaluation may be set.
pub const EVALUATION_AHEAD_DAYS: u64 = 366;

/// A version of the plan as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct PlanText {
    pub goal: PlanGoal,
    /// What the worker and the employer will do, and when.
    pub steps: String,
    /// Who manages the case, and how to reach them.
    pub case_manager: String,
    pub next_evaluation: Option<NaiveDate>,
    /// Agreed adjustments from Work that the plan counts on.
    pub adjustments: Vec<AdjustmentId>,
}

impl PlanText {
    /// Parses the form (`adjustments[7]=on` arrive as their ids); the
    /// service checks the date against the worker's today and the
    /// adjustments against what may be linked.
    pub fn parse(
        goal: &str,
        steps: &str,
        case_manager: &str,
        next_evaluation: &str,
        adjustments: Vec<AdjustmentId>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let goal =
            goal.trim().parse::<PlanGoal>().map_err(|_| errors.push(FieldError::new("goal", ErrorKey::GoalUnknown)));
        let steps = own_words(steps, PLAN_STEPS_MAX, true).map_err(|k| errors.push(FieldError::new("steps", k)));
        let case_manager = own_words(case_manager, CASE_MANAGER_MAX, false)
            .map_err(|k| errors.push(FieldError::new("case_manager", k)));
        let next_evaluation = optional_date("next_evaluation", next_evaluation, &mut errors);
        match (goal, steps, case_manager) {
            (Ok(goal), Ok(steps), Ok(case_manager)) if errors.is_empty() => {
                Ok(PlanText { goal, steps, case_manager, next_evaluation, adjustments })
            }
            _ => Err(errors),
        }
    }
}

/// A next evaluation lies ahead, and not absurdly far.
pub fn check_next_evaluation(field: &str, d: Option<NaiveDate>, today: NaiveDate) -> Result<(), FieldError> {
    match d {
        Some(d) if d < today => Err(FieldError::new(field, ErrorKey::DateInPast)),
        Some(d) if d > today + Days::new(EVALUATION_AHEAD_DAYS) => Err(FieldError::new(field, ErrorKey::DateTooFar)),
        _ => Ok(()),
    }
}

/// Whether an adjustment may be linked: the employer has it (sent to
/// them) and it was agreed.
pub fn linkable(a: &SentAdjustment) -> bool {
    matches!(a.status, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace)
}

/// A progress evaluation as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct EvaluationText {
    pub text: String,
    pub next_evaluation: Option<NaiveDate>,
}

impl EvaluationText {
    pub fn parse(text: &str, next_evaluation: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let text = own_words(text, EVALUATION_MAX, true).map_err(|k| errors.push(FieldError::new("text", k)));
        let next_evaluation = optional_date("next_evaluation", next_evaluation, &mut errors);
        match text {
            Ok(text) if errors.is_empty() => Ok(EvaluationText { text, next_evaluation }),
            _ => Err(errors),
        }
    }

    /// The default next evaluation: six weeks on.
    pub fn default_next(today: NaiveDate) -> NaiveDate {
        today + Days::new(7 * EVALUATION_WEEKS)
    }
}

/// Who wrote a version or an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub enum PlanAuthor {
    Worker,
    Participant { name: String, role: Role },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct PlanVersion {
    pub id: PlanVersionId,
    pub text: PlanText,
    pub author: PlanAuthor,
    pub written_at: Timestamp,
    pub worker_agreed: Option<Timestamp>,
    pub employer_agreed: Option<Timestamp>,
}

impl PlanVersion {
    /// Both agreed: when the second did.
    pub fn agreed(&self) -> Option<Timestamp> {
        Some(self.worker_agreed?.max(self.employer_agreed?))
    }

    pub fn agreed_by(&self, party: Party) -> bool {
        match party {
            Party::Worker => self.worker_agreed.is_some(),
            Party::Employer => self.employer_agreed.is_some(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Evaluation {
    pub id: EvaluationId,
    pub author: PlanAuthor,
    pub text: EvaluationText,
    pub written_at: Timestamp,
}

/// What the reader may do on the plan (the permission table decided).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanActions {
    /// Write a new version, and agree to the current one: the two parties.
    pub party: Option<Party>,
    /// Add a progress evaluation.
    pub evaluate: bool,
}

/// The plan as one reader sees it: the worker, the employer or the
/// occupational physician see the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPage {
    pub case_id: super::CaseId,
    pub worker_first_name: String,
    /// Newest first: the current version, then its history.
    pub versions: Vec<PlanVersion>,
    /// Newest first.
    pub evaluations: Vec<Evaluation>,
    /// The adjustments the current version links, as the employer has them.
    pub linked: Vec<SentAdjustment>,
    /// For a party writing a version: what may be linked.
    pub linkable: Vec<SentAdjustment>,
    pub actions: PlanActions,
    /// The case has an employer to agree with.
    pub has_employer: bool,
    pub today: NaiveDate,
}

impl PlanPage {
    pub fn current(&self) -> Option<&PlanVersion> {
        self.versions.first()
    }

    /// When the next evaluation is due: the newest date an evaluation or
    /// the current version set.
    pub fn next_evaluation(&self) -> Option<NaiveDate> {
        let from_evaluation = self.evaluations.first().and_then(|e| e.text.next_evaluation);
        let from_plan = self.current().and_then(|v| v.text.next_evaluation);
        match (self.evaluations.first(), self.current()) {
            (Some(e), Some(v)) if e.written_at > v.written_at => from_evaluation.or(from_plan),
            _ => from_plan.or(from_evaluation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_plan_needs_a_goal_and_steps() {
        let ok = PlanText::parse("own_work_adapted", " Start on 4 January. ", "Pia, HR", "2027-01-20", vec![]).unwrap();
        assert_eq!(ok.goal, PlanGoal::OwnWorkAdapted);
        assert_eq!(ok.steps, "Start on 4 January.");
        let e = PlanText::parse("promotion", "", "", "soon", vec![]).unwrap_err();
        let got: Vec<(&str, ErrorKey)> = e.iter().map(|e| (e.field.as_str(), e.key)).collect();
        assert_eq!(
            got,
            vec![
                ("goal", ErrorKey::GoalUnknown),
                ("steps", ErrorKey::Required),
                ("next_evaluation", ErrorKey::DateInvalid)
            ]
        );
        let long = "x".repeat(PLAN_STEPS_MAX + 1);
        let e = PlanText::parse("own_work", &long, "", "", vec![]).unwrap_err();
        assert_eq!(e, vec![FieldError::new("steps", ErrorKey::TooLong { max: 2000 })]);
    }

    #[test]
    fn an_evaluation_needs_words_and_a_date_ahead() {
        assert_eq!(EvaluationText::parse("  ", "").unwrap_err(), vec![FieldError::new("text", ErrorKey::Required)]);
        let today = day("2026-12-06");
        assert_eq!(EvaluationText::default_next(today), day("2027-01-17"));
        assert!(check_next_evaluation("next_evaluation", Some(day("2026-12-05")), today).is_err());
        assert!(check_next_evaluation("next_evaluation", Some(day("2028-01-01")), today).is_err());
        assert!(check_next_evaluation("next_evaluation", Some(today), today).is_ok());
    }

    #[test]
    fn a_version_counts_once_both_agree() {
        let v = PlanVersion {
            id: PlanVersionId(1),
            text: PlanText::parse("own_work", "x", "", "", vec![]).unwrap(),
            author: PlanAuthor::Worker,
            written_at: Timestamp(1),
            worker_agreed: Some(Timestamp(1)),
            employer_agreed: None,
        };
        assert_eq!(v.agreed(), None);
        let both = PlanVersion { employer_agreed: Some(Timestamp(5)), ..v };
        assert_eq!(both.agreed(), Some(Timestamp(5)));
    }
}
