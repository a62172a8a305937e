//! A return-to-work case as the worker sees it.

use super::{
    CaseId, Category, Contact, ErrorKey, FieldError, Grant, ParticipantId, Protection, ReferralsPage, RequestsPage,
    Role, Zone,
};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Sick-leave start and the expected return. The return may not precede the
/// start, and neither may lie absurdly far away (typos such as 2062).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDates {
    pub sick_leave_start: NaiveDate,
    pub expected_return: Option<NaiveDate>,
}

/// How far from today a date may lie, in either direction.
pub const DATE_RANGE_YEARS: u32 = 3;

impl CaseDates {
    pub fn parse(start: &str, expected_return: &str, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let earliest = today - Months::new(12 * DATE_RANGE_YEARS);
        let latest = today + Months::new(12 * DATE_RANGE_YEARS);
        let date = |field: &str, raw: &str, required: bool| -> Result<Option<NaiveDate>, FieldError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return if required { Err(FieldError::new(field, ErrorKey::Required)) } else { Ok(None) };
            }
            let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| FieldError::new(field, ErrorKey::DateInvalid))?;
            if d < earliest || d > latest {
                return Err(FieldError::new(field, ErrorKey::DateTooFar));
            }
            Ok(Some(d))
        };
        // Sick leave that has not started yet has no road to plan.
        let start = date("sick_leave_start", start, true).and_then(|s| match s {
            Some(s) if s > today => Err(FieldError::new("sick_leave_start", ErrorKey::StartInFuture)),
            s => Ok(s),
        });
        let ret = date("expected_return", expected_return, false);
        match (start, ret) {
            (Ok(Some(s)), Ok(r)) => match r {
                Some(r) if r < s => Err(vec![FieldError::new("expected_return", ErrorKey::ReturnBeforeStart)]),
                _ => Ok(CaseDates { sick_leave_start: s, expected_return: r }),
            },
            (s, r) => Err([s.err(), r.err()].into_iter().flatten().collect()),
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
}

impl CaseOverview {
    pub fn coordinator(&self) -> Option<&ParticipantView> {
        self.participants.iter().find(|p| p.is_coordinator)
    }
}

/// My case: the case, and the referrals and requests waiting for the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseHome {
    pub case: CaseOverview,
    pub referrals: ReferralsPage,
    pub requests: RequestsPage,
    /// Entries the care team wrote since the worker last read them.
    pub new_statements: u32,
    pub road: super::RoadView,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn dates_parse_from_date_inputs() {
        let d = CaseDates::parse("2026-10-01", "2027-01-15", today()).unwrap();
        assert_eq!(d.sick_leave_start, NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        assert_eq!(d.expected_return, NaiveDate::from_ymd_opt(2027, 1, 15));
        assert_eq!(CaseDates::parse("2026-10-01", "", today()).unwrap().expected_return, None);
    }

    #[test]
    fn bad_dates_are_named_per_field() {
        let e = CaseDates::parse("", "x", today()).unwrap_err();
        assert_eq!(
            e,
            vec![
                FieldError::new("sick_leave_start", ErrorKey::Required),
                FieldError::new("expected_return", ErrorKey::DateInvalid),
            ]
        );
        let e = CaseDates::parse("2026-10-01", "2026-09-01", today()).unwrap_err();
        assert_eq!(e, vec![FieldError::new("expected_return", ErrorKey::ReturnBeforeStart)]);
        let e = CaseDates::parse("2026-11-25", "", today()).unwrap_err();
        assert_eq!(e, vec![FieldError::new("sick_leave_start", ErrorKey::StartInFuture)]);
        let e = CaseDates::parse("2062-10-01", "", today()).unwrap_err();
        assert_eq!(e, vec![FieldError::new("sick_leave_start", ErrorKey::DateTooFar)]);
    }
}
