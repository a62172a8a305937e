//! Workplace adjustments (the worker's "Work" area): what the worker needs,
//! in their own words, and the steps from a private draft to an adjustment
//! in place. Who may take which step is decided here, in `step`, once.

use super::contact::own_words;
use super::ids::stable_ids;
use super::{AdjustmentId, CaseId, ErrorKey, FieldError, Operation, ParticipantId, Role, Timestamp, Zone};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The most characters of each text the worker writes.
pub const ADJUSTMENT_TEXT_MAX: usize = 1000;
/// The most characters of a reason given with a step.
pub const REASON_MAX: usize = 500;
/// A review falls this many days after the start unless someone says otherwise.
pub const REVIEW_AFTER_DAYS: u64 = 42;

stable_ids! {
    /// What kind of adjustment: the four of the UK fit note, then the
    /// functional ones people ask for.
    pub enum AdjustmentKind {
        PhasedReturn = "phased_return",
        AlteredHours = "altered_hours",
        AmendedDuties = "amended_duties",
        WorkplaceAdaptations = "workplace_adaptations",
        RemoteWork = "remote_work",
        FlexibleBreaks = "flexible_breaks",
        QuietWorkspace = "quiet_workspace",
        SupervisorCheckins = "supervisor_checkins",
        WrittenInstructions = "written_instructions",
        Other = "other",
    }
}

stable_ids! {
    pub enum AdjustmentStatus {
        /// Only the worker can see it.
        Draft = "draft",
        /// Sent; waiting for an answer.
        Proposed = "proposed",
        Agreed = "agreed",
        InPlace = "in_place",
        Ended = "ended",
        /// The employer answered "not possible".
        Declined = "declined",
    }
}

stable_ids! {
    /// One step in an adjustment's history (stored with who, when and why).
    pub enum AdjustmentStep {
        Written = "written",
        Sent = "sent",
        Agreed = "agreed",
        Declined = "declined",
        /// The occupational physician noted an agreement reached in a meeting.
        Recorded = "recorded",
        /// The worker confirmed what the occupational physician recorded.
        Confirmed = "confirmed",
        InPlace = "in_place",
        Ended = "ended",
        /// The worker or the employer looked at it on its review date:
        /// kept as it is, or changed, with the next review date.
        Reviewed = "reviewed",
    }
}

stable_ids! {
    /// What a review decided (ending is a step of its own).
    pub enum ReviewOutcome {
        /// It works: keep it as it is until the next review.
        Kept = "kept",
        /// It goes on with a change, said in words.
        Changed = "changed",
    }
}

/// Who takes a step, as far as adjustments are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mover {
    Worker,
    Employer,
    OccupationalPhysician,
}

impl Mover {
    pub fn of_role(role: Role) -> Option<Mover> {
        match role {
            Role::Employer => Some(Mover::Employer),
            Role::OccupationalPhysician => Some(Mover::OccupationalPhysician),
            _ => None,
        }
    }
}

/// The lifecycle: which step each mover may take from each status, and
/// where it leads. `pending` says whether an agreement recorded by the
/// occupational physician waits for the worker. Everything else is refused.
pub fn step(
    status: AdjustmentStatus,
    pending: bool,
    s: AdjustmentStep,
    by: Mover,
) -> Result<AdjustmentStatus, ErrorKey> {
    use AdjustmentStatus as St;
    use AdjustmentStep as Sp;
    use Mover::*;
    match (status, s, by) {
        (St::Draft, Sp::Written, Worker) => Ok(St::Draft),
        (St::Draft, Sp::Sent, Worker) => Ok(St::Proposed),
        (St::Proposed, Sp::Agreed, Employer) => Ok(St::Agreed),
        (St::Proposed, Sp::Declined, Employer) => Ok(St::Declined),
        (St::Proposed, Sp::Recorded, OccupationalPhysician) => Ok(St::Proposed),
        (St::Proposed, Sp::Confirmed, Worker) if pending => Ok(St::Agreed),
        (St::Agreed, Sp::InPlace, Employer) => Ok(St::InPlace),
        // The worker may withdraw a proposal; either side may end what was agreed.
        (St::Proposed | St::Agreed | St::InPlace, Sp::Ended, Worker) => Ok(St::Ended),
        (St::Agreed | St::InPlace, Sp::Ended, Employer) => Ok(St::Ended),
        // Both sides of what was agreed review it; it stays where it is.
        (St::Agreed, Sp::Reviewed, Worker | Employer) => Ok(St::Agreed),
        (St::InPlace, Sp::Reviewed, Worker | Employer) => Ok(St::InPlace),
        _ => Err(ErrorKey::StepNotAllowed),
    }
}

