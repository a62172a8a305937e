use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// The worker's record to take away.
#[async_trait::async_trait]
pub trait RecordPort: Send + Sync + 'static {
    /// The record page: the person's own case, if any, and its erasure.
    async fn record_page(&self, actor: &Account) -> Result<RecordPage, AppError>;
    /// One file of the download, with its name; each download is logged.
    async fn export_record(&self, actor: &Account, case: CaseId, format: RecordFormat) -> Result<RecordFile, AppError>;
    /// The worker asks for her case to be erased after the grace period
    /// (`understood`: she ticked that she understands).
    async fn ask_erasure(&self, actor: &Account, case: CaseId, understood: bool) -> Result<(), AppError>;
    /// The worker keeps her case after all.
    async fn cancel_erasure(&self, actor: &Account, case: CaseId) -> Result<(), AppError>;
}

/// A file to download.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub name: String,
    pub media_type: &'static str,
    pub body: Vec<u8>,
}
