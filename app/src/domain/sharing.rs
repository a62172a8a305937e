//! Targeted consent: what can be shared (categories), why (purposes), for how
//! long (periods), and the one rule that turns grants into what a participant
//! sees. Pure, so the server, the preview and the tests all use the same rule.

use super::ids::stable_ids;
use super::{learns_of_mental_health_care, Standing};
use super::{CaseId, ErrorKey, FieldError, GrantId, Now, ParticipantId, Role, Timestamp, World};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

stable_ids! {
    /// Information categories (GUIDE section 1); the ids are stored as text.
    pub enum Category {
        Absence = "absence",
        WorkAbility = "work_ability",
        Adjustments = "adjustments",
        Treatment = "treatment",
        Diagnosis = "diagnosis",
        Stigma = "stigma",
        Notes = "notes",
    }
}

impl Category {
    /// Mental-health information: kept to named people when protection is on.
    pub fn is_sensitive(self) -> bool {
        matches!(self, Category::Diagnosis | Category::Treatment | Category::Stigma | Category::Notes)
    }
}

stable_ids! {
    /// Why something is shared (GUIDE section 1).
    pub enum Purpose {
        RtwPlanning = "rtw_planning",
        Referral = "referral",
        WorkCapacityAssessment = "work_capacity_assessment",
        CareCoordination = "care_coordination",
    }
}

stable_ids! {
    /// Why a grant stopped before its last day.
    pub enum EndReason {
        /// The worker stopped it (or removed the participant).
        Revoked = "revoked",
        /// The worker granted the same category and purpose again.
        Replaced = "replaced",
    }
}

impl Role {
    /// The employer ceiling (GUIDE promise 2): an employer may only ever
    /// receive agreed adjustments. Every other role may receive anything.
    pub fn may_receive(self, category: Category) -> bool {
        self != Role::Employer || category == Category::Adjustments
    }

    /// The categories a grant screen offers for this role.
    pub fn offered(self) -> Vec<Category> {
        Category::ALL.iter().copied().filter(|c| self.may_receive(*c)).collect()
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

/// The default last day of a new grant.
pub fn default_until(today: NaiveDate) -> NaiveDate {
    today + Months::new(DEFAULT_GRANT_MONTHS)
}

/// The last day a grant is asked to hold, as a form says it: the default
/// period, a day, or until the worker revokes it. What it comes to, and
/// whether the day is allowed, depend on today where the worker lives: the
/// service's to say (`LastDay::from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LastDay {
    Default,
    On(NaiveDate),
    Revoked,
}

impl LastDay {
    /// The grant's last day counted from `today` (`None`: until revoked),
    /// or why there can be none: a day gone, or too far ahead.
    pub fn from(self, today: NaiveDate) -> Result<Option<NaiveDate>, FieldError> {
        match self {
            LastDay::Revoked => Ok(None),
            LastDay::Default => Ok(Some(default_until(today))),
            LastDay::On(d) if d < today => Err(FieldError::new("until", ErrorKey::GrantEndsBeforeStart)),
            LastDay::On(d) if d > today + Months::new(12 * MAX_GRANT_YEARS) => {
                Err(FieldError::new("until", ErrorKey::GrantTooLong { years: MAX_GRANT_YEARS }))
            }
            LastDay::On(d) => Ok(Some(d)),
        }
    }
}

/// What the worker asks to share with one participant, checked field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRequest {
    pub categories: Vec<Category>,
    pub purpose: Purpose,
    pub until: LastDay,
}

impl GrantRequest {
    /// `until_revoked` wins over `until`; an empty `until` means the default period.
    pub fn parse<'a>(
        categories: impl IntoIterator<Item = &'a str>,
        purpose: &str,
        until: &str,
        until_revoked: bool,
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
            LastDay::Revoked
        } else if until.trim().is_empty() {
            LastDay::Default
        } else {
            match NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d") {
                Ok(d) => LastDay::On(d),
                Err(_) => {
                    errors.push(FieldError::new("until", ErrorKey::DateInvalid));
                    LastDay::Default
                }
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
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Grant {
    pub id: GrantId,
    pub participant: ParticipantId,
    pub category: Category,
    pub purpose: Purpose,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Grant {
    /// A grant "until 31 May" holds through 31 May where the worker lives.
    pub fn in_force(&self, now: Now) -> bool {
        self.until.is_none_or(|d| now.at < now.zone.end_of_day(d))
    }
}

/// Where a grant stands, as the history shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub enum GrantStatus {
    InForce,
    /// Its last day has passed: it ended by itself.
    Expired,
    Revoked {
        at: Timestamp,
    },
    /// The worker granted the same category and purpose again with a new period.
    Replaced {
        at: Timestamp,
    },
}

/// One line of the sharing history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct GrantHistory {
    pub grant: Grant,
    pub name: String,
    pub role: Role,
    pub granted_at: Timestamp,
    pub status: GrantStatus,
}