/// A step someone asks to take, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRequest {
    /// To these participants; `grant` also gives each of them the
    /// `adjustments` grant they lack (offered in the same step).
    Send {
        to: Vec<ParticipantId>,
        grant: bool,
    },
    Agree(Agreement),
    NotPossible {
        reason: String,
    },
    Record(Agreement),
    Confirm,
    InPlace,
    End {
        reason: String,
    },
    Review(ReviewRequest),
}

/// A review of an agreed adjustment: kept or changed (what changes, in
/// words), and the next review date. Without a date the next review is
/// six weeks after the day it is recorded (the service knows that day, and
/// checks that a date given lies ahead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRequest {
    pub outcome: ReviewOutcome,
    pub next: Option<NaiveDate>,
    pub note: String,
}

impl ReviewRequest {
    pub fn parse(outcome: &str, next: &str, note: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let outcome = outcome.trim().parse::<ReviewOutcome>();
        if outcome.is_err() {
            errors.push(FieldError::new("outcome", ErrorKey::Required));
        }
        let next = optional_date("review", next, &mut errors);
        // What changes is said in words; a kept one may say why too.
        let changed = outcome == Ok(ReviewOutcome::Changed);
        let note = reason(note, changed).map_err(|e| errors.extend(e)).unwrap_or_default();
        match outcome {
            Ok(outcome) if errors.is_empty() => Ok(ReviewRequest { outcome, next, note }),
            _ => Err(errors),
        }
    }

    /// The next review date on `today`: the one given, which must lie
    /// ahead, or six weeks from today.
    pub fn next_review(&self, today: NaiveDate) -> Result<NaiveDate, FieldError> {
        match self.next {
            Some(d) if d <= today => Err(FieldError::new("review", ErrorKey::DateNotAhead)),
            Some(d) => Ok(d),
            None => today
                .checked_add_days(Days::new(REVIEW_AFTER_DAYS))
                .ok_or_else(|| FieldError::new("review", ErrorKey::DateTooFar)),
        }
    }
}

impl StepRequest {
    pub fn step(&self) -> AdjustmentStep {
        match self {
            StepRequest::Send { .. } => AdjustmentStep::Sent,
            StepRequest::Agree(_) => AdjustmentStep::Agreed,
            StepRequest::NotPossible { .. } => AdjustmentStep::Declined,
            StepRequest::Record(_) => AdjustmentStep::Recorded,
            StepRequest::Confirm => AdjustmentStep::Confirmed,
            StepRequest::InPlace => AdjustmentStep::InPlace,
            StepRequest::End { .. } => AdjustmentStep::Ended,
            StepRequest::Review(_) => AdjustmentStep::Reviewed,
        }
    }

    /// The operation the permission table is asked about.
    pub fn operation(&self) -> Operation {
        match self {
            StepRequest::Send { .. } => Operation::SendAdjustment,
            StepRequest::Agree(_) | StepRequest::NotPossible { .. } => Operation::AnswerAdjustment,
            StepRequest::Record(_) => Operation::RecordAgreement,
            StepRequest::Confirm => Operation::ConfirmAdjustment,
            StepRequest::InPlace => Operation::MarkInPlace,
            StepRequest::End { .. } => Operation::EndAdjustment,
            StepRequest::Review(_) => Operation::ReviewAdjustment,
        }
    }

    /// Parses a step form: `step` names it, the other fields are read as it
    /// needs (`review` is also a review's next date, `reason` its note).
    pub fn parse(
        step: &str,
        start: &str,
        review: &str,
        reason_text: &str,
        outcome: &str,
        to: Vec<ParticipantId>,
        grant: bool,
    ) -> Result<Self, Vec<FieldError>> {
        match step.trim() {
            "sent" if to.is_empty() => Err(vec![FieldError::new("to", ErrorKey::RecipientRequired)]),
            "sent" => Ok(StepRequest::Send { to, grant }),
            "agreed" => Agreement::parse(start, review).map(StepRequest::Agree),
            "declined" => reason(reason_text, true).map(|reason| StepRequest::NotPossible { reason }),
            "recorded" => Agreement::parse(start, review).map(StepRequest::Record),
            "confirmed" => Ok(StepRequest::Confirm),
            "in_place" => Ok(StepRequest::InPlace),
            "ended" => reason(reason_text, false).map(|reason| StepRequest::End { reason }),
            "reviewed" => ReviewRequest::parse(outcome, review, reason_text).map(StepRequest::Review),
            _ => Err(vec![FieldError::new("step", ErrorKey::StepNotAllowed)]),
        }
    }
}

