//! Keeps what was typed when a form is refused: the browser is redirected
//! back to the page, which then renders the typed values again. They stay
//! on the server (`SignInPort::keep_input`), read once, for ten minutes;
//! the browser holds only a random key in a short-lived HttpOnly cookie, so
//! no typed text (a long concern, say) travels in a cookie or a URL. Values
//! are keyed by the server function and its argument name, so a page asks
//! for exactly what its form posted.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::server_fn::ServerFn;
use std::collections::BTreeMap;

pub const KEPT_COOKIE: &str = "__Host-rtw-kept";

/// What was kept for this request; the server's middleware puts it in the
/// request's extensions when the browser presents the key.
#[derive(Debug, Clone, Default)]
pub struct KeptInput(pub BTreeMap<String, String>);

/// The key of argument `field` of server function `S` (`field` may carry a
/// prefix, as `p7.name` for the contact form of participant 7).
fn key<S: ServerFn>(field: &str) -> String {
    format!("{}#{field}", S::PATH)
}

/// On a validation error of a plain form post to `S`, keeps `fields` for
/// the next page render. Returns `result` unchanged.
#[cfg(feature = "ssr")]
pub async fn on_error<S: ServerFn, T>(result: Result<T, AppError>, fields: &[(&str, &str)]) -> Result<T, AppError> {
    use super::context::{cookie, is_form_post, portal, set_cookie, SESSION_COOKIE};
    if matches!(result, Err(AppError::Invalid(_))) && is_form_post() {
        let map: BTreeMap<String, &str> = fields.iter().map(|(f, v)| (key::<S>(f), *v)).collect();
        let json = serde_json::to_string(&map).unwrap_or_default();
        let session = cookie(SESSION_COOKIE);
        match portal()?.keep_input(session.as_deref(), super::context::client_ip(), &json).await {
            Ok(Some(k)) => set_cookie(KEPT_COOKIE, &k, Some(600), true),
            // Signed out and over the sign-in limit: the message alone.
            Ok(None) => {}
            // The refusal itself still reaches the person.
            Err(_) => tracing::warn!("typed input of a refused form could not be kept"),
        }
    }
    result
}

/// The value typed into argument `field` of `S` before the last refused
/// plain form post.
#[cfg(feature = "ssr")]
pub fn value<S: ServerFn>(field: &str) -> Option<String> {
    // Borrowed, not cloned: every field of a page asks.
    leptos::prelude::with_context::<axum::http::request::Parts, _>(|parts| {
        parts.extensions.get::<KeptInput>()?.0.get(&key::<S>(field)).cloned()
    })
    .flatten()
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
