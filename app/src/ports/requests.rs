use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// Information requests: a care professional asks, the worker answers.
#[async_trait::async_trait]
pub trait RequestsPort: Send + Sync + 'static {
    /// The worker's: every request of their case.
    async fn requests(&self, actor: &Account, case: CaseId) -> Result<RequestsPage, AppError>;
    /// A care professional's own requests.
    async fn my_requests(&self, actor: &Account, case: CaseId) -> Result<RequestsPage, AppError>;
    async fn ask(&self, actor: &Account, case: CaseId, text: InfoRequestText) -> Result<RequestId, AppError>;
    /// Approve (the same narrowing rule as a referral's) or decline.
    async fn answer_request(
        &self,
        actor: &Account,
        case: CaseId,
        id: RequestId,
        answer: WorkerReply,
    ) -> Result<(), AppError>;
}