/// What the worker writes (or keeps as a draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct AdjustmentText {
    pub kind: AdjustmentKind,
    /// What would help, in the worker's words.
    pub help: String,
    /// How it would help their work.
    pub benefit: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl AdjustmentText {
    /// Parses the form. A draft may be half-written; only the kind is required.
    pub fn parse(kind: &str, help: &str, benefit: &str, from: &str, until: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = kind
            .parse::<AdjustmentKind>()
            .map_err(|_| errors.push(FieldError::new("kind", ErrorKey::AdjustmentKindUnknown)));
        let mut text = |field: &str, raw: &str| {
            own_words(raw, ADJUSTMENT_TEXT_MAX, false)
                .map_err(|k| errors.push(FieldError::new(field, k)))
                .unwrap_or_default()
        };
        let help = text("help", help);
        let benefit = text("benefit", benefit);
        let from = optional_date("from", from, &mut errors);
        let until = optional_date("until", until, &mut errors);
        if let (Some(f), Some(u)) = (from, until) {
            if u < f {
                errors.push(FieldError::new("until", ErrorKey::DatesOutOfOrder));
            }
        }
        match kind {
            Ok(kind) if errors.is_empty() => Ok(AdjustmentText { kind, help, benefit, from, until }),
            _ => Err(errors),
        }
    }

    /// Whether it says enough to be sent.
    pub fn ready_to_send(&self) -> Result<(), FieldError> {
        if self.help.is_empty() {
            return Err(FieldError::new("help", ErrorKey::Required));
        }
        Ok(())
    }
}

pub(crate) fn optional_date(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::new(field, ErrorKey::DateInvalid));
            None
        }
    }
}

/// A start and a review date: the review defaults to six weeks after the
/// start and may not come before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Agreement {
    pub start: NaiveDate,
    pub review: NaiveDate,
}

impl Agreement {
    pub fn parse(start: &str, review: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let start_date = optional_date("start", start, &mut errors);
        let review_date = optional_date("review", review, &mut errors);
        let Some(start) = start_date else {
            if errors.is_empty() {
                errors.push(FieldError::new("start", ErrorKey::Required));
            }
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        // A start in the calendar's last six weeks has no default review.
        let review = match review_date.or_else(|| start.checked_add_days(Days::new(REVIEW_AFTER_DAYS))) {
            Some(review) => review,
            None => return Err(vec![FieldError::new("start", ErrorKey::DateTooFar)]),
        };
        if review < start {
            return Err(vec![FieldError::new("review", ErrorKey::ReviewBeforeStart)]);
        }
        Ok(Agreement { start, review })
    }
}

/// A short reason given with a step ("not possible because …").
pub fn reason(raw: &str, required: bool) -> Result<String, Vec<FieldError>> {
    own_words(raw, REASON_MAX, required).map_err(|k| vec![FieldError::new("reason", k)])
}

/// Who took a step, as the worker reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub enum StepBy {
    Worker,
    Participant { name: String, role: Role },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct StepLine {
    pub step: AdjustmentStep,
    pub at: Timestamp,
    pub by: StepBy,
    pub reason: Option<String>,
    /// A review's outcome and the next review date it set.
    pub review: Option<(ReviewOutcome, NaiveDate)>,
}

/// An adjustment as the worker sees it: everything, with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Adjustment {
    pub id: AdjustmentId,
    pub text: AdjustmentText,
    pub status: AdjustmentStatus,
    pub agreement: Option<Agreement>,
    /// An agreement the occupational physician recorded, waiting for the worker.
    pub pending: Option<Agreement>,
    /// Why the employer answered "not possible", or why it ended.
    pub reason: Option<String>,
    /// The participants it was sent to.
    pub sent_to: Vec<ParticipantId>,
    pub history: Vec<StepLine>,
}

impl Adjustment {
    /// Agreed or in place, with its review date today or past.
    pub fn review_due(&self, today: NaiveDate) -> bool {
        matches!(self.status, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace)
            && self.agreement.is_some_and(|a| a.review <= today)
    }

    /// Only a draft is deleted: nobody but the worker has seen it. What was
    /// sent is ended or withdrawn instead, and keeps its history.
    pub fn deletable(&self) -> bool {
        self.status == AdjustmentStatus::Draft
    }
}

