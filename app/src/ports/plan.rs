use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// The plan of action of the worker and the employer.
#[async_trait::async_trait]
pub trait PlanPort: Send + Sync + 'static {
    async fn plan(&self, actor: &Account, case: CaseId) -> Result<PlanPage, AppError>;
    /// A new version, which its writer agrees to.
    async fn write_plan(&self, actor: &Account, case: CaseId, text: PlanText) -> Result<PlanVersionId, AppError>;
    /// The other party agrees to version `v` (if it is still the current one).
    async fn agree_plan(&self, actor: &Account, case: CaseId, v: PlanVersionId) -> Result<(), AppError>;
    async fn evaluate_plan(&self, actor: &Account, case: CaseId, e: EvaluationText) -> Result<EvaluationId, AppError>;
}
