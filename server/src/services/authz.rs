//! The one authorization function. Every read and write of case data goes
//! through `authorize`, which decides and appends the access-log row(s) in
//! the caller's transaction, so the log and the data change commit together.
//! Nothing is cached: every call reads the current grants, protection and
//! participants, so a revoke holds for the very next request.

use super::{internal, PortalService};
use crate::store::{access_log, cases, grants, Tx};
use app::domain::{visible, CaseId, ParticipantId, Role, Visible};
use app::error::AppError;
use app::ports::Account;

/// What an actor wants to do with a case. The name is what the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    ReadCase,
    StartCase,
    ChangeDates,
    AddParticipant,
    ChangeContact(ParticipantId),
    RemoveParticipant(ParticipantId),
    SetCoordinator(Option<ParticipantId>),
    Grant(ParticipantId),
    Revoke(ParticipantId),
    SetProtection,
    /// The worker looks at exactly what a participant would see now.
    Preview(ParticipantId),
    ReadHistory,
    ReadAccessLog,
    /// A participant learns that they are invited (their list of cases).
    SeeInvitation,
    /// A participant opens the case: only what is granted to them.
    ViewShared,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::ReadCase => "read_case",
            Operation::StartCase => "start_case",
            Operation::ChangeDates => "change_dates",
            Operation::AddParticipant => "add_participant",
            Operation::ChangeContact(_) => "change_contact",
            Operation::RemoveParticipant(_) => "remove_participant",
            Operation::SetCoordinator(_) => "set_coordinator",
            Operation::Grant(_) => "grant",
            Operation::Revoke(_) => "revoke",
            Operation::SetProtection => "set_protection",
            Operation::Preview(_) => "preview",
            Operation::ReadHistory => "read_history",
            Operation::ReadAccessLog => "read_access_log",
            Operation::SeeInvitation => "see_invitation",
            Operation::ViewShared => "view_case",
        }
    }

    /// The participant the operation targets, which must belong to the case.
    fn target(self) -> Option<ParticipantId> {
        match self {
            Operation::ChangeContact(p)
            | Operation::RemoveParticipant(p)
            | Operation::Grant(p)
            | Operation::Revoke(p)
            | Operation::Preview(p) => Some(p),
            Operation::SetCoordinator(p) => p,
            _ => None,
        }
    }

    /// Operations a participant (not the worker) may perform.
    fn for_participants(self) -> bool {
        matches!(self, Operation::SeeInvitation | Operation::ViewShared)
    }
}

/// Who the actor is in this case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acting {
    Worker,
    Participant { id: ParticipantId, role: Role },
}

/// Proof that an operation on a case was allowed and logged.
#[derive(Debug)]
pub struct Allowed {
    pub case_id: CaseId,
    pub worker_id: i64,
    pub acting: Acting,
    /// For `ViewShared` and `Preview`: what the viewed participant may see
    /// now, each with the grant that allows it.
    pub visible: Vec<Visible>,
    /// For `ViewShared` and `Preview`: the participant whose view it is.
    pub viewer: Option<(ParticipantId, Role)>,
    /// The targeted participant, as found in the case.
    pub target: Option<(ParticipantId, cases::Target)>,
}

/// Decides whether `actor` may perform `op` on `case`, logs the decision in
/// `tx`, and hands the transaction back when allowed. When denied it commits
/// the log row and answers `NotFound`, the same answer as for a case that
/// does not exist.
pub async fn authorize(
    service: &PortalService,
    mut tx: Tx,
    actor: &Account,
    case: CaseId,
    op: Operation,
) -> Result<(Tx, Allowed), AppError> {
    let now = service.now_ms();
    let owner = cases::owner(&mut tx, case).await.map_err(internal)?;
    let acting = match &owner {
        Some(o) if o.worker_id == actor.id => Some(Acting::Worker),
        Some(o) => cases::participant_by_email(&mut tx, o.id, &actor.email)
            .await
            .map_err(internal)?
            .map(|(id, role)| Acting::Participant { id, role }),
        None => None,
    };
    let target = match (acting, op.target()) {
        (Some(Acting::Worker), Some(p)) => {
            cases::participant(&mut tx, case, p).await.map_err(internal)?.map(|t| (p, t))
        }
        _ => None,
    };
    // A removed participant is only a valid target for a grant, which then
    // gets its own clear message; otherwise they are simply not there.
    let target_ok = match (op.target(), target) {
        (None, _) => true,
        (Some(_), Some((_, t))) => !t.removed || matches!(op, Operation::Grant(_)),
        (Some(_), None) => false,
    };
    let allowed = match acting {
        Some(Acting::Worker) => !op.for_participants() && target_ok,
        Some(Acting::Participant { .. }) => op.for_participants(),
        None => false,
    };
    // Whose view is computed: the participant's own, or the previewed one's.
    let viewer = match (allowed, op, acting) {
        (true, Operation::ViewShared, Some(Acting::Participant { id, role })) => Some((id, role)),
        (true, Operation::Preview(_), _) => target.map(|(p, t)| (p, t.role)),
        _ => None,
    };
    let seen = match viewer {
        Some((p, role)) => {
            let open = grants::open(&mut tx, case).await.map_err(internal)?;
            let protection = grants::protection(&mut tx, case).await.map_err(internal)?;
            visible(p, role, &open, &protection, now)
        }
        None => Vec::new(),
    };

    let (role, acting_participant) = match acting {
        Some(Acting::Worker) => ("worker".to_string(), None),
        Some(Acting::Participant { id, role }) => (role.id().to_string(), Some(id)),
        None => ("none".to_string(), None),
    };
    let base = access_log::Entry {
        at: now,
        actor: Some(actor.id),
        on_behalf_of: owner.as_ref().filter(|_| acting.is_some()).map(|o| o.worker_id),
        role,
        action: op.name().to_string(),
        case_id: Some(case),
        // The participant the row is about: the one acting, or the one targeted.
        participant_id: acting_participant.or(target.map(|(p, _)| p)),
        category: None,
        purpose: None,
        grant_id: None,
        allowed,
    };
    access_log::append(&mut tx, &base).await.map_err(internal)?;
    // A participant's view logs each category seen, on the grant that allowed it.
    if op == Operation::ViewShared {
        for v in &seen {
            let row = access_log::Entry {
                action: "view_category".into(),
                category: Some(v.category.id().into()),
                purpose: Some(v.purpose.id().into()),
                grant_id: Some(v.grant),
                ..base.clone()
            };
            access_log::append(&mut tx, &row).await.map_err(internal)?;
        }
    }
    match (owner, acting) {
        (Some(o), Some(acting)) if allowed => {
            Ok((tx, Allowed { case_id: o.id, worker_id: o.worker_id, acting, visible: seen, viewer, target }))
        }
        _ => {
            tx.commit().await.map_err(internal)?;
            Err(AppError::NotFound)
        }
    }
}
