//! Server functions of the care-team directory's settings (the directory
//! itself comes with a participant's view of the case).

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "directory/settings")]
pub async fn load_directory_settings(case_id: String, participant_id: String) -> Result<DirectorySettings, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.directory_settings(&me, id(&case_id)?, id(&participant_id)?).await
}

/// `shown[<participant id>]=on` for each person the viewer keeps seeing;
/// `contact` for an employer's view of a curative-care coordinator.
#[server(endpoint = "directory/set")]
pub async fn set_directory(
    case_id: String,
    participant_id: String,
    shown: Option<BTreeMap<String, String>>,
    contact: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let shown = shown.unwrap_or_default().keys().map(|k| id(k)).collect::<Result<Vec<_>, _>>()?;
    let contact = match contact.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(c.parse().map_err(|_| AppError::field("contact", ErrorKey::Required))?),
    };
    portal()?.set_directory(&me, id(&case_id)?, id(&participant_id)?, shown, contact).await
}
