//! Who may do what: one table over every operation of every area. The
//! server's `authorize` asks `permitted` and nothing else decides; a new
//! operation does not compile until it has a row in `audience`.

use super::ids::stable_ids;
use super::{Category, Party, Responsible, Role, StatementKind, World};

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
        /// The worker makes a join code to show at an appointment.
        ShowJoinCode = "show_join_code",
        /// The worker reads her code of the moment and where it stands.
        ReadJoinCodes = "read_join_codes",
        /// Someone signed in enters a join code the worker showed.
        EnterJoinCode = "enter_join_code",
        /// The worker confirms (or not) the person who entered it.
        AnswerJoin = "answer_join",
        /// Back at work: the worker closes the case on a day.
        CloseCase = "close_case",
        /// The worker opens a closed case again (with nothing shared).
        ReopenCase = "reopen_case",
        // Sharing.
        Grant = "grant",
        Revoke = "revoke",
        SetProtection = "set_protection",
        /// The worker marks a participant as mental-health care (or not).
        MarkMentalHealthCare = "mark_mental_health_care",
        /// The worker looks at exactly what a participant would see now.
        Preview = "preview",
        ReadHistory = "read_history",
        // Activity.
        ReadAccessLog = "read_access_log",
        // The record.
        /// The worker downloads everything the case holds (JSON or FHIR).
        ExportRecord = "export_record",
        /// The worker asks for her case to be erased after the grace period.
        AskErasure = "ask_erasure",
        /// The worker keeps her case after all (within the grace period).
        CancelErasure = "cancel_erasure",
        /// The portal erases a case whose grace period is over.
        EraseCase = "erase_case",
        /// The worker reads her adjustment passport.
        ReadPassport = "read_passport",
        /// The worker sends her passport to a new manager by e-mail.
        SharePassport = "share_passport",
        /// The worker takes a passport link back.
        RevokePassport = "revoke_passport",
        /// The new manager opens the passport through the link.
        ViewPassport = "view_passport",
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
        /// The worker or the employer records a review (kept or changed,
        /// and the next review date).
        ReviewAdjustment = "review_adjustment",
        /// The worker deletes a draft nobody else has seen.
        DeleteDraft = "delete_draft",
        // Concerns.
        ReadConcerns = "read_concerns",
        WriteConcern = "write_concern",
        ShareConcern = "share_concern",
        SetDisclosurePlan = "set_disclosure_plan",
        /// The worker deletes one of their concerns.
        DeleteConcern = "delete_concern",
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
        /// The worker sends a new link for a referral whose link ran out.
        RenewReferral = "renew_referral",
        // Information requests.
        /// A care professional asks the worker for information.
        RequestInformation = "request_information",
        /// The worker reads every request of their case.
        ReadRequests = "read_requests",
        /// A care professional reads their own requests.
        SeeRequests = "see_requests",
        /// The worker approves (perhaps narrowed) or declines a request.
        AnswerRequest = "answer_request",
        /// The portal told the worker and the asker that a request lapsed unanswered.
        LapseRequest = "lapse_request",
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
        // Statements: what the care team writes about the worker.
        WriteWorkAbility = "write_work_ability",
        WriteTreatment = "write_treatment",
        WriteDiagnosis = "write_diagnosis",
        /// The worker reads everything written about them.
        ReadStatements = "read_statements",
        /// The worker adds their own view to an entry.
        AddOwnView = "add_own_view",
        /// The worker turns an advice item into an adjustment draft.
        AdoptAdvice = "adopt_advice",
        /// A professional reads what they wrote themselves (while on the team).
        ReadOwnStatements = "read_own_statements",
        // The road back: the timeline and the plan of action.
        /// The worker reads the whole road.
        ReadTimeline = "read_timeline",
        /// Someone marks a milestone of theirs done (`marks`).
        MarkMilestone = "mark_milestone",
        /// The portal reminded the responsible of a milestone due or passed.
        RemindMilestone = "remind_milestone",
        /// The portal computed every due date again (the start date changed).
        RecomputeTimeline = "recompute_timeline",
        ReadPlan = "read_plan",
        /// A party writes a new version of the plan of action (and agrees to it).
        WritePlan = "write_plan",
        AgreePlan = "agree_plan",
        /// A progress evaluation on the plan.
        EvaluatePlan = "evaluate_plan",
    }
}

