//! State changes come from this site only. Every change is a POST; a POST
//! whose `Origin` names another site (or, without `Origin`, whose
//! `Sec-Fetch-Site` is not `same-origin`) is refused with 403 before any
//! work, whatever cookies it carries: `SameSite=Lax` alone lets a sibling
//! subdomain's page post with the session. Requests without either header
//! do not come from a browser's page and carry no ambient session risk.
//! Our pages send `Referrer-Policy: no-referrer`, under which browsers send
//! `Origin: null` on a form post: then `Sec-Fetch-Site` must say
//! `same-origin` (a sandboxed page elsewhere also sends `null`, with
//! `cross-site`).

use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn only(req: Request, next: Next) -> Response {
    if req.method() == Method::POST && !from_this_site(req.headers()) {
        tracing::warn!(path = %req.uri().path(), "cross-site POST refused");
        return (StatusCode::FORBIDDEN, "This request did not come from rtw-portal.").into_response();
    }
    next.run(req).await
}

/// Whether the request's page was this site: its origin's host and port are
/// the ones asked for (the scheme may differ behind a TLS-terminating proxy).
pub fn from_this_site(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    // A header that is there but not readable text is not absent: it names no site.
    let sent = |name| headers.get(name).map(|v| v.to_str().unwrap_or_default());
    let fetch_site = sent(header::HeaderName::from_static("sec-fetch-site"));
    match sent(header::ORIGIN) {
        Some("null") => fetch_site == Some("same-origin"),
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, host)| host.trim_end_matches('/'));
            matches!((origin_host, text(header::HOST)), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
        None => matches!(fetch_site, None | Some("same-origin" | "none")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_this_site_may_post() {
        let own = [("host", "portal.example"), ("origin", "https://portal.example")];
        assert!(from_this_site(&headers(&own)));
        assert!(from_this_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        for evil in ["https://evil.example", "https://sub.portal.example", "null", "http://127.0.0.1:3001"] {
            let h = headers(&[("host", "portal.example"), ("origin", evil)]);
            assert!(!from_this_site(&h), "{evil}");
        }
        assert!(!from_this_site(&headers(&[("host", "portal.example"), ("sec-fetch-site", "same-site")])));
        assert!(!from_this_site(&headers(&[("host", "portal.example"), ("sec-fetch-site", "cross-site")])));
        assert!(from_this_site(&headers(&[("host", "portal.example"), ("sec-fetch-site", "same-origin")])));
        assert!(from_this_site(&headers(&[("host", "portal.example")])), "not a browser");
        // Origin `null` (our no-referrer pages, or a sandboxed page anywhere).
        let null =
            |site: &'static str| headers(&[("host", "portal.example"), ("origin", "null"), ("sec-fetch-site", site)]);
        assert!(from_this_site(&null("same-origin")));
        assert!(!from_this_site(&null("cross-site")));
        assert!(!from_this_site(&null("same-site")));
        assert!(!from_this_site(&headers(&[("host", "portal.example"), ("origin", "null")])));
    }
}
