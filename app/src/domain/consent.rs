//! Targeted consent: what can be shared (categories), why (purposes), for how
//! long (periods), and the one rule that turns grants into what a participant
//! sees. Pure, so the server, the preview and the tests all use the same rule.

use super::{ErrorKey, FieldError, ParticipantId, Role};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub type GrantId = i64;

/// Information categories (GUIDE section 1); the ids are stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Absence,
    WorkAbility,
    Adjustments,
    Treatment,
    Diagnosis,
    Stigma,
    Notes,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Absence,
        Category::WorkAbility,
        Category::Adjustments,
        Category::Treatment,
        Category::Diagnosis,
        Category::Stigma,
        Category::Notes,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::Absence => "absence",
            Category::WorkAbility => "work_ability",
            Category::Adjustments => "adjustments",
            Category::Treatment => "treatment",
            Category::Diagnosis => "diagnosis",
            Category::Stigma => "stigma",
            Category::Notes => "notes",
        }
    }

    /// Mental-health information: kept to named people when protection is on.
    pub fn is_sensitive(self) -> bool {
        matches!(self, Category::Diagnosis | Category::Treatment | Category::Stigma | Category::Notes)
    }
}

/// Why something is shared (GUIDE section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    RtwPlanning,
    Referral,
    WorkCapacityAssessment,
    CareCoordination,
}

impl Purpose {
    pub const ALL: [Purpose; 4] =
        [Purpose::RtwPlanning, Purpose::Referral, Purpose::WorkCapacityAssessment, Purpose::CareCoordination];

    pub fn id(self) -> &'static str {
        match self {
            Purpose::RtwPlanning => "rtw_planning",
            Purpose::Referral => "referral",
            Purpose::WorkCapacityAssessment => "work_capacity_assessment",
            Purpose::CareCoordination => "care_coordination",
        }
    }
}

macro_rules! id_parse_display {
    ($t:ty) => {
        impl FromStr for $t {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                <$t>::ALL.into_iter().find(|v| v.id() == s).ok_or(())
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}
id_parse_display!(Category);
id_parse_display!(Purpose);

impl Role {
    /// The employer ceiling (GUIDE promise 2): an employer may only ever
    /// receive agreed adjustments. Every other role may receive anything.
    pub fn may_receive(self, category: Category) -> bool {
        self != Role::Employer || category == Category::Adjustments
    }

    /// The categories a grant screen offers for this role.
    pub fn offered(self) -> Vec<Category> {
        Category::ALL.into_iter().filter(|c| self.may_receive(*c)).collect()
    }

    /// The one-tap grant: what this role usually needs, and why.
    pub fn preset(self) -> (&'static [Category], Purpose) {
        use Category::*;
        match self {
            Role::OccupationalPhysician => (&[Absence, WorkAbility, Adjustments], Purpose::RtwPlanning),
            Role::OccupationalPhysiotherapist => (&[WorkAbility, Adjustments], Purpose::RtwPlanning),
            Role::InsurancePhysician => (&[Absence, WorkAbility], Purpose::WorkCapacityAssessment),
            Role::Employer => (&[Adjustments], Purpose::RtwPlanning),
            Role::Gp | Role::Psychiatrist | Role::Psychologist | Role::MedicalSpecialist => {
                (&[Absence, WorkAbility, Treatment], Purpose::CareCoordination)
            }
        }
    }
}

/// A grant without an end date lasts this long unless the worker says otherwise.
pub const DEFAULT_GRANT_MONTHS: u32 = 6;
/// No grant may end further ahead than this.
pub const MAX_GRANT_YEARS: u32 = 2;

/// The end of a grant's last day, in Unix ms (UTC): a grant "until 31 May"
/// holds through 31 May.
pub fn end_of_day_ms(day: NaiveDate) -> i64 {
    (day + chrono::Days::new(1)).and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp_millis()
}

/// The default last day of a new grant.
pub fn default_until(today: NaiveDate) -> NaiveDate {
    today + Months::new(DEFAULT_GRANT_MONTHS)
}

/// What the worker asks to share with one participant, checked field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRequest {
    pub categories: Vec<Category>,
    pub purpose: Purpose,
    /// Last day the grant holds; `None`: until the worker revokes it.
    pub until: Option<NaiveDate>,
}

impl GrantRequest {
    /// `until_revoked` wins over `until`; an empty `until` means the default period.
    pub fn parse<'a>(
        categories: impl IntoIterator<Item = &'a str>,
        purpose: &str,
        until: &str,
        until_revoked: bool,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut cats = Vec::new();
        for raw in categories {
            match raw.parse::<Category>() {
                Ok(c) if !cats.contains(&c) => cats.push(c),
                Ok(_) => {}
                Err(()) => errors.push(FieldError::new("categories", ErrorKey::CategoryUnknown)),
            }
        }
        if cats.is_empty() && errors.is_empty() {
            errors.push(FieldError::new("categories", ErrorKey::CategoryRequired));
        }
        cats.sort();
        let purpose = purpose.trim().parse::<Purpose>();
        if purpose.is_err() {
            errors.push(FieldError::new("purpose", ErrorKey::PurposeUnknown));
        }
        let until = if until_revoked {
            None
        } else if until.trim().is_empty() {
            Some(default_until(today))
        } else {
            match NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d") {
                Err(_) => {
                    errors.push(FieldError::new("until", ErrorKey::DateInvalid));
                    None
                }
                Ok(d) if d < today => {
                    errors.push(FieldError::new("until", ErrorKey::GrantEndsBeforeStart));
                    None
                }
                Ok(d) if d > today + Months::new(12 * MAX_GRANT_YEARS) => {
                    errors.push(FieldError::new("until", ErrorKey::GrantTooLong { years: MAX_GRANT_YEARS }));
                    None
                }
                Ok(d) => Some(d),
            }
        };
        match purpose {
            Ok(purpose) if errors.is_empty() => Ok(GrantRequest { categories: cats, purpose, until }),
            _ => Err(errors),
        }
    }

    /// The employer ceiling, checked against the participant's role.
    pub fn check_ceiling(&self, role: Role) -> Result<(), FieldError> {
        match self.categories.iter().all(|c| role.may_receive(*c)) {
            true => Ok(()),
            false => Err(FieldError::new("categories", ErrorKey::EmployerCeiling)),
        }
    }
}

