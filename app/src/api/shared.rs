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

/// A page of the cases the signed-in person is invited to: the newest, or
/// those older than the case `older` (a list's cursor).
#[server(endpoint = "shared/list")]
pub async fn load_invitations(older: Option<String>) -> Result<Invitations, AppError> {
    use super::context::*;
    let me = account().await?;
    let older = older.filter(|o| !o.is_empty()).map(|o| id(&o)).transpose()?;
    portal()?.invitations(&me, older).await
}
