//! Server function of the record page. The files themselves are plain
//! `GET` downloads (`server/src/record.rs`), so a link works without
//! JavaScript and the browser saves the file under its name.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "record/page")]
pub async fn load_record_page() -> Result<RecordPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.record_page(&me).await
}

/// The worker asks for her case to be erased after the grace period;
/// `confirm` is the tick that she understands (absent when not ticked).
#[server(endpoint = "record/erase")]
pub async fn ask_erasure(case_id: String, confirm: Option<String>) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.ask_erasure(&me, id(&case_id)?, confirm.is_some_and(|c| !c.is_empty())).await
}

/// The worker keeps her case after all.
#[server(endpoint = "record/keep")]
pub async fn cancel_erasure(case_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.cancel_erasure(&me, id(&case_id)?).await
}