/// A grant as the rule needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: GrantId,
    pub participant: ParticipantId,
    pub category: Category,
    pub purpose: Purpose,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Grant {
    pub fn in_force(&self, now_ms: i64) -> bool {
        self.until.is_none_or(|d| now_ms < end_of_day_ms(d))
    }
}

/// Where a grant stands, as the history shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantStatus {
    InForce,
    /// Its last day has passed: it ended by itself.
    Expired,
    Revoked {
        at: i64,
    },
    /// The worker granted the same category and purpose again with a new period.
    Replaced {
        at: i64,
    },
}

/// One line of the sharing history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantHistory {
    pub grant: Grant,
    pub name: String,
    pub role: Role,
    pub granted_at: i64,
    pub status: GrantStatus,
}

/// The mental-health switch: when on, sensitive categories reach only the
/// participants named here, whatever else is granted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protection {
    pub on: bool,
    pub named: Vec<ParticipantId>,
}

impl Protection {
    pub fn blocks(&self, participant: ParticipantId, category: Category) -> bool {
        self.on && category.is_sensitive() && !self.named.contains(&participant)
    }
}

/// One category a participant may see now, and the grant that allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visible {
    pub category: Category,
    pub grant: GrantId,
    pub purpose: Purpose,
    /// The grant's last day (`None`: until revoked).
    pub until: Option<NaiveDate>,
}

