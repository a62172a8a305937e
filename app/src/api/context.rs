//! Request plumbing shared by the server functions: the service, the
//! signed-in account, cookies and the client address.

use crate::error::AppError;
use crate::ports::{Account, SharedPortal};
// Server functions call the area ports through `portal()`.
pub use crate::ports::prelude::*;
use axum::http::{header, request::Parts, HeaderValue};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Session cookie. `__Host-` pins it to this origin, Secure and Path=/.
pub const SESSION_COOKIE: &str = "__Host-rtw-session";
/// Holds the address a sign-in code was sent to, between the two sign-in steps.
pub const SIGN_IN_COOKIE: &str = "__Host-rtw-sign-in";
/// A browser that signed in before: a 256-bit token (stored hashed) whose
/// own budget of wrong codes strangers cannot spend. Signing out clears it
/// with every other cookie (a shared computer keeps nothing).
pub const DEVICE_COOKIE: &str = "__Host-rtw-device";

/// The sign-in cookie's value: the browser's attempt key and the address
/// the code went to.
pub fn sign_in_cookie_value(attempt: &str, email: &crate::domain::Email) -> String {
    format!("{attempt}.{}", email.as_str())
}

/// The attempt key and address in this request's sign-in cookie.
pub fn sign_in_attempt() -> Option<(String, crate::domain::Email)> {
    let value = cookie(SIGN_IN_COOKIE)?;
    let (attempt, email) = value.split_once('.')?;
    let attempt_ok =
        !attempt.is_empty() && attempt.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    Some((attempt.to_string(), crate::domain::Email::parse(email).ok()?)).filter(|_| attempt_ok)
}

/// The zone the person reads times in (an IANA name), as their account
/// holds it: set at sign-in, when they choose one, and when their browser
/// reports its own to an account without one. Not secret; it spares every
/// page a read of the account.
pub const ZONE_COOKIE: &str = "__Host-rtw-zone";

/// The reader's zone as this request read it, once
/// (`provide_request_contexts`): a page shows many times, each asking.
#[derive(Clone, Copy)]
pub struct ReaderZone(pub Option<crate::domain::Zone>);

/// The reader's time zone, when this browser knows it (`ZONE_COOKIE`).
pub fn reader_zone() -> Option<crate::domain::Zone> {
    match use_context::<ReaderZone>() {
        Some(ReaderZone(zone)) => zone,
        None => cookie(ZONE_COOKIE).and_then(|z| z.parse().ok()),
    }
}

/// Remembers the reader's zone in this browser for a year.
pub fn remember_zone(zone: crate::domain::Zone) {
    set_cookie(ZONE_COOKIE, zone.name(), Some(365 * 24 * 3600), true);
}

/// leptos_i18n's own cookie, set server-side too so the switch works without JavaScript.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

pub fn portal() -> Result<SharedPortal, AppError> {
    use_context::<SharedPortal>().ok_or_else(|| {
        tracing::error!("portal service missing from context");
        AppError::Unavailable
    })
}

/// `f` of the request's head, borrowed: a page asks many times (every
/// field, every server function), and a clone copies every header.
fn with_parts<R>(f: impl FnOnce(&Parts) -> R) -> Option<R> {
    with_context::<Parts, R>(f)
}

pub fn cookie(name: &str) -> Option<String> {
    with_parts(|p| cookie_in(&p.headers, name)).flatten()
}

/// The value of cookie `name` in a request's headers.
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Adds a Set-Cookie header. `max_age` of `None` deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, http_only: bool) {
    let Some(response) = use_context::<ResponseOptions>() else { return };
    let age = max_age.unwrap_or(0);
    let http_only = if http_only { "; HttpOnly" } else { "" };
    let line = format!("{name}={value}; Path=/; Max-Age={age}; Secure; SameSite=Lax{http_only}");
    if let Ok(v) = HeaderValue::from_str(&line) {
        response.append_header(header::SET_COOKIE, v);
    }
}

