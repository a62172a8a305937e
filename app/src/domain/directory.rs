//! The care-team directory a participant sees on their page of a case: who
//! is involved, their role in plain words, organisation, how to reach them,
//! and who coordinates. What the professionals lacked most; and, for the
//! employer, a place where a psychiatrist's name would say too much. One
//! pure rule decides who appears in whose directory, so the participant's
//! page and the worker's preview cannot differ.

use super::ids::stable_ids;
use super::{Contact, ParticipantId, Role, World};
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
/// from them (`hidden` holds (viewer, hidden) pairs); coordinator first.
pub fn directory(
    viewer: ParticipantId,
    team: &[Member],
    hidden: &[(ParticipantId, ParticipantId)],
    for_employer: CoordinatorContact,
) -> Vec<DirectoryEntry> {
    let Some(me) = team.iter().find(|m| m.id == viewer) else { return Vec::new() };
    let mut out: Vec<DirectoryEntry> = team
        .iter()
        .filter(|m| listed_by_default(me, m))
        .filter(|m| m.id == me.id || !hidden.contains(&(me.id, m.id)))
        .map(|m| {
            let curative_for_employer =
                me.role == Role::Employer && m.id != me.id && m.role.world() == World::CurativeCare;
            let listing = if curative_for_employer {
                let c = &m.contact;
                let (email, phone) = match for_employer {
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
            DirectoryEntry { id: m.id, listing, coordinator: m.coordinator, you: m.id == me.id }
        })
        .collect();
    out.sort_by_key(|e| (!e.coordinator, e.you));
    out
}

/// One person the worker may show in or hide from a viewer's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: ParticipantId,
    pub name: String,
    pub role: Role,
    pub shown: bool,
}

/// The worker's settings of one participant's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectorySettings {
    pub viewer: ParticipantId,
    pub viewer_role: Role,
    /// Everyone the default rule lists for the viewer (not themselves).
    pub candidates: Vec<Candidate>,
    /// What an employer is shown of a coordinator in curative care.
    pub coordinator_contact: CoordinatorContact,
    /// Whether that choice matters for this viewer: an employer, and the
    /// coordinator is in curative care.
    pub asks_contact: bool,
}

impl DirectorySettings {
    /// The settings for `viewer` from the team, the hidden pairs and the contact choice.
    pub fn of(
        viewer: ParticipantId,
        team: &[Member],
        hidden: &[(ParticipantId, ParticipantId)],
        contact: CoordinatorContact,
    ) -> Option<Self> {
        let me = team.iter().find(|m| m.id == viewer)?;
        let candidates = team
            .iter()
            .filter(|m| m.id != viewer && listed_by_default(me, m))
            .map(|m| Candidate {
                id: m.id,
                name: m.contact.name.clone(),
                role: m.role,
                shown: !hidden.contains(&(viewer, m.id)),
            })
            .collect();
        let asks_contact =
            me.role == Role::Employer && team.iter().any(|m| m.coordinator && m.role.world() == World::CurativeCare);
        Some(DirectorySettings { viewer, viewer_role: me.role, candidates, coordinator_contact: contact, asks_contact })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn ids(d: &[DirectoryEntry]) -> Vec<i64> {
        d.iter().map(|e| e.id.0).collect()
    }

    #[test]
    fn care_professionals_see_each_other_and_not_the_employer() {
        let d = directory(ParticipantId(2), &team(), &[], CoordinatorContact::Nothing);
        assert_eq!(ids(&d), vec![1, 4, 2], "the coordinator first, the reader last");
        assert!(d.iter().all(|e| matches!(e.listing, Listing::Named { .. })));
    }

    #[test]
    fn an_employer_sees_a_curative_coordinator_only_as_a_coordinator() {
        let d = directory(ParticipantId(3), &team(), &[], CoordinatorContact::Nothing);
        assert_eq!(ids(&d), vec![1, 3]);
        assert_eq!(d[0].listing, Listing::CareCoordinator { email: None, phone: None });
        let text = format!("{d:?}");
        for leak in ["Person 1", "Mind Clinic", "Psychiatrist", "p1@example.com"] {
            assert!(!text.contains(leak), "{leak} reaches the employer");
        }
        let d = directory(ParticipantId(3), &team(), &[], CoordinatorContact::Email);
        assert_eq!(d[0].listing, Listing::CareCoordinator { email: Some("p1@example.com".into()), phone: None });
    }

    #[test]
    fn an_occupational_coordinator_is_named_to_the_employer() {
        let mut t = team();
        t[0].coordinator = false;
        t[1].coordinator = true;
        let d = directory(ParticipantId(3), &t, &[], CoordinatorContact::Nothing);
        assert_eq!(ids(&d), vec![2, 3]);
        assert!(matches!(d[0].listing, Listing::Named { role: Role::OccupationalPhysician, .. }));
    }

    #[test]
    fn the_worker_hides_anyone_from_anyone_but_themselves() {
        let hidden = [(ParticipantId(2), ParticipantId(1)), (ParticipantId(2), ParticipantId(2))];
        let d = directory(ParticipantId(2), &team(), &hidden, CoordinatorContact::Nothing);
        assert_eq!(ids(&d), vec![4, 2]);
        let d = directory(ParticipantId(3), &team(), &[(ParticipantId(3), ParticipantId(1))], CoordinatorContact::Both);
        assert_eq!(ids(&d), vec![3]);
    }
}
