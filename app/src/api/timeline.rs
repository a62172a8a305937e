//! Server functions of the road back: the worker's page, and marking a
//! milestone done.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "timeline/road")]
pub async fn load_road(case_id: String) -> Result<RoadPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.road(&me, id(&case_id)?).await
}

/// Marks `milestone` done on `done_on` (a page shows one form per
/// milestone, so what was typed is kept per milestone).
#[server(endpoint = "timeline/mark")]
pub async fn mark_milestone(case_id: String, milestone: String, done_on: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    // Errors and typed text belong to this milestone's form alone.
    let key = format!("{}.done_on", milestone.trim());
    let own = |e: AppError| match e {
        AppError::Invalid(errors) => AppError::Invalid(
            errors
                .into_iter()
                .map(|f| if f.field == "done_on" { FieldError { field: key.clone(), ..f } } else { f })
                .collect(),
        ),
        e => e,
    };
    let parsed = MarkRequest::parse(&milestone, &done_on).map_err(AppError::Invalid).map_err(own);
    let kept = [(key.as_str(), done_on.as_str())];
    let m = super::kept::on_error::<MarkMilestone, _>(parsed, &kept).await?;
    let done = portal()?.mark_milestone(&me, id(&case_id)?, m).await.map_err(own);
    super::kept::on_error::<MarkMilestone, _>(done, &kept).await
}
