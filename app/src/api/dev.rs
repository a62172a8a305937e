use crate::domain::MailView;
use crate::error::AppError;
use leptos::prelude::*;

/// The development mailbox; answers `NotFound` unless the server runs in demo mode.
#[server(endpoint = "dev/mailbox")]
pub async fn dev_mailbox() -> Result<Vec<MailView>, AppError> {
    super::context::portal()?.dev_mailbox().await
}
