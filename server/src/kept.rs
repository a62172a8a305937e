//! Hands a page what was typed into its refused form: when a browser asks
//! for a page with the kept-input cookie, the values are taken from the
//! database (once) into the request's extensions, where `app::api::kept`
//! reads them while rendering, and the cookie is cleared.

use app::api::context::{cookie_in, SESSION_COOKIE};
use app::api::kept::KeptInput;
use app::api::kept::KEPT_COOKIE as KEPT_COOKIE_NAME;
use app::ports::SharedPortal;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

pub async fn middleware(portal: SharedPortal, mut req: Request, next: Next) -> Response {
    // Only a page load takes them: a form post in between keeps its own.
    let page_load = req.method() == Method::GET
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let Some(key) = cookie_in(req.headers(), KEPT_COOKIE_NAME).filter(|_| page_load) else {
        return next.run(req).await;
    };
    let session = cookie_in(req.headers(), SESSION_COOKIE);
    match portal.take_input(&key, session.as_deref()).await {
        Ok(Some(json)) => match serde_json::from_str(&json) {
            Ok(map) => {
                req.extensions_mut().insert(KeptInput(map));
            }
            Err(_) => tracing::warn!("kept input did not parse"),
        },
        Ok(None) => {}
        Err(_) => tracing::warn!("kept input could not be read"),
    }
    let mut res = next.run(req).await;
    let clear = format!("{KEPT_COOKIE_NAME}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&clear) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}
