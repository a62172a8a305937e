//! Keeps what was typed when a form is refused: the browser is redirected
//! back to the page, which then renders the typed values again. They travel
//! in a short-lived HttpOnly cookie, never in the URL (only error kinds go
//! there).

#[cfg(feature = "ssr")]
use crate::error::AppError;
#[cfg(feature = "ssr")]
use std::collections::BTreeMap;

pub const KEPT_COOKIE: &str = "__Host-rtw-kept";

/// On a validation error of a plain form post, remembers `fields` for the
/// next page render. Returns `result` unchanged.
#[cfg(feature = "ssr")]
pub fn on_error<T>(result: Result<T, AppError>, fields: &[(&str, &str)]) -> Result<T, AppError> {
    use super::context::{is_form_post, set_cookie};
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    if matches!(result, Err(AppError::Invalid(_))) && is_form_post() {
        let map: BTreeMap<&str, &str> = fields.iter().copied().collect();
        let json = serde_json::to_vec(&map).unwrap_or_default();
        set_cookie(KEPT_COOKIE, &URL_SAFE_NO_PAD.encode(json), Some(60), true);
    }
    result
}

/// The value typed into `field` before the last refused plain form post.
#[cfg(feature = "ssr")]
pub fn value(field: &str) -> Option<String> {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let raw = super::context::cookie(KEPT_COOKIE)?;
    let json = URL_SAFE_NO_PAD.decode(raw).ok()?;
    let map: BTreeMap<String, String> = serde_json::from_slice(&json).ok()?;
    map.get(field).cloned()
}

/// Islands get their values as props: nothing to read in the browser.
#[cfg(not(feature = "ssr"))]
pub fn value(_field: &str) -> Option<String> {
    None
}

/// `value(field)`, or `default` when nothing was kept.
pub fn or(field: &str, default: impl Into<String>) -> String {
    value(field).unwrap_or_else(|| default.into())
}