/// THE rule: what `participant` (with `role`) may see at `now_ms`, given the
/// case's open grants and protection. One entry per category, on the oldest
/// grant in force, in category order.
pub fn visible(
    participant: ParticipantId,
    role: Role,
    grants: &[Grant],
    protection: &Protection,
    now_ms: i64,
) -> Vec<Visible> {
    let mut out: Vec<Visible> = Vec::new();
    let mut mine: Vec<&Grant> = grants.iter().filter(|g| g.participant == participant).collect();
    mine.sort_by_key(|g| (g.category, g.id));
    for g in mine {
        let allowed = g.in_force(now_ms) && role.may_receive(g.category) && !protection.blocks(participant, g.category);
        if allowed && out.last().is_none_or(|v| v.category != g.category) {
            out.push(Visible { category: g.category, grant: g.id, purpose: g.purpose, until: g.until });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn ids_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.id().parse::<Category>(), Ok(c));
        }
        for p in Purpose::ALL {
            assert_eq!(p.id().parse::<Purpose>(), Ok(p));
        }
        assert!("salary".parse::<Category>().is_err());
    }

    #[test]
    fn employer_is_offered_adjustments_only() {
        assert_eq!(Role::Employer.offered(), vec![Category::Adjustments]);
        for role in Role::ALL {
            let (preset, _) = role.preset();
            assert!(preset.iter().all(|c| role.may_receive(*c)), "{role} preset breaks the ceiling");
        }
        let req = GrantRequest::parse(["diagnosis"], "rtw_planning", "", false, today()).unwrap();
        assert_eq!(req.check_ceiling(Role::Employer), Err(FieldError::new("categories", ErrorKey::EmployerCeiling)));
        assert_eq!(req.check_ceiling(Role::Psychiatrist), Ok(()));
    }

    #[test]
    fn periods_are_checked() {
        let ok = GrantRequest::parse(["work_ability"], "rtw_planning", "", false, today()).unwrap();
        assert_eq!(ok.until, NaiveDate::from_ymd_opt(2027, 5, 24));
        assert_eq!(GrantRequest::parse(["absence"], "referral", "x", true, today()).unwrap().until, None);
        let e = |until: &str| GrantRequest::parse(["absence"], "referral", until, false, today()).unwrap_err();
        assert_eq!(e("2026-11-23"), vec![FieldError::new("until", ErrorKey::GrantEndsBeforeStart)]);
        assert_eq!(e("2028-11-25"), vec![FieldError::new("until", ErrorKey::GrantTooLong { years: 2 })]);
        assert_eq!(e("soon"), vec![FieldError::new("until", ErrorKey::DateInvalid)]);
        assert!(GrantRequest::parse(["absence"], "referral", "2028-11-24", false, today()).is_ok());
    }

    #[test]
    fn unknown_values_are_named() {
        let e = GrantRequest::parse(["salary"], "gossip", "", false, today()).unwrap_err();
        assert_eq!(
            e,
            vec![
                FieldError::new("categories", ErrorKey::CategoryUnknown),
                FieldError::new("purpose", ErrorKey::PurposeUnknown),
            ]
        );
        let e = GrantRequest::parse([], "referral", "", false, today()).unwrap_err();
        assert_eq!(e, vec![FieldError::new("categories", ErrorKey::CategoryRequired)]);
    }

    #[test]
    fn a_grant_holds_through_its_last_day() {
        let g = Grant {
            id: 1,
            participant: 7,
            category: Category::Absence,
            purpose: Purpose::Referral,
            from: today(),
            until: Some(today()),
        };
        let end = end_of_day_ms(today());
        assert!(g.in_force(end - 1));
        assert!(!g.in_force(end));
        assert_eq!(visible(7, Role::Gp, std::slice::from_ref(&g), &Protection::default(), end - 1).len(), 1);
        assert!(visible(7, Role::Gp, &[g], &Protection::default(), end).is_empty());
    }

    #[test]
    fn protection_keeps_sensitive_categories_to_named_people() {
        let g = |id, participant, category| Grant {
            id,
            participant,
            category,
            purpose: Purpose::CareCoordination,
            from: today(),
            until: None,
        };
        let grants = [g(1, 1, Category::Diagnosis), g(2, 1, Category::Absence), g(3, 2, Category::Diagnosis)];
        let p = Protection { on: true, named: vec![2] };
        let cats =
            |who| visible(who, Role::Psychiatrist, &grants, &p, 0).into_iter().map(|v| v.category).collect::<Vec<_>>();
        assert_eq!(cats(1), vec![Category::Absence]);
        assert_eq!(cats(2), vec![Category::Diagnosis]);
        // Nobody sees what they were not granted, named or not.
        assert!(cats(3).is_empty());
    }
}
