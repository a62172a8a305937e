use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// Stigma concerns and the disclosure plan: the worker's alone unless shared.
#[async_trait::async_trait]
pub trait ConcernsPort: Send + Sync + 'static {
    async fn concerns(&self, actor: &Account, case: CaseId) -> Result<ConcernsPage, AppError>;
    /// Writes a new concern (`id` None) or rewrites one; answers its id.
    async fn write_concern(
        &self,
        actor: &Account,
        case: CaseId,
        id: Option<ConcernId>,
        text: ConcernText,
    ) -> Result<ConcernId, AppError>;
    /// Whom one concern is shared with by name (clinicians only).
    async fn share_concern(
        &self,
        actor: &Account,
        case: CaseId,
        id: ConcernId,
        with: Vec<ParticipantId>,
    ) -> Result<(), AppError>;
    async fn set_disclosure_plan(&self, actor: &Account, case: CaseId, plan: DisclosurePlan) -> Result<(), AppError>;
    /// Starts an adjustment draft from a concern; answers the draft's id.
    async fn adjustment_from_concern(
        &self,
        actor: &Account,
        case: CaseId,
        id: ConcernId,
    ) -> Result<AdjustmentId, AppError>;
    /// Deletes a concern (and whom it was shared with).
    async fn delete_concern(&self, actor: &Account, case: CaseId, id: ConcernId) -> Result<(), AppError>;
}
