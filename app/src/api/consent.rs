//! Server functions for sharing: grant, revoke, the mental-health switch,
//! the preview, what a participant sees, history and the access log.
//! Checkbox lists arrive as maps (`categories[work_ability]=on`), as plain
//! HTML forms send them.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
fn id(raw: &str) -> Result<i64, AppError> {
    raw.trim().parse().map_err(|_| AppError::NotFound)
}

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
    let today = chrono::Utc::now().date_naive();
    let parsed = GrantRequest::parse(categories.keys().map(String::as_str), &purpose, &until, forever, today)
        .map_err(AppError::Invalid);
    let ticked = categories.keys().cloned().collect::<Vec<_>>().join(",");
    let kept = [
        ("grant.categories", ticked.as_str()),
        ("grant.purpose", &purpose),
        ("grant.until", &until),
        ("grant.until_revoked", if forever { "on" } else { "" }),
    ];
    let req = super::kept::on_error(parsed, &kept)?;
    // The employer ceiling is checked by the service against the stored role.
    let result = portal()?.grant(&me, id(&case_id)?, id(&participant_id)?, Some(req)).await;
    super::kept::on_error(result, &kept)
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

#[server(endpoint = "sharing/preview")]
pub async fn preview(case_id: String, participant_id: String) -> Result<SharedView, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.preview(&me, id(&case_id)?, id(&participant_id)?).await
}

#[server(endpoint = "shared/case")]
pub async fn shared_case(case_id: String) -> Result<SharedView, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.shared_case(&me, id(&case_id)?).await
}

#[server(endpoint = "shared/list")]
pub async fn invitations() -> Result<Vec<Invitation>, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.invitations(&me).await
}

#[server(endpoint = "sharing/history")]
pub async fn history(case_id: String) -> Result<Vec<GrantHistory>, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.history(&me, id(&case_id)?).await
}

/// Empty filter values mean "any"; a malformed date is ignored rather than
/// refused, since the filter is only a view.
#[server(endpoint = "sharing/activity")]
pub async fn access_log(
    case_id: String,
    participant: String,
    from: String,
    until: String,
) -> Result<Activity, AppError> {
    use super::context::*;
    let me = account().await?;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let filter = LogFilter { participant: participant.trim().parse().ok(), from: day(&from), until: day(&until) };
    portal()?.access_log(&me, id(&case_id)?, filter).await
}
