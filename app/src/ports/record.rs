use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// The worker's record to take away.
#[async_trait::async_trait]
pub trait RecordPort: Send + Sync + 'static {
    /// The record page: the person's own case (`NotFound` without one).
    async fn record_page(&self, actor: &Account) -> Result<RecordPage, AppError>;
    /// One file of the download, with its name; each download is logged.
    async fn export_record(&self, actor: &Account, case: CaseId, format: RecordFormat) -> Result<RecordFile, AppError>;
}

/// A file to download.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub name: String,
    pub media_type: &'static str,
    pub body: Vec<u8>,
}
