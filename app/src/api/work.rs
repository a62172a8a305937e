//! Server functions of Work: the worker's adjustment needs, and the steps
//! everyone takes on them. Recipient lists arrive as maps (`to[7]=on`).
// A step's form carries every field some step needs; the generated client
// function takes them all, so the allowance is for the whole file.
#![allow(clippy::too_many_arguments)]

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "work/page")]
pub async fn load_work(case_id: String) -> Result<WorkPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.work(&me, id(&case_id)?).await
}

#[server(endpoint = "work/adjustment")]
pub async fn load_adjustment(case_id: String, adjustment_id: String) -> Result<AdjustmentPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.adjustment(&me, id(&case_id)?, id(&adjustment_id)?).await
}

/// Saves a draft: a new one when `adjustment_id` is empty. The page's
/// island calls it after a pause in typing; a plain form post goes on to
/// the adjustment's page. Answers the draft's id.
#[server(endpoint = "work/write")]
pub async fn write_adjustment(
    case_id: String,
    adjustment_id: String,
    kind: String,
    help: String,
    benefit: String,
    from: String,
    until: String,
) -> Result<String, AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    let existing = if adjustment_id.trim().is_empty() { None } else { Some(id(&adjustment_id)?) };
    let parsed = AdjustmentText::parse(&kind, &help, &benefit, &from, &until).map_err(AppError::Invalid);
    let kept = [("kind", kind.as_str()), ("help", &help), ("benefit", &benefit), ("from", &from), ("until", &until)];
    let text = super::kept::on_error::<WriteAdjustment, _>(parsed, &kept).await?;
    let saved = portal()?.write_adjustment(&me, case, existing, text).await;
    let saved = super::kept::on_error::<WriteAdjustment, _>(saved, &kept).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/work/{saved}"));
    }
    Ok(saved.to_string())
}

/// One step on an adjustment: `step` names it (`sent`, `agreed`, `declined`,
/// `recorded`, `confirmed`, `in_place`, `ended`, `reviewed`); the other
/// fields are read as that step needs them (a review: `outcome`, `review`
/// for the next date, `reason` for what changes).
#[server(endpoint = "work/step")]
pub async fn take_step(
    case_id: String,
    adjustment_id: String,
    step: String,
    start: Option<String>,
    review: Option<String>,
    reason: Option<String>,
    outcome: Option<String>,
    to: Option<BTreeMap<String, String>>,
    grant: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let (case, adjustment) = (id::<CaseId>(&case_id)?, id::<AdjustmentId>(&adjustment_id)?);
    let to = to.unwrap_or_default().keys().map(|k| id(k)).collect::<Result<Vec<ParticipantId>, _>>()?;
    let (start, review, reason) = (start.unwrap_or_default(), review.unwrap_or_default(), reason.unwrap_or_default());
    let outcome = outcome.unwrap_or_default();
    let parsed =
        StepRequest::parse(&step, &start, &review, &reason, &outcome, to, grant.is_some()).map_err(AppError::Invalid);
    // Kept per adjustment: one page shows the forms of several.
    let key = |f: &str| format!("{}.{f}", adjustment_id.trim());
    let keys = [key("step"), key("start"), key("review"), key("reason"), key("outcome")];
    let kept = [
        (keys[0].as_str(), step.as_str()),
        (keys[1].as_str(), start.as_str()),
        (keys[2].as_str(), review.as_str()),
        (keys[3].as_str(), reason.as_str()),
        (keys[4].as_str(), outcome.as_str()),
    ];
    let req = super::kept::on_error::<TakeStep, _>(parsed, &kept).await?;
    let done = portal()?.take_step(&me, case, adjustment, req).await;
    super::kept::on_error::<TakeStep, _>(done, &kept).await
}

/// Deletes a draft; a plain form post goes back to Work.
#[server(endpoint = "work/delete")]
pub async fn delete_draft(case_id: String, adjustment_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case = id::<CaseId>(&case_id)?;
    portal()?.delete_draft(&me, case, id(&adjustment_id)?).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/work"));
    }
    Ok(())
}
