//! The one authorization function. Every read and write of case data goes
//! through `authorize`, which decides and appends the access-log row in the
//! caller's transaction, so the log and the data change commit together.

use super::{internal, PortalService};
use crate::store::{access_log, cases, Tx};
use app::domain::{CaseId, ParticipantId};
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
        }
    }

    /// The participant the operation targets, which must belong to the case.
    fn participant(self) -> Option<ParticipantId> {
        match self {
            Operation::ChangeContact(p) | Operation::RemoveParticipant(p) => Some(p),
            Operation::SetCoordinator(p) => p,
            _ => None,
        }
    }
}

/// Proof that an operation on a case was allowed and logged.
#[derive(Debug)]
pub struct Allowed {
    pub case_id: CaseId,
    pub worker_id: i64,
}

/// Decides whether `actor` may perform `op` on `case`, logs the decision in
/// `tx`, and hands the transaction back when allowed. When denied it commits
/// the log row and answers `NotFound`, the same answer as for a case that
/// does not exist. Nothing is cached: every call reads the current state.
pub async fn authorize(
    service: &PortalService,
    mut tx: Tx,
    actor: &Account,
    case: CaseId,
    op: Operation,
) -> Result<(Tx, Allowed), AppError> {
    let owner = cases::owner(&mut tx, case).await.map_err(internal)?;
    // Only the worker exists as a role so far: the case is theirs or nobody's.
    let is_worker = owner.as_ref().is_some_and(|o| o.worker_id == actor.id);
    let target_ok = match op.participant() {
        Some(p) if is_worker => cases::has_participant(&mut tx, case, p).await.map_err(internal)?,
        _ => true,
    };
    let allowed = is_worker && target_ok;
    let entry = access_log::Entry {
        at: service.now_ms(),
        actor: Some(actor.id),
        on_behalf_of: owner.as_ref().filter(|_| is_worker).map(|o| o.worker_id),
        role: if is_worker { "worker" } else { "none" },
        action: op.name(),
        case_id: Some(case),
        category: None,
        allowed,
    };
    access_log::append(&mut tx, &entry).await.map_err(internal)?;
    match owner {
        Some(o) if allowed => Ok((tx, Allowed { case_id: o.id, worker_id: o.worker_id })),
        _ => {
            tx.commit().await.map_err(internal)?;
            Err(AppError::NotFound)
        }
    }
}
