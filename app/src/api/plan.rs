//! Server functions of the plan of action. Linked adjustments arrive as a
//! map (`adjustments[7]=on`).

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "plan/page")]
pub async fn load_plan(case_id: String) -> Result<PlanPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.plan(&me, id(&case_id)?).await
}

/// A new version of the plan, which its writer agrees to.
#[server(endpoint = "plan/write")]
pub async fn write_plan(
    case_id: String,
    goal: Option<String>,
    steps: String,
    case_manager: String,
    next_evaluation: String,
    adjustments: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let goal = goal.unwrap_or_default();
    let linked = adjustments.unwrap_or_default().keys().map(|k| id(k)).collect::<Result<Vec<AdjustmentId>, _>>()?;
    let parsed = PlanText::parse(&goal, &steps, &case_manager, &next_evaluation, linked).map_err(AppError::Invalid);
    let kept = [
        ("goal", goal.as_str()),
        ("steps", &steps),
        ("case_manager", &case_manager),
        ("next_evaluation", &next_evaluation),
    ];
    let text = super::kept::on_error::<WritePlan, _>(parsed, &kept).await?;
    let written = portal()?.write_plan(&me, id(&case_id)?, text).await;
    super::kept::on_error::<WritePlan, _>(written, &kept).await?;
    Ok(())
}

#[server(endpoint = "plan/agree")]
pub async fn agree_plan(case_id: String, version_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.agree_plan(&me, id(&case_id)?, id(&version_id)?).await
}

#[server(endpoint = "plan/evaluate")]
pub async fn evaluate_plan(case_id: String, text: String, next_evaluation: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let parsed = EvaluationText::parse(&text, &next_evaluation).map_err(AppError::Invalid);
    let kept = [("text", text.as_str()), ("next_evaluation", &next_evaluation)];
    let e = super::kept::on_error::<EvaluatePlan, _>(parsed, &kept).await?;
    let done = portal()?.evaluate_plan(&me, id(&case_id)?, e).await;
    super::kept::on_error::<EvaluatePlan, _>(done, &kept).await?;
    Ok(())
}
