//! Who may do what: one table over every operation of every area. The
//! server's `authorize` asks `permitted` and nothing else decides; a new
//! operation does not compile until it has a row in `audience`.

use super::ids::stable_ids;
use super::{Category, Role, World};

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
        /// A concern shared with a clinician by name, seen on opening the case.
        ViewConcern = "view_concern",
        // Work: adjustments.
        ReadWork = "read_work",
        /// Writes or changes a draft.
        WriteAdjustment = "write_adjustment",
        SendAdjustment = "send_adjustment",
        /// The worker confirms an agreement the occupational physician recorded.
        ConfirmAdjustment = "confirm_adjustment",
        /// The employer agrees or answers "not possible".
        AnswerAdjustment = "answer_adjustment",
        MarkInPlace = "mark_in_place",
        /// The occupational physician records an agreement reached in a meeting.
        RecordAgreement = "record_agreement",
        EndAdjustment = "end_adjustment",
        // Concerns.
        ReadConcerns = "read_concerns",
        WriteConcern = "write_concern",
        ShareConcern = "share_concern",
        SetDisclosurePlan = "set_disclosure_plan",
        /// The portal itself sent a review reminder (read the adjustment).
        RemindReview = "remind_review",
        // Referrals.
        /// Proposes that another professional takes the worker on.
        Refer = "refer",
        /// The worker reads every referral of their case.
        ReadReferrals = "read_referrals",
        /// A care professional reads the referrals from or to them.
        SeeReferrals = "see_referrals",
        /// The worker approves (perhaps narrowed) or declines a referral.
        AnswerReferral = "answer_referral",
        /// The recipient accepts or declines a referral to them.
        TakeReferral = "take_referral",
        /// Someone signed in follows a referral link (only its recipient gets in).
        OpenReferralLink = "open_referral_link",
        // Information requests.
        /// A care professional asks the worker for information.
        RequestInformation = "request_information",
        /// The worker reads every request of their case.
        ReadRequests = "read_requests",
        /// A care professional reads their own requests.
        SeeRequests = "see_requests",
        /// The worker approves (perhaps narrowed) or declines a request.
        AnswerRequest = "answer_request",
        // The care-team directory.
        /// The worker reads whom a participant's directory lists.
        ReadDirectory = "read_directory",
        /// The worker shows or hides people in a participant's directory.
        SetDirectory = "set_directory",
        // Live updates.
        /// An open page follows the case's changes (told only "changed").
        FollowCase = "follow_case",
        // Notes.
        /// A care professional seeing `notes` writes one to another.
        WriteNote = "write_note",
        /// The worker reads every note about them.
        ReadNotes = "read_notes",
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
    /// A participant whose role may ever receive this category (the
    /// employer ceiling), for what the worker shared with them by name.
    ParticipantsReceiving(Category),
    /// A participant of this role while they see this category.
    RoleSeeing(Role, Category),
    /// The worker, or a participant of this role while they see this category.
    WorkerOrRoleSeeing(Role, Category),
    /// The worker, or any current participant.
    WorkerOrParticipants,
    /// The worker, or a current participant while they see something.
    WorkerOrParticipantsSeeingAny,
    /// A care professional while they see this category.
    CareProfessionalsSeeing(Category),
    /// A participant in curative or work-focused care (never the workplace).
    CareProfessionals,
    /// The worker, or a care professional.
    WorkerOrCareProfessionals,
    /// Done by the portal itself (a reminder on its date), never by a request.
    Nobody,
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
        ViewConcern => Audience::ParticipantsReceiving(Category::Stigma),
        ReadWork | WriteAdjustment | SendAdjustment | ConfirmAdjustment => Audience::Worker,
        AnswerAdjustment | MarkInPlace => Audience::RoleSeeing(Role::Employer, Category::Adjustments),
        RecordAgreement => Audience::RoleSeeing(Role::OccupationalPhysician, Category::Adjustments),
        EndAdjustment => Audience::WorkerOrRoleSeeing(Role::Employer, Category::Adjustments),
        ReadConcerns | WriteConcern | ShareConcern | SetDisclosurePlan => Audience::Worker,
        RemindReview => Audience::Nobody,
        Refer => Audience::WorkerOrCareProfessionals,
        ReadReferrals | AnswerReferral => Audience::Worker,
        SeeReferrals | TakeReferral | OpenReferralLink => Audience::CareProfessionals,
        ReadRequests | AnswerRequest => Audience::Worker,
        RequestInformation | SeeRequests => Audience::CareProfessionals,
        ReadDirectory | SetDirectory => Audience::Worker,
        // A participant follows only while something is shared with them:
        // losing every grant ends their open page's stream.
        FollowCase => Audience::WorkerOrParticipantsSeeingAny,
        WriteNote => Audience::CareProfessionalsSeeing(Category::Notes),
        ReadNotes => Audience::Worker,
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
        (Audience::WorkerOrParticipants, Actor::Worker | Actor::Participant(_)) => true,
        (Audience::WorkerOrParticipants, Actor::Outsider | Actor::SignedOut) => false,
        (Audience::WorkerOrParticipantsSeeingAny, Actor::Worker) => true,
        (Audience::WorkerOrParticipantsSeeingAny, Actor::Participant(_)) => !sees.is_empty(),
        (Audience::WorkerOrParticipantsSeeingAny, Actor::Outsider | Actor::SignedOut) => false,
        (Audience::CareProfessionalsSeeing(c), Actor::Participant(role)) => {
            role.world() != World::Workplace && sees.contains(&c) && role.may_receive(c)
        }
        (Audience::CareProfessionalsSeeing(_), Actor::Worker | Actor::Outsider | Actor::SignedOut) => false,
        // The employer ceiling holds here too, whatever `sees` says.
        (Audience::ParticipantsSeeing, Actor::Participant(role)) => {
            category.is_some_and(|c| sees.contains(&c) && role.may_receive(c))
        }
        (Audience::ParticipantsSeeing, Actor::Worker | Actor::Outsider | Actor::SignedOut) => false,
        (Audience::ParticipantsReceiving(c), Actor::Participant(role)) => role.may_receive(c),
        (Audience::ParticipantsReceiving(_), Actor::Worker | Actor::Outsider | Actor::SignedOut) => false,
        (Audience::RoleSeeing(r, c) | Audience::WorkerOrRoleSeeing(r, c), Actor::Participant(role)) => {
            role == r && sees.contains(&c) && role.may_receive(c)
        }
        (Audience::WorkerOrRoleSeeing(..), Actor::Worker) => true,
        (Audience::RoleSeeing(..), Actor::Worker) => false,
        (Audience::RoleSeeing(..) | Audience::WorkerOrRoleSeeing(..), Actor::Outsider | Actor::SignedOut) => false,
        (Audience::CareProfessionals | Audience::WorkerOrCareProfessionals, Actor::Participant(role)) => {
            role.world() != World::Workplace
        }
        (Audience::WorkerOrCareProfessionals, Actor::Worker) => true,
        (Audience::CareProfessionals, Actor::Worker) => false,
        (Audience::CareProfessionals | Audience::WorkerOrCareProfessionals, Actor::Outsider | Actor::SignedOut) => {
            false
        }
        (Audience::Nobody, _) => false,
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
            ReadWork,
            WriteAdjustment,
            SendAdjustment,
            ConfirmAdjustment,
            EndAdjustment,
            ReadConcerns,
            WriteConcern,
            ShareConcern,
            SetDisclosurePlan,
            Refer,
            ReadReferrals,
            AnswerReferral,
            ReadRequests,
            AnswerRequest,
            ReadDirectory,
            SetDirectory,
            FollowCase,
            ReadNotes,
        ];
        let participant_ops = [SeeInvitation, ViewShared, ViewCategory, FollowCase];
        let clinician_ops =
            [ViewConcern, Refer, SeeReferrals, TakeReferral, OpenReferralLink, RequestInformation, SeeRequests];
        let employer_ops = [AnswerAdjustment, MarkInPlace, EndAdjustment];
        let occupational_physician_ops = [RecordAgreement];
        let portal_ops = [RemindReview];
        // Needs `notes` in what the actor sees: checked in its own test.
        let notes_ops = [WriteNote];
        let listed = [
            &notes_ops[..],
            &worker_ops[..],
            &participant_ops,
            &clinician_ops,
            &employer_ops,
            &occupational_physician_ops,
            &portal_ops,
        ];
        let mut all: Vec<_> = listed.concat();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), Operation::ALL.len(), "every operation is listed");
        for actor in actors() {
            for &op in Operation::ALL {
                let may = permitted(actor, op, Some(Category::Adjustments), &[Category::Adjustments]);
                let expected = match actor {
                    Actor::Worker => worker_ops.contains(&op),
                    Actor::Participant(Role::Employer) => participant_ops.contains(&op) || employer_ops.contains(&op),
                    Actor::Participant(Role::OccupationalPhysician) => {
                        participant_ops.contains(&op)
                            || clinician_ops.contains(&op)
                            || occupational_physician_ops.contains(&op)
                    }
                    Actor::Participant(_) => participant_ops.contains(&op) || clinician_ops.contains(&op),
                    Actor::Outsider | Actor::SignedOut => false,
                };
                assert_eq!(may, expected, "{actor:?} {op}");
            }
        }
    }

    #[test]
    fn acting_on_adjustments_needs_the_adjustments_grant_in_force() {
        let boss = Actor::Participant(Role::Employer);
        let op = Actor::Participant(Role::OccupationalPhysician);
        for o in [Operation::AnswerAdjustment, Operation::MarkInPlace, Operation::EndAdjustment] {
            assert!(permitted(boss, o, None, &[Category::Adjustments]), "{o}");
            assert!(!permitted(boss, o, None, &[]), "{o} without the grant");
        }
        assert!(permitted(op, Operation::RecordAgreement, None, &[Category::Adjustments]));
        assert!(!permitted(op, Operation::RecordAgreement, None, &[Category::WorkAbility]));
        // The worker may end their own adjustment whatever is granted.
        assert!(permitted(Actor::Worker, Operation::EndAdjustment, None, &[]));
    }

    #[test]
    fn an_employer_neither_refers_nor_reads_referrals() {
        let boss = Actor::Participant(Role::Employer);
        for op in [
            Operation::Refer,
            Operation::SeeReferrals,
            Operation::TakeReferral,
            Operation::OpenReferralLink,
            Operation::RequestInformation,
            Operation::SeeRequests,
        ] {
            assert!(!permitted(boss, op, None, Category::ALL), "{op}");
            assert!(permitted(Actor::Participant(Role::Psychiatrist), op, None, &[]), "{op}");
        }
        assert!(!permitted(Actor::Participant(Role::Psychiatrist), Operation::AnswerReferral, None, Category::ALL));
    }

    #[test]
    fn a_participant_follows_a_case_only_while_seeing_something() {
        for &role in Role::ALL {
            let p = Actor::Participant(role);
            assert!(permitted(p, Operation::FollowCase, None, &[Category::Adjustments]), "{role:?}");
            assert!(!permitted(p, Operation::FollowCase, None, &[]), "{role:?} with nothing shared");
        }
        assert!(permitted(Actor::Worker, Operation::FollowCase, None, &[]));
    }

    #[test]
    fn a_note_is_written_by_a_care_professional_seeing_notes() {
        let notes = [Category::Notes];
        assert!(permitted(Actor::Participant(Role::Psychiatrist), Operation::WriteNote, None, &notes));
        assert!(!permitted(Actor::Participant(Role::Psychiatrist), Operation::WriteNote, None, &[Category::Absence]));
        assert!(!permitted(Actor::Participant(Role::Employer), Operation::WriteNote, None, &notes));
        assert!(!permitted(Actor::Worker, Operation::WriteNote, None, &notes));
    }

    #[test]
    fn no_concern_reaches_an_employer() {
        let boss = Actor::Participant(Role::Employer);
        assert!(!permitted(boss, Operation::ViewConcern, None, Category::ALL));
        assert!(!permitted(boss, Operation::ViewCategory, Some(Category::Stigma), Category::ALL));
        assert!(permitted(Actor::Participant(Role::Psychologist), Operation::ViewConcern, None, &[]));
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