/// A page of the sharing history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingHistory {
    pub case_id: CaseId,
    pub lines: Vec<GrantHistory>,
    /// Where the next (older) page starts; `None` on the last page.
    pub older: Option<GrantId>,
}

/// At most this many grants per page of the history.
pub const HISTORY_PAGE: usize = 50;

/// The mental-health switch: when on, sensitive categories reach only the
/// participants named here, whatever else is granted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Protection {
    pub on: bool,
    pub named: Vec<ParticipantId>,
}

impl Protection {
    pub fn blocks(&self, participant: ParticipantId, category: Category) -> bool {
        self.on && category.is_sensitive() && !self.named.contains(&participant)
    }
}

impl Role {
    /// Mental-health care by role alone: psychiatrists and psychologists.
    pub fn is_mental_health(self) -> bool {
        matches!(self, Role::Psychiatrist | Role::Psychologist)
    }

    /// Whether the worker may mark a participant of this role as
    /// mental-health care: curative care whose role does not say it already
    /// (a GP or a medical specialist who treats the worker's mental health).
    /// A GP is not mental-health care by role: most GP care is not, and the
    /// GP is often the coordinator everyone needs to reach.
    pub fn may_be_marked_mental_health(self) -> bool {
        matches!(self, Role::Gp | Role::MedicalSpecialist)
    }
}

/// Whether someone (a participant, or a professional proposed to join,
/// `None`) is mental-health care: by role, or marked so by the worker.
pub fn is_mental_health_care(who: Option<ParticipantId>, role: Role, marked: &[ParticipantId]) -> bool {
    role.is_mental_health() || (role.may_be_marked_mental_health() && who.is_some_and(|p| marked.contains(&p)))
}

/// THE involvement rule: whether `viewer` may learn that `other` (a
/// participant, or a professional proposed to join: `None`) is involved in
/// the case: their name, role, organisation, contact, what they wrote or
/// referred. Only mental-health care can be kept secret: with the switch on,
/// only the people it names and mental-health professionals themselves learn
/// of it, never the employer (`permissions::learns_of_mental_health_care`).
/// With the switch off this rule keeps nothing back, and the directory's own
/// rule (`directory::listed_by_default`, the worker's hidden pairs) decides.
pub fn may_learn_of(
    viewer: (ParticipantId, Role),
    other: (Option<ParticipantId>, Role),
    protection: &Protection,
    marked: &[ParticipantId],
) -> bool {
    let ((me, my_role), (them, their_role)) = (viewer, other);
    if them == Some(me) || !is_mental_health_care(them, their_role, marked) {
        return true;
    }
    let standing = if my_role.world() == World::Workplace {
        Standing::Workplace
    } else if is_mental_health_care(Some(me), my_role, marked) {
        Standing::MentalHealthCare
    } else if protection.named.contains(&me) {
        Standing::Named
    } else {
        Standing::Unnamed
    };
    learns_of_mental_health_care(protection.on, standing)
}

/// What the involvement rule needs to know of a case: the switch and whom
/// the worker marked as mental-health care. Read once per request
/// (`services/authz.rs::involvement`), never kept past it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Involvement {
    pub protection: Protection,
    pub marked: Vec<ParticipantId>,
}

impl Involvement {
    /// `may_learn_of` for this case.
    pub fn may_learn_of(&self, viewer: (ParticipantId, Role), other: (Option<ParticipantId>, Role)) -> bool {
        may_learn_of(viewer, other, &self.protection, &self.marked)
    }