impl Operation {
    /// Writing an entry of `kind`.
    pub const fn write(kind: StatementKind) -> Operation {
        match kind {
            StatementKind::WorkAbility => Operation::WriteWorkAbility,
            StatementKind::Treatment => Operation::WriteTreatment,
            StatementKind::Diagnosis => Operation::WriteDiagnosis,
        }
    }
}

/// Who writes what the care team knows, and why those roles:
/// - work ability: the work-focused roles, whose job it is (the Dutch
///   problem analysis and FML, the Finnish work-ability statement, the
///   physiotherapist's functional assessment), and the physicians in
///   curative care who certify fitness for work (the UK fit note, the
///   Finnish B statement); not a psychologist, who certifies no sick
///   leave in these countries, nor the employer;
/// - treatment: those who treat: curative care and the occupational
///   physiotherapist (an occupational or insurance physician assesses, and
///   does not treat);
/// - diagnosis: physicians only.
pub const fn writes(role: Role, kind: StatementKind) -> bool {
    use Role::*;
    match kind {
        StatementKind::WorkAbility => matches!(
            role,
            OccupationalPhysician
                | OccupationalPhysiotherapist
                | InsurancePhysician
                | Gp
                | Psychiatrist
                | MedicalSpecialist
        ),
        StatementKind::Treatment => {
            matches!(role, Gp | Psychiatrist | Psychologist | MedicalSpecialist | OccupationalPhysiotherapist)
        }
        StatementKind::Diagnosis => {
            matches!(role, Gp | Psychiatrist | MedicalSpecialist | OccupationalPhysician | InsurancePhysician)
        }
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
    /// A participant whose role writes entries of this kind (`writes`).
    Authors(StatementKind),
    /// The worker, or a participant of one of these roles while they see this category.
    WorkerOrRolesSeeing(&'static [Role], Category),
    /// Signed in and not in the case: someone holding a code the worker
    /// showed them (`services/joining.rs` finds the case by the code).
    Newcomers,
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
        CloseCase | ReopenCase => Audience::Worker,
        ShowJoinCode | ReadJoinCodes | AnswerJoin => Audience::Worker,
        EnterJoinCode => Audience::Newcomers,
        Grant | Revoke | SetProtection | MarkMentalHealthCare | Preview | ReadHistory => Audience::Worker,
        ReadAccessLog => Audience::Worker,
        ExportRecord | AskErasure | CancelErasure => Audience::Worker,
        EraseCase => Audience::Nobody,
        // Back at work, the passport goes to a new manager: it stays hers
        // to read and send on a closed case.
        ReadPassport | SharePassport | RevokePassport => Audience::Worker,
        // Nobody in the case: only the holder of a live link, signed in with
        // its address (`services/record/passport.rs`, logged there).
        ViewPassport => Audience::Nobody,
        SeeInvitation | ViewShared => Audience::Participants,
        ViewCategory => Audience::ParticipantsSeeing,
        ViewConcern => Audience::ParticipantsReceiving(Category::Stigma),
        ReadWork | WriteAdjustment | SendAdjustment | ConfirmAdjustment | DeleteDraft => Audience::Worker,
        AnswerAdjustment | MarkInPlace => Audience::RoleSeeing(Role::Employer, Category::Adjustments),
        RecordAgreement => Audience::RoleSeeing(Role::OccupationalPhysician, Category::Adjustments),
        // Both sides of an agreement end it and review it.
        EndAdjustment | ReviewAdjustment => Audience::WorkerOrRoleSeeing(Role::Employer, Category::Adjustments),
        ReadConcerns | WriteConcern | ShareConcern | SetDisclosurePlan | DeleteConcern => Audience::Worker,
        RemindReview | LapseRequest => Audience::Nobody,
        Refer => Audience::WorkerOrCareProfessionals,
        ReadReferrals | AnswerReferral | RenewReferral => Audience::Worker,
        SeeReferrals | TakeReferral | OpenReferralLink => Audience::CareProfessionals,
        ReadRequests | AnswerRequest => Audience::Worker,
        RequestInformation | SeeRequests => Audience::CareProfessionals,
        ReadDirectory | SetDirectory => Audience::Worker,
        // A participant follows only while something is shared with them:
        // losing every grant ends their open page's stream.
        FollowCase => Audience::WorkerOrParticipantsSeeingAny,
        WriteNote => Audience::CareProfessionalsSeeing(Category::Notes),
        ReadNotes => Audience::Worker,
        WriteWorkAbility => Audience::Authors(StatementKind::WorkAbility),
        WriteTreatment => Audience::Authors(StatementKind::Treatment),
        WriteDiagnosis => Audience::Authors(StatementKind::Diagnosis),
        ReadStatements | AddOwnView | AdoptAdvice => Audience::Worker,
        ReadOwnStatements => Audience::CareProfessionals,
        ReadTimeline => Audience::Worker,
        // Each person marks only their own milestones: `marks` decides which.
        MarkMilestone => Audience::WorkerOrParticipants,
        RemindMilestone | RecomputeTimeline => Audience::Nobody,
        // The plan is the worker's and the employer's, and rides on what
        // they share about work: the employer's adjustments grant. The
        // occupational physician is invited on the same grant.
        ReadPlan | EvaluatePlan => Audience::WorkerOrRolesSeeing(PLAN_READERS, Category::Adjustments),
        WritePlan | AgreePlan => Audience::WorkerOrRoleSeeing(Role::Employer, Category::Adjustments),
    }
}

/// What may still be done on a closed case, besides what `audience`
/// allows: the worker reads everything, tidies what is private and
/// reopens; a participant learns only that the case is closed (their list
/// and the case page saying so). Nothing is written, shared or reminded.
pub const fn while_closed(actor: Actor, op: Operation) -> bool {
    use Operation::*;
    match actor {
        Actor::Worker => match op {
            ReadCase | Preview | ReadHistory | ReadAccessLog | ExportRecord | AskErasure | CancelErasure
            | ReadPassport | SharePassport | RevokePassport | ReadWork | ReadConcerns | ReadReferrals
            | ReadRequests | ReadDirectory | FollowCase | ReadNotes | ReadStatements | ReadTimeline | ReadPlan
            | ReadJoinCodes | DeleteDraft | DeleteConcern | ReopenCase => true,
            StartCase | ChangeDates | AddParticipant | ChangeContact | RemoveParticipant | SetCoordinator
            | ShowJoinCode | EnterJoinCode | AnswerJoin | CloseCase | Grant | Revoke | SetProtection
            | MarkMentalHealthCare | SeeInvitation | ViewShared | ViewCategory | ViewConcern | WriteAdjustment
            | SendAdjustment | ConfirmAdjustment | AnswerAdjustment | MarkInPlace | RecordAgreement | EndAdjustment
            | ReviewAdjustment | WriteConcern | ShareConcern | SetDisclosurePlan | RemindReview | Refer
            | SeeReferrals | AnswerReferral | TakeReferral | OpenReferralLink | RenewReferral | RequestInformation
            | SeeRequests | AnswerRequest | LapseRequest | SetDirectory | WriteNote | WriteWorkAbility
            | WriteTreatment | WriteDiagnosis | AddOwnView | AdoptAdvice | ReadOwnStatements | MarkMilestone
            | RemindMilestone | RecomputeTimeline | WritePlan | AgreePlan | EvaluatePlan | EraseCase | ViewPassport => {
                false
            }
        },
        Actor::Participant(_) => matches!(op, SeeInvitation | ViewShared | FollowCase),
        Actor::Outsider | Actor::SignedOut => false,
    }
}

/// Who reads the plan of action besides the worker.
const PLAN_READERS: &[Role] = &[Role::Employer, Role::OccupationalPhysician];

/// The party an actor is to the plan of action (who writes and agrees).
pub fn plan_party(actor: Actor) -> Option<Party> {
    match actor {
        Actor::Worker => Some(Party::Worker),
        Actor::Participant(Role::Employer) => Some(Party::Employer),
        Actor::Participant(_) | Actor::Outsider | Actor::SignedOut => None,
    }
}

/// How much of the road back a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoadScope {
    Nothing,
    /// The employer's own milestones, with dates and status.
    EmployersPart,
    Whole,
}

