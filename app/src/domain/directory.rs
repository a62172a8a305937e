//! The care-team directory a participant sees on their page of a case: who
//! is involved, their role in plain words, organisation, how to reach them,
//! and who coordinates. What the professionals lacked most; and, for the
//! employer, a place where a psychiatrist's name would say too much. One
//! pure rule decides who appears in whose directory, so the participant's
//! page and the worker's preview cannot differ.

use super::ids::stable_ids;
use super::{Contact, Involvement, ParticipantId, Role, World};
use serde::{Deserialize, Serialize};

stable_ids! {
    /// What an employer is shown of a coordinator in curative care (whose
    /// name or clinic could tell them a psychiatrist or GP is involved).
    pub enum CoordinatorContact {
        /// Only that a care coordinator exists (the default).
        Nothing = "nothing",
        Email = "email",
        Phone = "phone",
        Both = "both",
    }
}

/// A member of the team as the rule needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: ParticipantId,
    pub role: Role,
    pub contact: Contact,
    pub coordinator: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Listing {
    /// Name, role, organisation and contact.
    Named { name: String, role: Role, organisation: String, email: String, phone: Option<String> },
    /// "Your employee's care coordinator", with the contact the worker chose.
    CareCoordinator { email: Option<String>, phone: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub id: ParticipantId,
    pub listing: Listing,
    pub coordinator: bool,
    /// The reader themselves.
    pub you: bool,
}

/// Whom `viewer` would see by default: care professionals see each other;
/// an employer sees only the coordinator; everyone sees themselves.
pub fn listed_by_default(viewer: &Member, other: &Member) -> bool {
    match viewer.role.world() {
        _ if viewer.id == other.id => true,
        World::Workplace => other.coordinator,
        World::CurativeCare | World::WorkFocusedCare => other.role.world() != World::Workplace,
    }
}

/// The directory `viewer` sees: the default, less those the worker hid
/// from them (`hidden` holds (viewer, hidden) pairs), less the mental-health
/// care the involvement rule keeps from them (`sharing::may_learn_of`);
/// coordinator first. A coordinator the viewer may not know by name (curative
/// care, for an employer; mental-health care the switch keeps from them) is
/// shown as "care coordinator" with the contact the worker chose.
pub fn directory(
    viewer: ParticipantId,
    team: &[Member],
    hidden: &[(ParticipantId, ParticipantId)],
    contact: CoordinatorContact,
    involvement: &Involvement,
) -> Vec<DirectoryEntry> {
    let Some(me) = team.iter().find(|m| m.id == viewer) else { return Vec::new() };
    let mut out: Vec<DirectoryEntry> = team
        .iter()
        .filter(|m| listed_by_default(me, m))
        .filter(|m| m.id == me.id || !hidden.contains(&(me.id, m.id)))
        .filter_map(|m| {
            let learns = involvement.may_learn_of((me.id, me.role), (Some(m.id), m.role));
            // Mental-health care kept from the viewer is not listed at all;
            // only a coordinator stays, without a name.
            if !learns && !m.coordinator {
                return None;
            }
            let listing = if !learns || nameless_for_employer(me, m) {
                let c = &m.contact;
                let (email, phone) = match contact {
                    CoordinatorContact::Nothing => (None, None),
                    CoordinatorContact::Email => (Some(c.email.as_str().to_string()), None),
                    CoordinatorContact::Phone => (None, c.phone.clone()),
                    CoordinatorContact::Both => (Some(c.email.as_str().to_string()), c.phone.clone()),
                };
                Listing::CareCoordinator { email, phone }
            } else {
                Listing::Named {
                    name: m.contact.name.clone(),
                    role: m.role,
                    organisation: m.contact.organisation.clone(),
                    email: m.contact.email.as_str().to_string(),
                    phone: m.contact.phone.clone(),
                }
            };
            Some(DirectoryEntry { id: m.id, listing, coordinator: m.coordinator, you: m.id == me.id })
        })
        .collect();
    out.sort_by_key(|e| (!e.coordinator, e.you));
    out
}

/// An employer never learns the name of someone in curative care (whose
/// name or clinic could tell them a psychiatrist or GP is involved).
fn nameless_for_employer(viewer: &Member, other: &Member) -> bool {
    viewer.role == Role::Employer && other.id != viewer.id && other.role.world() == World::CurativeCare
}

/// One person the worker may show in or hide from a viewer's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: ParticipantId,
    pub name: String,
    pub role: Role,
    pub shown: bool,
    pub coordinator: bool,
    /// The mental-health switch keeps them from this viewer now, whatever
    /// `shown` says (a coordinator stays, without a name).
    pub held_back: bool,
}

