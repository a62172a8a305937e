//! Server functions of information requests: the worker's list and answer,
//! and the professional's request (their own list comes with their case
//! page, `shared/page`).

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "requests/list")]
pub async fn load_requests(case_id: String) -> Result<RequestsPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.requests(&me, id(&case_id)?).await
}

/// `categories[<id>]=on` for each category asked for.
#[server(endpoint = "requests/ask")]
pub async fn ask_information(
    case_id: String,
    categories: Option<BTreeMap<String, String>>,
    purpose: String,
    why: String,
    until: String,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let cats = categories.unwrap_or_default();
    let parsed =
        InfoRequestText::parse(cats.keys().map(String::as_str), &purpose, &why, &until).map_err(AppError::Invalid);
    let kept = [("purpose", purpose.as_str()), ("why", &why), ("until", &until)];
    let text = super::kept::on_error::<AskInformation, _>(parsed, &kept).await?;
    let asked = portal()?.ask(&me, case, text).await;
    super::kept::on_error::<AskInformation, _>(asked, &kept).await?;
    Ok(())
}

/// The worker's answer: `decision` = `approve` (with `categories[<id>]` and
/// `until`, at most what was asked) or `decline`.
#[server(endpoint = "requests/answer")]
pub async fn answer_request(
    case_id: String,
    request_id: String,
    decision: String,
    categories: Option<BTreeMap<String, String>>,
    until: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let until = until.unwrap_or_default();
    let reply = worker_reply(&decision, categories, &until);
    let reply = super::kept::on_error::<AnswerRequest, _>(reply, &[("until", &until)]).await?;
    let done = portal()?.answer_request(&me, case, id(&request_id)?, reply).await;
    super::kept::on_error::<AnswerRequest, _>(done, &[("until", &until)]).await?;
    if is_form_post() {
        leptos_axum::redirect("/case");
    }
    Ok(())
}

/// The worker's answer to a referral or a request, as both forms post it
/// (`categories[<id>]=on`).
#[cfg(feature = "ssr")]
pub(super) fn worker_reply(
    decision: &str,
    categories: Option<BTreeMap<String, String>>,
    until: &str,
) -> Result<WorkerReply, AppError> {
    let categories = categories.unwrap_or_default();
    WorkerReply::parse(decision, categories.keys().map(String::as_str), until).map_err(AppError::Invalid)
}
