//! Keeps what was typed when a form is refused: the browser is redirected
//! back to the page, which then renders the typed values again. They travel
//! in a short-lived HttpOnly cookie, never in the URL (only error kinds go
//! there). Values are keyed by the server function and its argument name,
//! so a page asks for exactly what its form posted.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::server_fn::ServerFn;
#[cfg(feature = "ssr")]
use std::collections::BTreeMap;

pub const KEPT_COOKIE: &str = "__Host-rtw-kept";

/// The key of argument `field` of server function `S` (`field` may carry a
/// prefix, as `p7.name` for the contact form of participant 7).
fn key<S: ServerFn>(field: &str) -> String {
    format!("{}#{field}", S::PATH)
}

/// On a validation error of a plain form post to `S`, remembers `fields`
/// for the next page render. Returns `result` unchanged.
#[cfg(feature = "ssr")]
pub fn on_error<S: ServerFn, T>(result: Result<T, AppError>, fields: &[(&str, &str)]) -> Result<T, AppError> {
    use super::context::{is_form_post, set_cookie};
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    if matches!(result, Err(AppError::Invalid(_))) && is_form_post() {
        let map: BTreeMap<String, &str> = fields.iter().map(|(f, v)| (key::<S>(f), *v)).collect();
        let json = serde_json::to_vec(&map).unwrap_or_default();
        set_cookie(KEPT_COOKIE, &URL_SAFE_NO_PAD.encode(json), Some(60), true);
    }
    result
}

/// The value typed into argument `field` of `S` before the last refused
/// plain form post.
#[cfg(feature = "ssr")]
pub fn value<S: ServerFn>(field: &str) -> Option<String> {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let raw = super::context::cookie(KEPT_COOKIE)?;
    let json = URL_SAFE_NO_PAD.decode(raw).ok()?;
    let map: BTreeMap<String, String> = serde_json::from_slice(&json).ok()?;
    map.get(&key::<S>(field)).cloned()
}

/// Islands get their values as props: nothing to read in the browser.
#[cfg(not(feature = "ssr"))]
pub fn value<S: ServerFn>(field: &str) -> Option<String> {
    let _ = key::<S>(field);
    None
}

/// `value::<S>(field)`, or `default` when nothing was kept.
pub fn or<S: ServerFn>(field: &str, default: impl Into<String>) -> String {
    value::<S>(field).unwrap_or_else(|| default.into())
}
