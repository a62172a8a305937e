use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// "Who looked at my information": the worker's reading of the access log.
#[async_trait::async_trait]
pub trait ActivityPort: Send + Sync + 'static {
    async fn access_log(&self, actor: &Account, case: CaseId, filter: LogFilter) -> Result<Activity, AppError>;
}
