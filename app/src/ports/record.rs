use super::Account;
use crate::domain::*;
use crate::error::AppError;
use std::net::IpAddr;

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
    /// The worker's adjustment passport and the links she sent.
    async fn passport(&self, actor: &Account, case: CaseId) -> Result<Passport, AppError>;
    /// Sends the passport to a new manager by e-mail.
    async fn share_passport(&self, actor: &Account, case: CaseId, to: PassportShare) -> Result<(), AppError>;
    async fn revoke_passport(&self, actor: &Account, case: CaseId, link: PassportLinkId) -> Result<(), AppError>;
    /// Whether a passport link works (showing its page changes nothing).
    async fn passport_link_state(&self, token: &str) -> Result<LinkState, AppError>;
    /// Continuing from a passport link.
    async fn open_passport(
        &self,
        actor: Option<&Account>,
        token: &str,
        ip: IpAddr,
        lang: &str,
        device: Option<&str>,
    ) -> Result<PassportOutcome, AppError>;
    /// The passport as its addressee reads it.
    async fn view_passport(&self, actor: &Account, link: PassportLinkId) -> Result<PassportView, AppError>;
}

/// A file to download, written as it is sent: the case's log is read a
/// page at a time, so a long one is never held in memory whole.
pub struct RecordFile {
    pub name: String,
    pub media_type: &'static str,
    pub body: futures_util::stream::BoxStream<'static, Result<Vec<u8>, AppError>>,
}

impl RecordFile {
    /// The whole file at once (for tests and small uses).
    pub async fn bytes(self) -> Result<Vec<u8>, AppError> {
        use futures_util::TryStreamExt;
        self.body.try_concat().await
    }
}
