//! A return-to-work case as the worker sees it.

use super::{CaseId, Category, Contact, ErrorKey, FieldError, Grant, ParticipantId, Protection, Role, Zone};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Sick-leave start and the expected return. The return may not precede the
/// start, and neither may lie absurdly far away (typos such as 2062).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct CaseDates {
    pub sick_leave_start: NaiveDate,
    pub expected_return: Option<NaiveDate>,
}

/// How far from today a date may lie, in either direction.
pub const DATE_RANGE_YEARS: u32 = 3;

impl CaseDates {
    pub fn parse(start: &str, expected_return: &str) -> Result<Self, Vec<FieldError>> {
        let date = |field: &str, raw: &str, required: bool| -> Result<Option<NaiveDate>, FieldError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return if required { Err(FieldError::new(field, ErrorKey::Required)) } else { Ok(None) };
            }
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| FieldError::new(field, ErrorKey::DateInvalid))
        };
        match (date("sick_leave_start", start, true), date("expected_return", expected_return, false)) {
            (Ok(Some(s)), Ok(r)) => match r {
                Some(r) if r < s => Err(vec![FieldError::new("expected_return", ErrorKey::ReturnBeforeStart)]),
                _ => Ok(CaseDates { sick_leave_start: s, expected_return: r }),
            },
            (s, r) => Err([s.err(), r.err()].into_iter().flatten().collect()),
        }
    }

    /// Against `today` where the worker lives: neither date absurdly far
    /// away (typos such as 2062), and a sick leave that has started (one
    /// that has not has no road to plan).
    pub fn check(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let earliest = today - Months::new(12 * DATE_RANGE_YEARS);
        let latest = today + Months::new(12 * DATE_RANGE_YEARS);
        let far = |d: NaiveDate| d < earliest || d > latest;
        let mut errors = Vec::new();
        if far(self.sick_leave_start) {
            errors.push(FieldError::new("sick_leave_start", ErrorKey::DateTooFar));
        } else if self.sick_leave_start > today {
            errors.push(FieldError::new("sick_leave_start", ErrorKey::StartInFuture));
        }
        if self.expected_return.is_some_and(far) {
            errors.push(FieldError::new("expected_return", ErrorKey::DateTooFar));
        }
        match errors.is_empty() {
            true => Ok(()),
            false => Err(errors),
        }
    }
}

/// A case as the worker starts it: the dates, where she lives, and whose
/// law sets the calendar of her return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    pub dates: CaseDates,
    pub zone: Zone,
    pub country: super::Country,
}

/// One person in the care team, as shown on the worker's case overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantView {
    pub id: ParticipantId,
    pub role: Role,
    pub contact: Contact,
    pub is_coordinator: bool,
    /// The worker marked them as mental-health care (`sharing::is_mental_health_care`).
    pub mental_health_care: bool,
    /// Information categories this participant can see now (by the rule in
    /// `sharing::visible`); empty until the worker grants something.
    pub sees: Vec<Category>,
    /// Grants in force for this participant, for the revoke buttons.
    pub grants: Vec<Grant>,
    /// Concerns the worker shared with them by name (seen unless the
    /// mental-health switch holds them back).
    pub named_concerns: u32,
}

/// The worker's own view of their case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOverview {
    pub id: CaseId,
    pub dates: CaseDates,
    pub participants: Vec<ParticipantView>,
    pub protection: Protection,
    /// Where the worker lives: the zone of every date and time of the case.
    pub zone: Zone,
    /// Back at work since this day: the case is closed.
    pub closed_on: Option<chrono::NaiveDate>,
}

impl CaseOverview {
    pub fn coordinator(&self) -> Option<&ParticipantView> {
        self.participants.iter().find(|p| p.is_coordinator)
    }
}

/// My case: the case, everything waiting for the worker (`waiting`), and
/// where she is on the road back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseHome {
    pub case: CaseOverview,
    /// By due date (`waiting::waiting_for_worker`).
    pub waiting: Vec<super::Waiting>,
    pub road: super::RoadView,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// Parsed as the form posts them, checked as the service does.
    fn checked(start: &str, expected: &str) -> Result<CaseDates, Vec<FieldError>> {
        CaseDates::parse(start, expected).and_then(|d| d.check(today()).map(|()| d))
    }

    #[test]
    fn dates_parse_from_date_inputs() {
        let d = checked("2026-10-01", "2027-01-15").unwrap();
        assert_eq!(d.sick_leave_start, NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        assert_eq!(d.expected_return, NaiveDate::from_ymd_opt(2027, 1, 15));
        assert_eq!(checked("2026-10-01", "").unwrap().expected_return, None);
    }

    #[test]
    fn bad_dates_are_named_per_field() {
        let e = checked("", "x").unwrap_err();
        assert_eq!(
            e,
            vec![
                FieldError::new("sick_leave_start", ErrorKey::Required),
                FieldError::new("expected_return", ErrorKey::DateInvalid),
            ]
        );
        let e = checked("2026-10-01", "2026-09-01").unwrap_err();
        assert_eq!(e, vec![FieldError::new("expected_return", ErrorKey::ReturnBeforeStart)]);
        let e = checked("2026-11-25", "").unwrap_err();
        assert_eq!(e, vec![FieldError::new("sick_leave_start", ErrorKey::StartInFuture)]);
        let e = checked("2062-10-01", "").unwrap_err();
        assert_eq!(e, vec![FieldError::new("sick_leave_start", ErrorKey::DateTooFar)]);
        let e = checked("2026-10-01", "2062-10-01").unwrap_err();
        assert_eq!(e, vec![FieldError::new("expected_return", ErrorKey::DateTooFar)]);
    }
}
