use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// Workplace adjustments: the worker's drafts and proposals, and the steps
/// the employer and the occupational physician take on what was sent to them.
#[async_trait::async_trait]
pub trait WorkPort: Send + Sync + 'static {
    /// The worker's Work page.
    async fn work(&self, actor: &Account, case: CaseId) -> Result<WorkPage, AppError>;
    /// One adjustment with its history and its Work page, for the worker.
    async fn adjustment(&self, actor: &Account, case: CaseId, id: AdjustmentId) -> Result<AdjustmentPage, AppError>;
    /// Writes a new draft (`id` None) or rewrites a draft; answers its id.
    async fn write_adjustment(
        &self,
        actor: &Account,
        case: CaseId,
        id: Option<AdjustmentId>,
        text: AdjustmentText,
    ) -> Result<AdjustmentId, AppError>;
    /// Takes a step; the lifecycle and the permission table decide whether
    /// this person may take it now.
    async fn take_step(
        &self,
        actor: &Account,
        case: CaseId,
        id: AdjustmentId,
        req: StepRequest,
    ) -> Result<(), AppError>;
    /// Deletes a draft (nothing sent is ever deleted).
    async fn delete_draft(&self, actor: &Account, case: CaseId, id: AdjustmentId) -> Result<(), AppError>;
}