/// The worker's settings of one participant's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectorySettings {
    pub viewer: ParticipantId,
    pub viewer_role: Role,
    /// Everyone the default rule lists for the viewer (not themselves).
    pub candidates: Vec<Candidate>,
    /// What is shown of a coordinator the viewer may not know by name.
    pub coordinator_contact: CoordinatorContact,
    /// Whether that choice matters for this viewer: the coordinator is
    /// shown to them without a name (an employer and a coordinator in
    /// curative care, or mental-health care the switch keeps from them).
    pub asks_contact: bool,
}

impl DirectorySettings {
    /// The settings for `viewer` from the team, the hidden pairs, the
    /// contact choice and the involvement rule's facts.
    pub fn of(
        viewer: ParticipantId,
        team: &[Member],
        hidden: &[(ParticipantId, ParticipantId)],
        contact: CoordinatorContact,
        involvement: &Involvement,
    ) -> Option<Self> {
        let me = team.iter().find(|m| m.id == viewer)?;
        let learns = |m: &Member| involvement.may_learn_of((me.id, me.role), (Some(m.id), m.role));
        let candidates = team
            .iter()
            .filter(|m| m.id != viewer && listed_by_default(me, m))
            .map(|m| Candidate {
                id: m.id,
                name: m.contact.name.clone(),
                role: m.role,
                shown: !hidden.contains(&(viewer, m.id)),
                coordinator: m.coordinator,
                held_back: !learns(m),
            })
            .collect();
        let asks_contact =
            team.iter().any(|m| m.coordinator && m.id != viewer && (nameless_for_employer(me, m) || !learns(m)));
        Some(DirectorySettings { viewer, viewer_role: me.role, candidates, coordinator_contact: contact, asks_contact })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Protection;

    fn member(id: i64, role: Role, coordinator: bool) -> Member {
        let name = format!("Person {id}");
        let email = format!("p{id}@example.com");
        Member {
            id: ParticipantId(id),
            role,
            contact: Contact::parse(
                &name,
                if role == Role::Employer { "Acme" } else { "Mind Clinic" },
                &email,
                "+358 40 123 4567",
            )
            .unwrap(),
            coordinator,
        }
    }

    fn team() -> Vec<Member> {
        vec![
            member(1, Role::Psychiatrist, true),
            member(2, Role::OccupationalPhysician, false),
            member(3, Role::Employer, false),
            member(4, Role::Gp, false),
        ]
    }

    fn off() -> Involvement {
        Involvement::default()
    }

    fn ids(d: &[DirectoryEntry]) -> Vec<i64> {
        d.iter().map(|e| e.id.0).collect()
    }

    #[test]
    fn care_professionals_see_each_other_and_not_the_employer() {
        let d = directory(ParticipantId(2), &team(), &[], CoordinatorContact::Nothing, &off());
        assert_eq!(ids(&d), vec![1, 4, 2], "the coordinator first, the reader last");
        assert!(d.iter().all(|e| matches!(e.listing, Listing::Named { .. })));
    }

    #[test]
    fn an_employer_sees_a_curative_coordinator_only_as_a_coordinator() {
        let d = directory(ParticipantId(3), &team(), &[], CoordinatorContact::Nothing, &off());
        assert_eq!(ids(&d), vec![1, 3]);
        assert_eq!(d[0].listing, Listing::CareCoordinator { email: None, phone: None });
        let text = format!("{d:?}");
        for leak in ["Person 1", "Mind Clinic", "Psychiatrist", "p1@example.com"] {
            assert!(!text.contains(leak), "{leak} reaches the employer");
        }
        let d = directory(ParticipantId(3), &team(), &[], CoordinatorContact::Email, &off());
        assert_eq!(d[0].listing, Listing::CareCoordinator { email: Some("p1@example.com".into()), phone: None });
    }

    #[test]
    fn an_occupational_coordinator_is_named_to_the_employer() {
        let mut t = team();
        t[0].coordinator = false;
        t[1].coordinator = true;
        let d = directory(ParticipantId(3), &t, &[], CoordinatorContact::Nothing, &off());
        assert_eq!(ids(&d), vec![2, 3]);
        assert!(matches!(d[0].listing, Listing::Named { role: Role::OccupationalPhysician, .. }));
    }

    #[test]
    fn the_worker_hides_anyone_from_anyone_but_themselves() {
        let hidden = [(ParticipantId(2), ParticipantId(1)), (ParticipantId(2), ParticipantId(2))];
        let d = directory(ParticipantId(2), &team(), &hidden, CoordinatorContact::Nothing, &off());
        assert_eq!(ids(&d), vec![4, 2]);
        let d = directory(
            ParticipantId(3),
            &team(),
            &[(ParticipantId(3), ParticipantId(1))],
            CoordinatorContact::Both,
            &off(),
        );
        assert_eq!(ids(&d), vec![3]);
    }
    fn switch_on(named: &[i64], marked: &[i64]) -> Involvement {
        Involvement {
            protection: Protection { on: true, named: named.iter().map(|i| ParticipantId(*i)).collect() },
            marked: marked.iter().map(|i| ParticipantId(*i)).collect(),
        }
    }

    #[test]
    fn the_switch_keeps_mental_health_care_out_of_an_unnamed_directory() {
        let mut t = team();
        t[0].coordinator = false;
        let d = directory(ParticipantId(2), &t, &[], CoordinatorContact::Both, &switch_on(&[], &[]));
        assert_eq!(ids(&d), vec![4, 2], "the psychiatrist is not there");
        for leak in ["Person 1", "Psychiatrist", "p1@example.com"] {
            assert!(!format!("{d:?}").contains(leak), "{leak}");
        }
        // Named, they see him again; so does mental-health care itself.
        let d = directory(ParticipantId(2), &t, &[], CoordinatorContact::Both, &switch_on(&[2], &[]));
        assert_eq!(ids(&d), vec![1, 4, 2]);
        // A GP the worker marked as mental-health care is kept back too, and
        // sees the psychiatrist as mental-health care themselves.
        let marked = switch_on(&[], &[4]);
        assert_eq!(ids(&directory(ParticipantId(2), &t, &[], CoordinatorContact::Both, &marked)), vec![2]);
        assert_eq!(ids(&directory(ParticipantId(4), &t, &[], CoordinatorContact::Both, &marked)), vec![1, 2, 4]);
        assert_eq!(ids(&directory(ParticipantId(1), &t, &[], CoordinatorContact::Both, &marked)), vec![2, 4, 1]);
    }

    #[test]
    fn a_mental_health_coordinator_kept_back_is_only_the_care_coordinator() {
        let on = switch_on(&[], &[]);
        let d = directory(ParticipantId(2), &team(), &[], CoordinatorContact::Nothing, &on);
        assert_eq!(ids(&d), vec![1, 4, 2]);
        assert_eq!(d[0].listing, Listing::CareCoordinator { email: None, phone: None });
        let d = directory(ParticipantId(2), &team(), &[], CoordinatorContact::Email, &on);
        assert_eq!(d[0].listing, Listing::CareCoordinator { email: Some("p1@example.com".into()), phone: None });
        // The worker's settings say so, and ask what to show of them.
        let s = DirectorySettings::of(ParticipantId(2), &team(), &[], CoordinatorContact::Nothing, &on).unwrap();
        assert!(s.asks_contact);
        assert_eq!(s.candidates.iter().filter(|c| c.held_back).map(|c| c.id.0).collect::<Vec<_>>(), vec![1]);
        let off = DirectorySettings::of(ParticipantId(2), &team(), &[], CoordinatorContact::Nothing, &off()).unwrap();
        assert!(!off.asks_contact && off.candidates.iter().all(|c| !c.held_back));
    }
}
