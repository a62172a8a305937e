//! Server functions of Concerns: stigma concerns, whom one is shared with,
//! the disclosure plan, and "start an adjustment from this".

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "concerns/page")]
pub async fn load_concerns(case_id: String) -> Result<ConcernsPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.concerns(&me, id(&case_id)?).await
}

/// Writes a concern: a new one when `concern_id` is empty, else changes
/// that one (what was typed is kept per concern: `<id>.what`).
#[server(endpoint = "concerns/write")]
pub async fn write_concern(
    case_id: String,
    concern_id: String,
    kind: String,
    what: String,
    weight: Option<String>,
    helps: String,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let existing = if concern_id.trim().is_empty() { None } else { Some(id(&concern_id)?) };
    let weight = weight.unwrap_or_default();
    // A change names its fields by the concern (`7.what`): the page shows
    // the form of each concern beside the form for a new one.
    let prefix = existing.map(|c: ConcernId| format!("{c}.")).unwrap_or_default();
    let named = |e: Vec<FieldError>| {
        AppError::Invalid(e.into_iter().map(|f| FieldError::new(&format!("{prefix}{}", f.field), f.key)).collect())
    };
    let parsed = ConcernText::parse(&kind, &what, &weight, &helps).map_err(named);
    let keys = ["kind", "what", "weight", "helps"].map(|f| format!("{prefix}{f}"));
    let kept = [
        (keys[0].as_str(), kind.as_str()),
        (keys[1].as_str(), what.as_str()),
        (keys[2].as_str(), weight.as_str()),
        (keys[3].as_str(), helps.as_str()),
    ];
    let text = super::kept::on_error::<WriteConcern, _>(parsed, &kept).await?;
    let saved = portal()?.write_concern(&me, case, existing, text).await;
    super::kept::on_error::<WriteConcern, _>(saved, &kept).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/concerns"));
    }
    Ok(())
}

/// `with` holds the clinicians this concern is shared with by name; none
/// makes it private again.
#[server(endpoint = "concerns/share")]
pub async fn share_concern(
    case_id: String,
    concern_id: String,
    with: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let with = with.unwrap_or_default().keys().map(|k| id(k)).collect::<Result<Vec<_>, _>>()?;
    portal()?.share_concern(&me, id(&case_id)?, id(&concern_id)?, with).await
}

/// `comfort[<participant id>]` = what they may know; `colleague_words`.
#[server(endpoint = "concerns/plan")]
pub async fn set_disclosure_plan(
    case_id: String,
    comfort: Option<BTreeMap<String, String>>,
    colleague_words: String,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let comfort = comfort.unwrap_or_default();
    let parsed = DisclosurePlan::parse(comfort.iter().map(|(k, v)| (k.as_str(), v.as_str())), &colleague_words)
        .map_err(AppError::Invalid);
    let kept = [("colleague_words", colleague_words.as_str())];
    let plan = super::kept::on_error::<SetDisclosurePlan, _>(parsed, &kept).await?;
    portal()?.set_disclosure_plan(&me, id(&case_id)?, plan).await
}

/// One tap: an adjustment draft from this concern, opened for editing.
#[server(endpoint = "concerns/to-adjustment")]
pub async fn adjustment_from_concern(case_id: String, concern_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let draft = portal()?.adjustment_from_concern(&me, case, id(&concern_id)?).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/work/{draft}"));
    }
    Ok(())
}

/// Deletes a concern; a plain form post goes back to Concerns.
#[server(endpoint = "concerns/delete")]
pub async fn delete_concern(case_id: String, concern_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    portal()?.delete_concern(&me, case, id(&concern_id)?).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/concerns"));
    }
    Ok(())
}
