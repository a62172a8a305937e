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

/// `public_scheme`: the scheme of `RTW_PUBLIC_URL`, what people's browsers
/// use unless a trusted proxy says otherwise (`client_ip::ClientScheme`).
pub async fn only(public_scheme: std::sync::Arc<str>, req: Request, next: Next) -> Response {
    if req.method() == Method::POST {
        let scheme = req.extensions().get::<crate::client_ip::ClientScheme>().map_or(&*public_scheme, |s| s.0);
        if !from_this_site(req.headers(), scheme) {
            tracing::warn!(path = %crate::loggable_path(req.uri().path()), "cross-site POST refused");
            return (StatusCode::FORBIDDEN, "This request did not come from rtw-portal.").into_response();
        }
    }
    next.run(req).await
}

/// Whether the request's page was this site: its origin's scheme, host and
/// port are the ones the request was made to (`scheme`: what the client
/// used; host and port from `Host`, a missing port being the scheme's).
pub fn from_this_site(headers: &HeaderMap, scheme: &str) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    // A header that is there but not readable text is not absent: it names no site.
    let sent = |name| headers.get(name).map(|v| v.to_str().unwrap_or_default());
    let fetch_site = sent(header::HeaderName::from_static("sec-fetch-site"));
    match sent(header::ORIGIN) {
        Some("null") => fetch_site == Some("same-origin"),
        Some(origin) => {
            // (Browsers send no trailing slash; one is forgiven.)
            let origin = origin.split_once("://").and_then(|(s, rest)| {
                let rest = rest.strip_suffix('/').unwrap_or(rest);
                Some((s, authority(s, rest)?))
            });
            let asked = text(header::HOST).and_then(|h| authority(scheme, h));
            match (origin, asked) {
                (Some((o_scheme, o)), Some(h)) => o_scheme.eq_ignore_ascii_case(scheme) && o == h,
                _ => false,
            }
        }
        None => matches!(fetch_site, None | Some("same-origin" | "none")),
    }
}

/// Host (lowercase) and port of an origin's or a `Host` header's
/// authority, the port defaulting to the scheme's; `None` if malformed or
/// followed by a path.
fn authority(scheme: &str, text: &str) -> Option<(String, u16)> {
    let default = match scheme.to_ascii_lowercase().as_str() {
        "https" => 443,
        "http" => 80,
        _ => return None,
    };
    // The host: a bracketed IPv6 address, or everything up to a colon.
    let host_len = match text.strip_prefix('[') {
        Some(v6) => v6.find(']')? + 2,
        None => text.find(':').unwrap_or(text.len()),
    };
    let (host, after) = text.split_at(host_len);
    let port = match after.strip_prefix(':') {
        Some(p) => p.parse().ok()?,
        None if after.is_empty() => default,
        None => return None,
    };
    (!host.is_empty() && !host.contains(['/', '?', '#', '@'])).then(|| (host.to_ascii_lowercase(), port))
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

    fn from_this_site(h: &HeaderMap) -> bool {
        super::from_this_site(h, "https")
    }

    #[test]
    fn scheme_host_and_port_must_all_match() {
        let http = |origin: &'static str| headers(&[("host", "127.0.0.1:3000"), ("origin", origin)]);
        assert!(super::from_this_site(&http("http://127.0.0.1:3000"), "http"));
        assert!(!super::from_this_site(&http("https://127.0.0.1:3000"), "http"));
        assert!(!super::from_this_site(&http("http://127.0.0.1:3000"), "https"));
        assert!(!super::from_this_site(&http("http://127.0.0.1"), "http"));
        assert!(!super::from_this_site(&http("http://127.0.0.1:3000/x"), "http"));
        // A missing port is the scheme's own.
        let p = |host: &'static str, origin: &'static str| headers(&[("host", host), ("origin", origin)]);
        assert!(super::from_this_site(&p("portal.example", "https://portal.example:443"), "https"));
        assert!(super::from_this_site(&p("portal.example:443", "https://Portal.Example"), "https"));
        assert!(!super::from_this_site(&p("portal.example", "https://portal.example:8443"), "https"));
        assert!(super::from_this_site(&p("[::1]:3000", "http://[::1]:3000"), "http"));
        assert!(!super::from_this_site(&p("[::1]:3000", "http://[::1]:3001"), "http"));
    }

    #[test]
    fn only_this_site_may_post() {
        let own = [("host", "portal.example"), ("origin", "https://portal.example")];
        assert!(from_this_site(&headers(&own)));
        assert!(super::from_this_site(
            &headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]),
            "http"
        ));
        for evil in [
            "https://evil.example",
            "https://sub.portal.example",
            "null",
            "http://127.0.0.1:3001",
            "http://portal.example",
        ] {
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
