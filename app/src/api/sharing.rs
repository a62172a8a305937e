//! Server functions of sharing: grant, revoke, the mental-health switch, the
//! preview and the history. Checkbox lists arrive as maps
//! (`categories[work_ability]=on`), as plain HTML forms send them.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "sharing/grant")]
pub async fn grant(
    case_id: String,
    participant_id: String,
    categories: Option<BTreeMap<String, String>>,
    purpose: String,
    until: String,
    until_revoked: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let categories = categories.unwrap_or_default();
    let forever = until_revoked.is_some();
    let parsed = GrantRequest::parse(categories.keys().map(String::as_str), &purpose, &until, forever)
        .map_err(AppError::Invalid);
    let ticked = categories.keys().cloned().collect::<Vec<_>>().join(",");
    let kept = [
        ("categories", ticked.as_str()),
        ("purpose", &purpose),
        ("until", &until),
        ("until_revoked", if forever { "on" } else { "" }),
    ];
    let req = super::kept::on_error::<Grant, _>(parsed, &kept).await?;
    // The employer ceiling and the last day (against today where the worker
    // lives) are checked by the service.
    let result = portal()?.grant(&me, id(&case_id)?, id(&participant_id)?, Some(req)).await;
    super::kept::on_error::<Grant, _>(result, &kept).await
}

/// One tap: the usual categories for the participant's role.
#[server(endpoint = "sharing/preset")]
pub async fn grant_preset(case_id: String, participant_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.grant(&me, id(&case_id)?, id(&participant_id)?, None).await
}

/// One tap: stops one category for one purpose, or everything when both are empty.
#[server(endpoint = "sharing/revoke")]
pub async fn revoke(
    case_id: String,
    participant_id: String,
    category: String,
    purpose: String,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let what = match (category.trim(), purpose.trim()) {
        ("", "") => None,
        (c, p) => match (c.parse::<Category>(), p.parse::<Purpose>()) {
            (Ok(c), Ok(p)) => Some((c, p)),
            (c, p) => {
                let mut errors = Vec::new();
                if c.is_err() {
                    errors.push(FieldError::new("category", ErrorKey::CategoryUnknown));
                }
                if p.is_err() {
                    errors.push(FieldError::new("purpose", ErrorKey::PurposeUnknown));
                }
                return Err(AppError::Invalid(errors));
            }
        },
    };
    portal()?.revoke(&me, id(&case_id)?, id(&participant_id)?, what).await
}

/// `on` is "1" or "0"; `named` holds the participants who stay allowed.
#[server(endpoint = "sharing/protection")]
pub async fn set_protection(
    case_id: String,
    on: String,
    named: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let named = named.unwrap_or_default().keys().map(|k| id(k)).collect::<Result<Vec<_>, _>>()?;
    let p = Protection { on: on.trim() == "1", named };
    portal()?.set_protection(&me, id(&case_id)?, p).await
}

/// `on` is "1" or "0": whether the participant is mental-health care.
#[server(endpoint = "sharing/mental-health")]
pub async fn mark_mental_health(case_id: String, participant_id: String, on: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.mark_mental_health(&me, id(&case_id)?, id(&participant_id)?, on.trim() == "1").await
}

#[server(endpoint = "sharing/preview")]
pub async fn preview(case_id: String, participant_id: String) -> Result<SharedView, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.preview(&me, id(&case_id)?, id(&participant_id)?).await
}

/// A page of the history; `older` (empty for the newest) continues from a
/// previous page.
#[server(endpoint = "sharing/history")]
pub async fn history(case_id: String, older: String) -> Result<SharingHistory, AppError> {
    use super::context::*;
    let me = account().await?;
    let older = if older.trim().is_empty() { None } else { Some(id(&older)?) };
    portal()?.history(&me, id(&case_id)?, older).await
}
