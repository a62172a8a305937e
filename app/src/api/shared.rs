//! Server functions of what a participant sees.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "shared/case")]
pub async fn shared_case(case_id: String) -> Result<SharedView, AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id(&case_id)?;
    portal()?.shared_case(&me, case).await
}

/// A participant's case page, in one read.
#[server(endpoint = "shared/page")]
pub async fn load_shared_page(case_id: String) -> Result<SharedPage, AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id(&case_id)?;
    portal()?.shared_page(&me, case).await
}

/// A page of the cases the signed-in person is invited to (the first
/// when `page` is not given).
#[server(endpoint = "shared/list")]
pub async fn load_invitations(page: Option<u32>) -> Result<Invitations, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.invitations(&me, page.unwrap_or(1).max(1)).await
}
