//! Stigma concerns and the disclosure plan (the worker's "Concerns" area).
//! Private to the worker unless shared with named clinicians, or with
//! everyone holding a `stigma` grant; never with an employer (the role
//! ceiling in `Role::may_receive` says so, and the service asks it).

use super::contact::own_words;
use super::ids::stable_ids;
use super::{AdjustmentKind, CaseId, ConcernId, ErrorKey, FieldError, ParticipantId, Role, Timestamp, Zone};
use serde::{Deserialize, Serialize};

pub const CONCERN_TEXT_MAX: usize = 2000;
pub const COLLEAGUE_WORDS_MAX: usize = 1000;

stable_ids! {
    pub enum ConcernKind {
        SelfStigma = "self_stigma",
        SupervisorAttitude = "supervisor_attitude",
        CoworkerReactions = "coworker_reactions",
        Disclosure = "disclosure",
        CareerConsequences = "career_consequences",
        Other = "other",
    }
}

impl ConcernKind {
    /// The adjustment a concern of this kind most often leads to, for the
    /// one-tap "start an adjustment from this" (the worker edits it after).
    pub fn suggested_adjustment(self) -> AdjustmentKind {
        match self {
            ConcernKind::SupervisorAttitude => AdjustmentKind::SupervisorCheckins,
            ConcernKind::CoworkerReactions => AdjustmentKind::QuietWorkspace,
            ConcernKind::SelfStigma => AdjustmentKind::PhasedReturn,
            ConcernKind::CareerConsequences => AdjustmentKind::AmendedDuties,
            ConcernKind::Disclosure | ConcernKind::Other => AdjustmentKind::Other,
        }
    }
}

stable_ids! {
    /// What the worker is comfortable with one person knowing.
    pub enum Comfort {
        Nothing = "nothing",
        SickLeave = "sick_leave",
        WorkAffected = "work_affected",
        Diagnosis = "diagnosis",
    }
}

/// What the worker writes about a concern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ConcernText {
    pub kind: ConcernKind,
    /// What happened, or what they fear, in their own words.
    pub what: String,
    /// How much it weighs on them, 1 (a little) to 5 (very much). Never
    /// shown back as a score.
    pub weight: u8,
    /// What would help.
    pub helps: String,
}

impl ConcernText {
    pub fn parse(kind: &str, what: &str, weight: &str, helps: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind =
            kind.parse::<ConcernKind>().map_err(|_| errors.push(FieldError::new("kind", ErrorKey::ConcernKindUnknown)));
        let what = own_words(what, CONCERN_TEXT_MAX, true).map_err(|k| errors.push(FieldError::new("what", k)));
        let weight = match weight.trim().parse::<u8>() {
            Ok(w @ 1..=5) => Ok(w),
            _ => {
                errors.push(FieldError::new("weight", ErrorKey::WeightUnknown));
                Err(())
            }
        };
        let helps = own_words(helps, CONCERN_TEXT_MAX, false).map_err(|k| errors.push(FieldError::new("helps", k)));
        match (kind, what, weight, helps) {
            (Ok(kind), Ok(what), Ok(weight), Ok(helps)) => Ok(ConcernText { kind, what, weight, helps }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Concern {
    pub id: ConcernId,
    pub text: ConcernText,
    pub written_at: Timestamp,
    /// Clinicians this one concern is shared with by name.
    pub shared_with: Vec<ParticipantId>,
}

/// The disclosure plan: per person, what the worker is comfortable with
/// them knowing, and the words they would like colleagues to hear.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct DisclosurePlan {
    pub comfort: Vec<(ParticipantId, Comfort)>,
    pub colleague_words: String,
}

impl DisclosurePlan {
    pub fn comfort_with(&self, p: ParticipantId) -> Option<Comfort> {
        self.comfort.iter().find(|(id, _)| *id == p).map(|(_, c)| *c)
    }

    /// Parses `comfort[<participant id>] = <comfort id>` pairs and the words.
    pub fn parse<'a>(
        comfort: impl IntoIterator<Item = (&'a str, &'a str)>,
        words: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut pairs = Vec::new();
        for (p, c) in comfort {
            match (p.trim().parse::<ParticipantId>(), c.parse::<Comfort>()) {
                (Ok(p), Ok(c)) => pairs.push((p, c)),
                (Err(_), _) => errors.push(FieldError::new("comfort", ErrorKey::ParticipantUnknown)),
                (_, Err(_)) => errors.push(FieldError::new("comfort", ErrorKey::ComfortUnknown)),
            }
        }
        let words = own_words(words, COLLEAGUE_WORDS_MAX, false)
            .map_err(|k| errors.push(FieldError::new("colleague_words", k)))
            .unwrap_or_default();
        if errors.is_empty() {
            pairs.sort();
            pairs.dedup_by_key(|(p, _)| *p);
            Ok(DisclosurePlan { comfort: pairs, colleague_words: words })
        } else {
            Err(errors)
        }
    }
}

/// Someone the worker may share a concern with: a clinician, never an employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: ParticipantId,
    pub name: String,
    pub role: Role,
    /// Their `stigma` grant is in force: they see every concern and the plan.
    pub sees_all: bool,
}

/// The worker's Concerns page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernsPage {
    pub case_id: CaseId,
    pub concerns: Vec<Concern>,
    pub plan: DisclosurePlan,
    /// Everyone in the team, for the plan; `TeamMember::role` tells which
    /// of them a concern may be shared with.
    pub team: Vec<TeamMember>,
    pub zone: Zone,
}

/// What a clinician sees of the worker's concerns: the ones shared with
/// them by name, or (with a `stigma` grant) all of them and the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedConcerns {
    pub concerns: Vec<ConcernText>,
    pub plan: Option<DisclosurePlan>,
    /// Names for the plan's lines.
    pub names: Vec<(ParticipantId, String, Role)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concern_needs_its_words_and_a_weight_of_one_to_five() {
        let c = ConcernText::parse("supervisor_attitude", " My boss sighs ", "4", "").unwrap();
        assert_eq!((c.kind, c.what.as_str(), c.weight), (ConcernKind::SupervisorAttitude, "My boss sighs", 4));
        let e = ConcernText::parse("gossip", "", "9", &"x".repeat(CONCERN_TEXT_MAX + 1)).unwrap_err();
        assert_eq!(
            e,
            vec![
                FieldError::new("kind", ErrorKey::ConcernKindUnknown),
                FieldError::new("what", ErrorKey::Required),
                FieldError::new("weight", ErrorKey::WeightUnknown),
                FieldError::new("helps", ErrorKey::TooLong { max: CONCERN_TEXT_MAX as u32 }),
            ]
        );
    }

    #[test]
    fn a_supervisor_concern_suggests_check_ins() {
        assert_eq!(ConcernKind::SupervisorAttitude.suggested_adjustment(), AdjustmentKind::SupervisorCheckins);
    }

    #[test]
    fn the_plan_parses_per_person() {
        let p = DisclosurePlan::parse([("7", "sick_leave"), ("3", "nothing")], "I am recovering").unwrap();
        assert_eq!(p.comfort, vec![(ParticipantId(3), Comfort::Nothing), (ParticipantId(7), Comfort::SickLeave)]);
        assert_eq!(p.comfort_with(ParticipantId(7)), Some(Comfort::SickLeave));
        assert!(DisclosurePlan::parse([("7", "everything")], "").is_err());
    }
}