/// Whether a sign-in may continue to `p` (`referrals::NEXT_COOKIE`): a
/// page of the portal a link pointed to, `/case…`, `/shared/…` or a join
/// code's (`/join/…`), in path characters only (never another site, a
/// query or a `//`).
pub fn is_destination(p: &str) -> bool {
    let ours =
        p == "/case" || ["/case/", "/shared/", "/passport/view/", "/join/"].iter().any(|start| p.starts_with(start));
    let plain = p.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_'));
    ours && plain && !p.contains("//")
}

/// A signed-out visitor's page (a mail's link, a bookmark) is where their
/// sign-in continues, for a quarter of an hour.
pub fn remember_destination() {
    let here = with_parts(|p| p.uri.path().to_string()).filter(|p| is_destination(p));
    if let Some(path) = here {
        set_cookie(super::referrals::NEXT_COOKIE, &path, Some(15 * 60), true);
    }
}

/// The status of a server function's answer. A form post from a page keeps
/// the redirect back to it (the refusal travels in its address).
pub fn answer_status(status: u16) {
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(response) = use_context::<ResponseOptions>().filter(|_| !is_form_post()) {
        response.set_status(status);
    }
}

/// A form post from a page (not a script's fetch): the browser asked for a page.
pub fn is_form_post() -> bool {
    with_parts(|p| p.headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html")))
        .flatten()
        .unwrap_or(false)
}

pub fn client_ip() -> IpAddr {
    with_parts(|p| {
        let resolved = p.extensions.get::<crate::ports::ClientIp>().map(|c| c.0);
        let peer = p.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        resolved.or(peer)
    })
    .flatten()
    .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

pub fn language() -> String {
    with_parts(|p| language_in(&p.headers)).unwrap_or_else(|| "en".into())
}

/// The reader's language from a request's headers: the language cookie,
/// else the first supported one of `Accept-Language`, else English.
pub fn language_in(headers: &axum::http::HeaderMap) -> String {
    const SUPPORTED: [&str; 3] = ["en", "fi", "nl"];
    let from_cookie = cookie_in(headers, LANGUAGE_COOKIE).filter(|l| SUPPORTED.contains(&l.as_str()));
    from_cookie.unwrap_or_else(|| {
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        accept
            .split(',')
            .map(|l| l.trim().get(..2).unwrap_or("").to_lowercase())
            .find(|l| SUPPORTED.contains(&l.as_str()))
            .unwrap_or_else(|| "en".into())
    })
}

/// The session's account as this request found it, looked up once: each
/// of a page's resources asks, and each lookup is a database read. Kept
/// with the session token it belongs to, and used only for that token.
#[derive(Clone, Default)]
pub struct PageAccount(std::sync::Arc<futures_util::lock::Mutex<Option<FoundFor>>>);

/// A session token and the account it found (`None`: signed out).
type FoundFor = (String, Option<Account>);

/// The contexts of one request, provided where the server provides its
/// service (`server::build_router`, for pages and server functions alike):
/// the account memo and the reader's zone. Each request must have its own:
/// Leptos makes a server function's owner a child of whatever owner is
/// current on the thread, which can be another request's page, and
/// `use_context` would find that page's (seen in the crash harness, where
/// one worker's write was refused as another's).
pub fn provide_request_contexts() {
    provide_context(PageAccount::default());
    provide_context(ReaderZone(cookie(ZONE_COOKIE).and_then(|z| z.parse().ok())));
}

/// The signed-in account, or `SignInRequired`.
pub async fn account() -> Result<Account, AppError> {
    let token = cookie(SESSION_COOKIE).ok_or(AppError::SignInRequired)?;
    let found = match use_context::<PageAccount>() {
        Some(PageAccount(memo)) => {
            let mut memo = memo.lock().await;
            match &*memo {
                Some((for_token, found)) if *for_token == token => found.clone(),
                _ => {
                    let found = portal()?.session(&token).await?;
                    *memo = Some((token, found.clone()));
                    found
                }
            }
        }
        None => portal()?.session(&token).await?,
    };
    found.ok_or(AppError::SignInRequired)
}

/// An id from a form or URL; one that does not parse is simply not there.
pub fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}
