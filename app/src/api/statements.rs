//! Server functions of statements: the worker's list of what the care team
//! wrote, a professional's form, writing, the worker's own view, and
//! advice made into a draft. A statement's form arrives as a map
//! (`form[personal_limit]=…`), parsed into the domain type here.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "statements/list")]
pub async fn load_statements(case_id: String) -> Result<StatementsPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.statements(&me, id(&case_id)?).await
}

#[server(endpoint = "statements/form")]
pub async fn load_statement_form(case_id: String, kind: String) -> Result<StatementForm, AppError> {
    use super::context::*;
    let me = account().await?;
    let kind = kind.parse::<StatementKind>().map_err(|_| AppError::NotFound)?;
    portal()?.statement_form(&me, id(&case_id)?, kind).await
}

/// Writes a new entry of `kind`; a plain form post goes on to the case page.
#[server(endpoint = "statements/write")]
pub async fn write_statement(
    case_id: String,
    kind: String,
    form: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let form = form.unwrap_or_default();
    let parsed = StatementBody::parse(&kind, &form).map_err(AppError::Invalid);
    let kept: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let body = super::kept::on_error::<WriteStatement, _>(parsed, &kept).await?;
    let written = portal()?.write_statement(&me, case, body).await;
    super::kept::on_error::<WriteStatement, _>(written, &kept).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/shared/{case}"));
    }
    Ok(())
}

/// The worker's own view of entry `statement_id`.
#[server(endpoint = "statements/view")]
pub async fn add_own_view(
    case_id: String,
    statement_id: String,
    stance: Option<String>,
    words: String,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let stance = stance.unwrap_or_default();
    let parsed = OwnViewText::parse(&stance, &words).map_err(AppError::Invalid);
    // Kept per entry: the page shows a form for each.
    let (k_stance, k_words) = (format!("{}.stance", statement_id.trim()), format!("{}.words", statement_id.trim()));
    let kept = [(k_stance.as_str(), stance.as_str()), (k_words.as_str(), words.as_str())];
    let view = super::kept::on_error::<AddOwnView, _>(parsed, &kept).await?;
    let done = portal()?.add_own_view(&me, id(&case_id)?, id(&statement_id)?, view).await;
    super::kept::on_error::<AddOwnView, _>(done, &kept).await
}

/// Advice item `item` of entry `statement_id` as a draft in Work; a plain
/// form post goes on to the draft.
#[server(endpoint = "statements/adopt")]
pub async fn adopt_advice(case_id: String, statement_id: String, item: String) -> Result<String, AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let draft = portal()?.adopt_advice(&me, case, id(&statement_id)?, id(&item)?).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/work/{draft}"));
    }
    Ok(draft.to_string())
}