    /// The pairs (viewer, mental-health professional) of `team` the rule
    /// keeps apart, for the worker's switch ("Dr Eva Lind will no longer see
    /// that Dr Mark de Vries is involved"). The employer is left out: they
    /// never see curative care by name, switch or not.
    pub fn kept_apart(&self, team: &[(ParticipantId, Role)]) -> Vec<(ParticipantId, ParticipantId)> {
        let mut out = Vec::new();
        for &(v, v_role) in team.iter().filter(|(_, r)| r.world() != World::Workplace) {
            for &(m, m_role) in team {
                if !self.may_learn_of((v, v_role), (Some(m), m_role)) {
                    out.push((v, m));
                }
            }
        }
        out
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

/// THE rule: what `participant` (with `role`) may see `now`, given the
/// case's open grants and protection. One entry per category, on the oldest
/// grant in force, in category order.
pub fn visible(
    participant: ParticipantId,
    role: Role,
    grants: &[Grant],
    protection: &Protection,
    now: Now,
) -> Vec<Visible> {
    let mut out: Vec<Visible> = Vec::new();
    let mut mine: Vec<&Grant> = grants.iter().filter(|g| g.participant == participant).collect();
    mine.sort_by_key(|g| (g.category, g.id));
    for g in mine {
        let allowed = g.in_force(now) && role.may_receive(g.category) && !protection.blocks(participant, g.category);
        if allowed && out.last().is_none_or(|v| v.category != g.category) {
            out.push(Visible { category: g.category, grant: g.id, purpose: g.purpose, until: g.until });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Zone;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn ids_round_trip() {
        for &c in Category::ALL {
            assert_eq!(c.id().parse::<Category>(), Ok(c));
        }
        for &p in Purpose::ALL {
            assert_eq!(p.id().parse::<Purpose>(), Ok(p));
        }
        assert!("salary".parse::<Category>().is_err());
    }

    #[test]
    fn employer_is_offered_adjustments_only() {
        assert_eq!(Role::Employer.offered(), vec![Category::Adjustments]);
        for &role in Role::ALL {
            let (preset, _) = role.preset();
            assert!(preset.iter().all(|c| role.may_receive(*c)), "{role} preset breaks the ceiling");
        }
        let req = GrantRequest::parse(["diagnosis"], "rtw_planning", "", false).unwrap();
        assert_eq!(req.check_ceiling(Role::Employer), Err(FieldError::new("categories", ErrorKey::EmployerCeiling)));
        assert_eq!(req.check_ceiling(Role::Psychiatrist), Ok(()));
    }

    #[test]
    fn periods_are_checked() {
        let ok = GrantRequest::parse(["work_ability"], "rtw_planning", "", false).unwrap();
        assert_eq!(ok.until, LastDay::Default);
        assert_eq!(ok.until.from(today()), Ok(NaiveDate::from_ymd_opt(2027, 5, 24)));
        let revoked = GrantRequest::parse(["absence"], "referral", "x", true).unwrap().until;
        assert_eq!((revoked, revoked.from(today())), (LastDay::Revoked, Ok(None)));
        let e = |until: &str| {
            GrantRequest::parse(["absence"], "referral", until, false)
                .and_then(|r| r.until.from(today()).map_err(|e| vec![e]))
        };
        assert_eq!(e("2026-11-23"), Err(vec![FieldError::new("until", ErrorKey::GrantEndsBeforeStart)]));
        assert_eq!(e("2028-11-25"), Err(vec![FieldError::new("until", ErrorKey::GrantTooLong { years: 2 })]));
        assert_eq!(e("soon"), Err(vec![FieldError::new("until", ErrorKey::DateInvalid)]));
        assert_eq!(e("2028-11-24"), Ok(NaiveDate::from_ymd_opt(2028, 11, 24)));
    }

    #[test]
    fn unknown_values_are_named() {
        let e = GrantRequest::parse(["salary"], "gossip", "", false).unwrap_err();
        assert_eq!(
            e,
            vec![
                FieldError::new("categories", ErrorKey::CategoryUnknown),
                FieldError::new("purpose", ErrorKey::PurposeUnknown),
            ]
        );
        let e = GrantRequest::parse([], "referral", "", false).unwrap_err();
        assert_eq!(e, vec![FieldError::new("categories", ErrorKey::CategoryRequired)]);
    }

    #[test]
    fn a_grant_holds_through_its_last_day() {
        let g = Grant {
            id: GrantId(1),
            participant: ParticipantId(7),
            category: Category::Absence,
            purpose: Purpose::Referral,
            from: today(),
            until: Some(today()),
        };
        // The last day ends at midnight where the worker lives: 22:00 UTC in
        // Helsinki in November, 23:00 UTC in Amsterdam.
        for zone in [Zone::HELSINKI, Zone::AMSTERDAM] {
            let end = zone.end_of_day(today());
            let before = Now { at: Timestamp(end.0 - 1), zone };
            let after = Now { at: end, zone };
            assert!(g.in_force(before));
            assert!(!g.in_force(after));
            let p7 = ParticipantId(7);
            assert_eq!(visible(p7, Role::Gp, std::slice::from_ref(&g), &Protection::default(), before).len(), 1);
            assert!(visible(p7, Role::Gp, std::slice::from_ref(&g), &Protection::default(), after).is_empty());
        }
        let helsinki_end = Zone::HELSINKI.end_of_day(today());
        assert_eq!(Zone::AMSTERDAM.end_of_day(today()).0 - helsinki_end.0, 3_600_000);
    }

    #[test]
    fn protection_keeps_sensitive_categories_to_named_people() {
        let g = |id, participant, category| Grant {
            id: GrantId(id),
            participant: ParticipantId(participant),
            category,
            purpose: Purpose::CareCoordination,
            from: today(),
            until: None,
        };
        let grants = [g(1, 1, Category::Diagnosis), g(2, 1, Category::Absence), g(3, 2, Category::Diagnosis)];
        let p = Protection { on: true, named: vec![ParticipantId(2)] };
        let now = Now { at: Timestamp(0), zone: Zone::HELSINKI };
        let cats = |who| {
            visible(ParticipantId(who), Role::Psychiatrist, &grants, &p, now)
                .into_iter()
                .map(|v| v.category)
                .collect::<Vec<_>>()
        };
        assert_eq!(cats(1), vec![Category::Absence]);
        assert_eq!(cats(2), vec![Category::Diagnosis]);
        // Nobody sees what they were not granted, named or not.
        assert!(cats(3).is_empty());
    }
    #[test]
    fn only_named_people_and_mental_health_care_learn_of_mental_health_care() {
        let p = ParticipantId;
        let off = Protection::default();
        let on = Protection { on: true, named: vec![p(3), p(5)] };
        let psychiatrist = (Some(p(1)), Role::Psychiatrist);
        let eva = (p(2), Role::InsurancePhysician);
        let named = (p(3), Role::OccupationalPhysician);
        let psychologist = (p(4), Role::Psychologist);
        let boss = (p(5), Role::Employer);
        // Off: the rule holds nothing back (the directory's rule decides).
        for viewer in [eva, named, psychologist, boss] {
            assert!(may_learn_of(viewer, psychiatrist, &off, &[]), "{viewer:?}");
        }
        assert!(!may_learn_of(eva, psychiatrist, &on, &[]));
        assert!(may_learn_of(named, psychiatrist, &on, &[]));
        assert!(may_learn_of(psychologist, psychiatrist, &on, &[]), "mental-health care itself");
        assert!(!may_learn_of(boss, psychiatrist, &on, &[]), "never the employer, named or not");
        // Someone proposed who is not in the team yet, by their role.
        assert!(!may_learn_of(eva, (None, Role::Psychologist), &on, &[]));
        // Others are not mental-health care: the switch does not touch them.
        assert!(may_learn_of(eva, (Some(p(6)), Role::Gp), &on, &[]));
        assert!(may_learn_of(eva, (Some(p(2)), Role::InsurancePhysician), &on, &[]));
        // Unless the worker marked them; a mark on a role that cannot carry one counts for nothing.
        assert!(!may_learn_of(eva, (Some(p(6)), Role::Gp), &on, &[p(6)]));
        assert!(may_learn_of((p(6), Role::Gp), psychiatrist, &on, &[p(6)]), "a marked GP is mental-health care");
        assert!(may_learn_of(eva, (Some(p(3)), Role::OccupationalPhysician), &on, &[p(3)]));
        // Everyone learns of themselves.
        assert!(may_learn_of((p(1), Role::Psychiatrist), psychiatrist, &on, &[]));
    }

    #[test]
    fn the_switch_says_who_will_no_longer_see_whom() {
        let p = ParticipantId;
        let team =
            [(p(1), Role::Psychiatrist), (p(2), Role::InsurancePhysician), (p(3), Role::Employer), (p(4), Role::Gp)];
        let nobody = Involvement { protection: Protection { on: true, named: vec![] }, marked: vec![] };
        assert_eq!(nobody.kept_apart(&team), vec![(p(2), p(1)), (p(4), p(1))], "never the employer");
        let eva = Involvement { protection: Protection { on: true, named: vec![p(2)] }, marked: vec![p(4)] };
        assert_eq!(eva.kept_apart(&team), vec![]);
        let gp = Involvement { protection: Protection { on: true, named: vec![] }, marked: vec![p(4)] };
        assert_eq!(gp.kept_apart(&team), vec![(p(2), p(1)), (p(2), p(4))]);
        assert!(Involvement::default().kept_apart(&team).is_empty());
    }
}