/// The road is absence information: the worker sees all of it, a care
/// professional all of it while they see `absence`, and the employer their
/// own part while they see `adjustments` (their duties in law; never a
/// clinical milestone).
pub fn road_scope(actor: Actor, sees: &[Category]) -> RoadScope {
    match actor {
        Actor::Worker => RoadScope::Whole,
        Actor::Participant(Role::Employer) if sees.contains(&Category::Adjustments) => RoadScope::EmployersPart,
        Actor::Participant(role) if role.world() != World::Workplace && sees.contains(&Category::Absence) => {
            RoadScope::Whole
        }
        Actor::Participant(_) | Actor::Outsider | Actor::SignedOut => RoadScope::Nothing,
    }
}

/// Whether `actor` marks a milestone `responsible` is responsible for done:
/// the worker their own, each professional theirs while the road is theirs
/// to see, the coordinator what falls to the coordinator.
pub fn marks(actor: Actor, responsible: Responsible, coordinator: bool, sees: &[Category]) -> bool {
    let road = road_scope(actor, sees) != RoadScope::Nothing;
    match (actor, responsible) {
        (Actor::Worker, Responsible::Worker) => true,
        (Actor::Participant(Role::Employer), Responsible::Employer) => road,
        (Actor::Participant(Role::OccupationalPhysician), Responsible::OccupationalPhysician) => road,
        (Actor::Participant(Role::InsurancePhysician), Responsible::InsurancePhysician) => road,
        (Actor::Participant(role), Responsible::Coordinator) => coordinator && road && role != Role::Employer,
        _ => false,
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
        (Audience::Authors(kind), Actor::Participant(role)) => writes(role, kind),
        (Audience::Authors(_), Actor::Worker | Actor::Outsider | Actor::SignedOut) => false,
        (Audience::WorkerOrRolesSeeing(..), Actor::Worker) => true,
        (Audience::WorkerOrRolesSeeing(roles, c), Actor::Participant(role)) => {
            roles.contains(&role) && sees.contains(&c) && role.may_receive(c)
        }
        (Audience::WorkerOrRolesSeeing(..), Actor::Outsider | Actor::SignedOut) => false,
        (Audience::Newcomers, Actor::Outsider) => true,
        (Audience::Newcomers, Actor::Worker | Actor::Participant(_) | Actor::SignedOut) => false,
        (Audience::Nobody, _) => false,
    }
}

