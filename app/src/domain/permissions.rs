//! Who may do what: one table over every operation of every area. The
//! server's `authorize` asks `permitted` and nothing else decides; a new
//! operation does not compile until it has a row in `audience`.

use super::ids::stable_ids;
use super::{Category, Role};

stable_ids! {
    /// Everything anyone can do with a case. The id is what the access log
    /// stores and what the worker's "Who looked at my information" translates.
    pub enum Operation {
        // Case and team.
        ReadCase = "read_case",
        StartCase = "start_case",
        ChangeDates = "change_dates",
        AddParticipant = "add_participant",
        ChangeContact = "change_contact",
        RemoveParticipant = "remove_participant",
        SetCoordinator = "set_coordinator",
        // Sharing.
        Grant = "grant",
        Revoke = "revoke",
        SetProtection = "set_protection",
        /// The worker looks at exactly what a participant would see now.
        Preview = "preview",
        ReadHistory = "read_history",
        // Activity.
        ReadAccessLog = "read_access_log",
        // What a participant sees.
        /// A participant learns that they are invited (their list of cases).
        SeeInvitation = "see_invitation",
        /// A participant opens the case.
        ViewShared = "view_case",
        /// One category a participant saw on opening the case.
        ViewCategory = "view_category",
    }
}

/// Who is asking, as far as one case is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The worker whose case it is.
    Worker,
    /// A current member of the case's care team.
    Participant(Role),
    /// Signed in, but not in this case (another worker, a removed participant).
    Outsider,
    /// Nobody signed in.
    SignedOut,
}

impl Actor {
    /// What the access log records as the actor's role.
    pub fn id(self) -> &'static str {
        match self {
            Actor::Worker => "worker",
            Actor::Participant(role) => role.id(),
            Actor::Outsider => "none",
            Actor::SignedOut => "signed_out",
        }
    }
}

/// Who an operation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Only the worker whose case it is.
    Worker,
    /// Any current participant of the case.
    Participants,
    /// A participant, for a category the rule `visible` lets them see now.
    ParticipantsSeeing,
}

/// The table: each operation's audience.
pub const fn audience(op: Operation) -> Audience {
    use Operation::*;
    match op {
        ReadCase | StartCase | ChangeDates | AddParticipant | ChangeContact | RemoveParticipant | SetCoordinator => {
            Audience::Worker
        }
        Grant | Revoke | SetProtection | Preview | ReadHistory => Audience::Worker,
        ReadAccessLog => Audience::Worker,
        SeeInvitation | ViewShared => Audience::Participants,
        ViewCategory => Audience::ParticipantsSeeing,
    }
}

/// Whether `actor` may perform `op`. `category` is the category the
/// operation is about (if any) and `sees` what the rule `visible` lets the
/// actor see now; both matter only for category-bound operations.
pub fn permitted(actor: Actor, op: Operation, category: Option<Category>, sees: &[Category]) -> bool {
    match (audience(op), actor) {
        (Audience::Worker, Actor::Worker) => true,
        (Audience::Worker, Actor::Participant(_) | Actor::Outsider | Actor::SignedOut) => false,
        (Audience::Participants, Actor::Participant(_)) => true,
        (Audience::Participants, Actor::Worker | Actor::Outsider | Actor::SignedOut) => false,
        // The employer ceiling holds here too, whatever `sees` says.
        (Audience::ParticipantsSeeing, Actor::Participant(role)) => {
            category.is_some_and(|c| sees.contains(&c) && role.may_receive(c))
        }
        (Audience::ParticipantsSeeing, Actor::Worker | Actor::Outsider | Actor::SignedOut) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors() -> Vec<Actor> {
        let mut all = vec![Actor::Worker, Actor::Outsider, Actor::SignedOut];
        all.extend(Role::ALL.iter().map(|r| Actor::Participant(*r)));
        all
    }

    /// The table written out by hand: which operations each kind of actor
    /// may perform (category-bound ones with everything visible).
    #[test]
    fn the_table_as_people_read_it() {
        use Operation::*;
        let worker_ops = [
            ReadCase,
            StartCase,
            ChangeDates,
            AddParticipant,
            ChangeContact,
            RemoveParticipant,
            SetCoordinator,
            Grant,
            Revoke,
            SetProtection,
            Preview,
            ReadHistory,
            ReadAccessLog,
        ];
        let participant_ops = [SeeInvitation, ViewShared, ViewCategory];
        assert_eq!(worker_ops.len() + participant_ops.len(), Operation::ALL.len(), "every operation is listed");
        for actor in actors() {
            for &op in Operation::ALL {
                let may = permitted(actor, op, Some(Category::Adjustments), &[Category::Adjustments]);
                let expected = match actor {
                    Actor::Worker => worker_ops.contains(&op),
                    Actor::Participant(_) => participant_ops.contains(&op),
                    Actor::Outsider | Actor::SignedOut => false,
                };
                assert_eq!(may, expected, "{actor:?} {op}");
            }
        }
    }

    #[test]
    fn a_category_is_seen_only_when_visible() {
        let gp = Actor::Participant(Role::Gp);
        assert!(permitted(gp, Operation::ViewCategory, Some(Category::Diagnosis), &[Category::Diagnosis]));
        assert!(!permitted(gp, Operation::ViewCategory, Some(Category::Diagnosis), &[Category::Absence]));
        assert!(!permitted(gp, Operation::ViewCategory, None, &[Category::Absence]));
    }

    #[test]
    fn the_employer_sees_adjustments_and_nothing_else_whatever_is_visible() {
        let boss = Actor::Participant(Role::Employer);
        for &c in Category::ALL {
            let may = permitted(boss, Operation::ViewCategory, Some(c), Category::ALL);
            assert_eq!(may, c == Category::Adjustments, "{c}");
        }
    }

    #[test]
    fn nobody_outside_the_case_may_do_anything() {
        for &op in Operation::ALL {
            for actor in [Actor::Outsider, Actor::SignedOut] {
                assert!(!permitted(actor, op, Some(Category::Absence), Category::ALL), "{actor:?} {op}");
            }
        }
    }

    #[test]
    fn log_ids_are_stable() {
        // Stored in the hash-chained log: changing one would orphan old rows.
        assert_eq!(Operation::ViewShared.id(), "view_case");
        assert_eq!(Operation::ViewCategory.id(), "view_category");
        assert_eq!(Operation::ReadAccessLog.id(), "read_access_log");
        let mut ids: Vec<_> = Operation::ALL.iter().map(|o| o.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Operation::ALL.len());
    }
}
