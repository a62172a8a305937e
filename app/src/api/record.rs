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