/// Where a participant stands when the question is whether they may learn
/// that mental-health care is involved (`sharing::may_learn_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// A psychiatrist or psychologist, or someone the worker marked so.
    MentalHealthCare,
    /// Named by the worker in the mental-health switch.
    Named,
    /// Any other care professional.
    Unnamed,
    /// The employer: never, whatever the switch names.
    Workplace,
}

/// The table's row for learning that a mental-health professional is
/// involved (their name, role, organisation, contact, what they wrote or
/// referred), by the switch and the viewer's standing. With the switch off
/// nothing is held back here and the directory's own rule decides (which
/// shows an employer curative care only as "your employee's care
/// coordinator").
pub const fn learns_of_mental_health_care(switch_on: bool, viewer: Standing) -> bool {
    match (switch_on, viewer) {
        (false, _) => true,
        (true, Standing::MentalHealthCare | Standing::Named) => true,
        (true, Standing::Unnamed | Standing::Workplace) => false,
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

    /// A closed case: the worker reads and reopens, writes nothing new and
    /// shares nothing; a participant sees only that it is closed.
    #[test]
    fn a_closed_case_is_read_and_reopened_only() {
        use Operation::*;
        for op in [ReadCase, ReadAccessLog, ExportRecord, ReadStatements, ReadWork, ReopenCase, DeleteConcern] {
            assert!(while_closed(Actor::Worker, op), "{op}");
        }
        for op in [Grant, AddParticipant, SendAdjustment, Refer, CloseCase, WritePlan, MarkMilestone] {
            assert!(!while_closed(Actor::Worker, op), "{op}");
        }
        for role in Role::ALL {
            let p = Actor::Participant(*role);
            for &op in Operation::ALL {
                assert_eq!(while_closed(p, op), matches!(op, SeeInvitation | ViewShared | FollowCase), "{role} {op}");
            }
        }
        for &op in Operation::ALL {
            assert!(!while_closed(Actor::Outsider, op) && !while_closed(Actor::SignedOut, op), "{op}");
        }
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
            ShowJoinCode,
            ReadJoinCodes,
            AnswerJoin,
            CloseCase,
            ReopenCase,
            Grant,
            Revoke,
            SetProtection,
            MarkMentalHealthCare,
            Preview,
            ReadHistory,
            ReadAccessLog,
            ExportRecord,
            AskErasure,
            CancelErasure,
            ReadPassport,
            SharePassport,
            RevokePassport,
            ReadWork,
            WriteAdjustment,
            SendAdjustment,
            ConfirmAdjustment,
            EndAdjustment,
            ReviewAdjustment,
            DeleteDraft,
            ReadConcerns,
            WriteConcern,
            ShareConcern,
            SetDisclosurePlan,
            DeleteConcern,
            Refer,
            ReadReferrals,
            AnswerReferral,
            RenewReferral,
            ReadRequests,
            AnswerRequest,
            ReadDirectory,
            SetDirectory,
            FollowCase,
            ReadNotes,
            ReadStatements,
            AddOwnView,
            AdoptAdvice,
            ReadTimeline,
            MarkMilestone,
            ReadPlan,
            WritePlan,
            AgreePlan,
            EvaluatePlan,
        ];
        let participant_ops = [SeeInvitation, ViewShared, ViewCategory, FollowCase, MarkMilestone];
        let clinician_ops = [
            ViewConcern,
            Refer,
            SeeReferrals,
            TakeReferral,
            OpenReferralLink,
            RequestInformation,
            SeeRequests,
            ReadOwnStatements,
        ];
        let employer_ops = [
            AnswerAdjustment,
            MarkInPlace,
            EndAdjustment,
            ReviewAdjustment,
            ReadPlan,
            WritePlan,
            AgreePlan,
            EvaluatePlan,
        ];
        let occupational_physician_ops = [RecordAgreement, ReadPlan, EvaluatePlan];
        // Someone not (yet) in the case, with a code the worker showed them.
        let newcomer_ops = [EnterJoinCode];
        // Nobody in a case: the portal itself, or (the passport) a link.
        let portal_ops = [RemindReview, RemindMilestone, RecomputeTimeline, LapseRequest, EraseCase, ViewPassport];
        // Needs `notes` in what the actor sees: checked in its own test.
        let notes_ops = [WriteNote];
        // Depend on the role: checked in their own test.
        let author_ops = [WriteWorkAbility, WriteTreatment, WriteDiagnosis];
        let listed = [
            &notes_ops[..],
            &author_ops[..],
            &worker_ops[..],
            &participant_ops,
            &clinician_ops,
            &employer_ops,
            &occupational_physician_ops,
            &newcomer_ops,
            &portal_ops,
        ];
        let mut all: Vec<_> = listed.concat();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), Operation::ALL.len(), "every operation is listed");
        for actor in actors() {
            for &op in Operation::ALL {
                if author_ops.contains(&op) {
                    continue;
                }
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
                    Actor::Outsider => newcomer_ops.contains(&op),
                    Actor::SignedOut => false,
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

    /// Who writes what, as the GUIDE and the table's comment say it.
    #[test]
    fn statements_are_written_by_the_roles_that_write_them() {
        use Role::*;
        let table: [(Role, [bool; 3]); 8] = [
            // (role, [work ability, treatment, diagnosis])
            (Gp, [true, true, true]),
            (Psychiatrist, [true, true, true]),
            (Psychologist, [false, true, false]),
            (MedicalSpecialist, [true, true, true]),
            (OccupationalPhysician, [true, false, true]),
            (OccupationalPhysiotherapist, [true, true, false]),
            (InsurancePhysician, [true, false, true]),
            (Employer, [false, false, false]),
        ];
        for (role, may) in table {
            for (kind, expected) in StatementKind::ALL.iter().zip(may) {
                let op = Operation::write(*kind);
                // Whatever the worker shares: writing needs no grant.
                assert_eq!(permitted(Actor::Participant(role), op, None, &[]), expected, "{role} {kind}");
                assert_eq!(permitted(Actor::Participant(role), op, None, Category::ALL), expected, "{role} {kind}");
            }
        }
        for &kind in StatementKind::ALL {
            for actor in [Actor::Worker, Actor::Outsider, Actor::SignedOut] {
                assert!(!permitted(actor, Operation::write(kind), None, Category::ALL), "{actor:?} {kind}");
            }
        }
        // Only the worker reads everything and adds their view.
        for op in [Operation::ReadStatements, Operation::AddOwnView, Operation::AdoptAdvice] {
            assert!(permitted(Actor::Worker, op, None, &[]));
            assert!(!permitted(Actor::Participant(Role::OccupationalPhysician), op, None, Category::ALL));
        }
        assert!(!permitted(Actor::Participant(Role::Employer), Operation::ReadOwnStatements, None, Category::ALL));
    }

    #[test]
    fn the_plan_is_the_workers_and_the_employers_while_they_share_about_work() {
        let boss = Actor::Participant(Role::Employer);
        let op = Actor::Participant(Role::OccupationalPhysician);
        let adjustments = [Category::Adjustments];
        for o in [Operation::ReadPlan, Operation::WritePlan, Operation::AgreePlan, Operation::EvaluatePlan] {
            assert!(permitted(Actor::Worker, o, None, &[]), "{o}");
            assert!(permitted(boss, o, None, &adjustments), "{o}");
            assert!(!permitted(boss, o, None, &[]), "{o} without the grant");
        }
        // The occupational physician is invited: reads and evaluates, never writes or agrees.
        assert!(permitted(op, Operation::ReadPlan, None, &adjustments));
        assert!(permitted(op, Operation::EvaluatePlan, None, &adjustments));
        assert!(!permitted(op, Operation::WritePlan, None, Category::ALL));
        assert!(!permitted(op, Operation::ReadPlan, None, &[Category::Absence]));
        for role in [Role::Gp, Role::Psychiatrist, Role::InsurancePhysician] {
            assert!(!permitted(Actor::Participant(role), Operation::ReadPlan, None, Category::ALL), "{role}");
        }
        assert_eq!(plan_party(boss), Some(Party::Employer));
        assert_eq!(plan_party(op), None);
    }

    #[test]
    fn each_marks_their_own_milestones_while_the_road_is_theirs_to_see() {
        use Responsible as R;
        let boss = Actor::Participant(Role::Employer);
        let op = Actor::Participant(Role::OccupationalPhysician);
        let gp = Actor::Participant(Role::Gp);
        let absence = [Category::Absence];
        assert!(marks(Actor::Worker, R::Worker, false, &[]));
        assert!(!marks(Actor::Worker, R::Employer, false, &[]), "not the employer's step");
        assert!(marks(boss, R::Employer, false, &[Category::Adjustments]));
        assert!(!marks(boss, R::Employer, false, &[]), "without the grant");
        assert!(!marks(boss, R::Coordinator, true, &[Category::Adjustments]), "an employer never coordinates care");
        assert!(marks(op, R::OccupationalPhysician, false, &absence));
        assert!(!marks(op, R::OccupationalPhysician, false, &[Category::WorkAbility]));
        assert!(!marks(op, R::Worker, false, &absence));
        assert!(marks(gp, R::Coordinator, true, &absence));
        assert!(!marks(gp, R::Coordinator, false, &absence));
        assert_eq!(road_scope(boss, &[Category::Adjustments]), RoadScope::EmployersPart);
        assert_eq!(road_scope(boss, Category::ALL), RoadScope::EmployersPart, "never the whole road");
        assert_eq!(road_scope(gp, &[]), RoadScope::Nothing);
        assert_eq!(road_scope(Actor::Outsider, Category::ALL), RoadScope::Nothing);
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

    /// Outside the case, only entering a join code the worker showed.
    #[test]
    fn nobody_outside_the_case_may_do_anything_but_enter_a_code() {
        for &op in Operation::ALL {
            let newcomer = op == Operation::EnterJoinCode;
            assert_eq!(permitted(Actor::Outsider, op, Some(Category::Absence), Category::ALL), newcomer, "{op}");
            assert!(!permitted(Actor::SignedOut, op, Some(Category::Absence), Category::ALL), "{op}");
        }
    }

    #[test]
    fn with_the_switch_on_only_named_people_and_mental_health_care_learn_of_it() {
        use Standing::*;
        for s in [MentalHealthCare, Named, Unnamed, Workplace] {
            assert!(learns_of_mental_health_care(false, s), "{s:?} with the switch off");
        }
        assert!(learns_of_mental_health_care(true, MentalHealthCare));
        assert!(learns_of_mental_health_care(true, Named));
        assert!(!learns_of_mental_health_care(true, Unnamed));
        assert!(!learns_of_mental_health_care(true, Workplace));
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