/// What a participant the adjustment was sent to sees: the worker's wording
/// as sent, its status and dates. Nothing about who else it went to, and
/// no history (it names other members of the care team).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentAdjustment {
    pub id: AdjustmentId,
    pub kind: AdjustmentKind,
    pub help: String,
    pub benefit: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub status: AdjustmentStatus,
    pub agreement: Option<Agreement>,
    /// The employer's own "not possible" reason.
    pub reason: Option<String>,
    /// For the occupational physician: an agreement they recorded, waiting
    /// for the worker. Never filled for the employer.
    pub pending: Option<Agreement>,
}

impl SentAdjustment {
    pub fn of(a: &Adjustment, viewer: Role) -> Self {
        SentAdjustment {
            id: a.id,
            kind: a.text.kind,
            help: a.text.help.clone(),
            benefit: a.text.benefit.clone(),
            from: a.text.from,
            until: a.text.until,
            status: a.status,
            agreement: a.agreement,
            reason: if a.status == AdjustmentStatus::Declined { a.reason.clone() } else { None },
            pending: if viewer == Role::OccupationalPhysician { a.pending } else { None },
        }
    }
}

/// Someone an adjustment can be sent to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub id: ParticipantId,
    pub name: String,
    pub role: Role,
    /// Whether their `adjustments` grant is in force (without it they would
    /// not see what is sent; sending offers that grant in the same step).
    pub sees_adjustments: bool,
}

/// Only the employer and the occupational physician receive proposals.
pub fn may_receive_proposals(role: Role) -> bool {
    matches!(role, Role::Employer | Role::OccupationalPhysician)
}

/// The page of one adjustment: it, with the Work page it belongs to (whom
/// it can be sent to), read and logged once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentPage {
    pub work: WorkPage,
    pub adjustment: Adjustment,
}

