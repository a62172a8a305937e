//! Server function of "Who looked at my information".

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Empty filter values mean "any"; a malformed date or cursor is ignored
/// rather than refused, since the filter is only a view. `own` = "1" also
/// shows what the worker did themselves.
#[server(endpoint = "activity/log")]
pub async fn access_log(
    case_id: String,
    participant: String,
    from: String,
    until: String,
    own: String,
    before: String,
) -> Result<Activity, AppError> {
    use super::context::*;
    let me = account().await?;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let filter = LogFilter {
        participant: participant.parse().ok(),
        from: day(&from),
        until: day(&until),
        include_own: own.trim() == "1",
        before: before.parse().ok(),
    };
    let case = id(&case_id)?;
    portal()?.access_log(&me, case, filter).await
}