/// The worker's Work page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkPage {
    pub case_id: CaseId,
    pub adjustments: Vec<Adjustment>,
    pub recipients: Vec<Recipient>,
    pub zone: Zone,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use AdjustmentStatus as St;
    use AdjustmentStep as Sp;

    #[test]
    fn the_lifecycle_as_people_read_it() {
        assert_eq!(step(St::Draft, false, Sp::Sent, Mover::Worker), Ok(St::Proposed));
        assert_eq!(step(St::Proposed, false, Sp::Agreed, Mover::Employer), Ok(St::Agreed));
        assert_eq!(step(St::Agreed, false, Sp::InPlace, Mover::Employer), Ok(St::InPlace));
        assert_eq!(step(St::InPlace, false, Sp::Ended, Mover::Employer), Ok(St::Ended));
        assert_eq!(step(St::InPlace, false, Sp::Ended, Mover::Worker), Ok(St::Ended));
        assert_eq!(step(St::Proposed, false, Sp::Declined, Mover::Employer), Ok(St::Declined));
        // The occupational physician's record counts only once the worker confirms it.
        assert_eq!(step(St::Proposed, false, Sp::Recorded, Mover::OccupationalPhysician), Ok(St::Proposed));
        assert_eq!(step(St::Proposed, true, Sp::Confirmed, Mover::Worker), Ok(St::Agreed));
        assert_eq!(step(St::Proposed, false, Sp::Confirmed, Mover::Worker), Err(ErrorKey::StepNotAllowed));
    }

    #[test]
    fn forbidden_steps_are_refused() {
        let no = Err(ErrorKey::StepNotAllowed);
        assert_eq!(step(St::Draft, false, Sp::Agreed, Mover::Employer), no, "an employer agreeing to a draft");
        assert_eq!(step(St::Ended, false, Sp::Written, Mover::Worker), no, "ended back to draft");
        assert_eq!(step(St::Ended, false, Sp::Sent, Mover::Worker), no);
        assert_eq!(
            step(St::Proposed, false, Sp::Agreed, Mover::Worker),
            no,
            "the worker cannot agree for the employer"
        );
        assert_eq!(step(St::Proposed, false, Sp::Agreed, Mover::OccupationalPhysician), no);
        assert_eq!(step(St::Proposed, false, Sp::InPlace, Mover::Employer), no, "in place before agreed");
        assert_eq!(step(St::Declined, false, Sp::Agreed, Mover::Employer), no);
        assert_eq!(
            step(St::Proposed, false, Sp::Ended, Mover::Employer),
            no,
            "the employer answers, not ends, a proposal"
        );
        // Every step from every status by every mover: exactly the nine above are allowed.
        let movers = [Mover::Worker, Mover::Employer, Mover::OccupationalPhysician];
        let mut allowed = 0;
        for &st in St::ALL {
            for &sp in Sp::ALL {
                for by in movers {
                    allowed += [false, true].iter().filter(|&&p| step(st, p, sp, by).is_ok()).count();
                }
            }
        }
        // Nine steps (Confirmed only with something pending) each allowed
        // with and without pending, Confirmed once, Ended from 3 + 2
        // statuses, Reviewed from 2 statuses by 2 movers.
        assert_eq!(allowed, 2 * (1 + 1 + 1 + 1 + 1 + 1 + 3 + 2 + 4) + 1);
    }

    #[test]
    fn a_review_keeps_or_changes_and_sets_the_next_date() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let kept = ReviewRequest::parse("kept", "", "").unwrap();
        assert_eq!(kept.next_review(today), Ok(NaiveDate::from_ymd_opt(2027, 1, 12).unwrap()));
        let e = ReviewRequest::parse("changed", "2027-02-01", " ").unwrap_err();
        assert_eq!(e, vec![FieldError::new("reason", ErrorKey::Required)]);
        let changed = ReviewRequest::parse("changed", "2027-02-01", "Three days at home now").unwrap();
        assert_eq!(changed.next_review(today), Ok(NaiveDate::from_ymd_opt(2027, 2, 1).unwrap()));
        let past = ReviewRequest::parse("kept", "2026-12-01", "").unwrap();
        assert_eq!(past.next_review(today), Err(FieldError::new("review", ErrorKey::DateNotAhead)));
        assert_eq!(
            ReviewRequest::parse("maybe", "", "").unwrap_err(),
            vec![FieldError::new("outcome", ErrorKey::Required)]
        );
        assert_eq!(step(St::Agreed, false, Sp::Reviewed, Mover::Employer), Ok(St::Agreed));
        assert_eq!(step(St::Proposed, false, Sp::Reviewed, Mover::Worker), Err(ErrorKey::StepNotAllowed));
        assert_eq!(step(St::InPlace, false, Sp::Reviewed, Mover::OccupationalPhysician), Err(ErrorKey::StepNotAllowed));
    }

    #[test]
    fn a_draft_may_be_half_written_but_not_sent_empty() {
        let t = AdjustmentText::parse("supervisor_checkins", "", "", "", "").unwrap();
        assert_eq!(t.ready_to_send(), Err(FieldError::new("help", ErrorKey::Required)));
        let t = AdjustmentText::parse("remote_work", " Two days a week\r\nat home ", "", "2026-12-01", "").unwrap();
        assert_eq!(t.help, "Two days a week\nat home");
        assert!(t.ready_to_send().is_ok());
    }

    #[test]
    fn bad_adjustment_input_is_named_per_field() {
        let e = AdjustmentText::parse("massage", "x", "", "2026-12-10", "2026-12-01").unwrap_err();
        assert_eq!(
            e,
            vec![
                FieldError::new("kind", ErrorKey::AdjustmentKindUnknown),
                FieldError::new("until", ErrorKey::DatesOutOfOrder)
            ]
        );
        let long = "a".repeat(ADJUSTMENT_TEXT_MAX + 1);
        let e = AdjustmentText::parse("other", &long, "", "", "").unwrap_err();
        assert_eq!(e, vec![FieldError::new("help", ErrorKey::TooLong { max: ADJUSTMENT_TEXT_MAX as u32 })]);
    }

    #[test]
    fn review_defaults_to_six_weeks_and_not_before_start() {
        let a = Agreement::parse("2026-12-01", "").unwrap();
        assert_eq!(a.review, NaiveDate::from_ymd_opt(2027, 1, 12).unwrap());
        assert_eq!(
            Agreement::parse("2026-12-01", "2026-11-30"),
            Err(vec![FieldError::new("review", ErrorKey::ReviewBeforeStart)])
        );
        assert_eq!(Agreement::parse("", ""), Err(vec![FieldError::new("start", ErrorKey::Required)]));
    }

    #[test]
    fn the_employer_never_gets_what_the_occupational_physician_recorded() {
        let agreement = Agreement::parse("2026-12-01", "").unwrap();
        let a = Adjustment {
            id: AdjustmentId(1),
            text: AdjustmentText::parse("remote_work", "x", "", "", "").unwrap(),
            status: St::Proposed,
            agreement: None,
            pending: Some(agreement),
            reason: Some("withdrawn for private reasons".into()),
            sent_to: vec![ParticipantId(1), ParticipantId(2)],
            history: vec![],
        };
        assert_eq!(SentAdjustment::of(&a, Role::Employer).pending, None);
        assert_eq!(SentAdjustment::of(&a, Role::Employer).reason, None);
        assert_eq!(SentAdjustment::of(&a, Role::OccupationalPhysician).pending, Some(agreement));
    }
}
