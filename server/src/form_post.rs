//! What every plain form post to a server function passes through, after
//! the body is read once:
//!
//! - **Only UTF-8.** A field whose percent-decoded bytes are not UTF-8 is
//!   refused with 400 before any work (decoding would otherwise store
//!   replacement characters in place of what was typed).
//! - **Where it returns to.** Every page sends `Referrer-Policy: no-referrer`
//!   (a link's token never leaks through a Referer, and no other site learns
//!   our addresses), so browsers send no Referer; instead every form carries
//!   its page's path in a hidden `here` field (`app::components::Here`). This
//!   layer hands that path to the server-function handler as the Referer it
//!   would have used (to come back to the page, with a refusal's field
//!   errors), and turns the Location of the answer back into a path.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A stand-in origin: the handler needs an absolute URL to add error
/// details to; it never leaves this layer.
const BASE: &str = "http://here.invalid";

pub async fn middleware(req: Request, next: Next) -> Response {
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/") || !form {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if !fields_are_utf8(&bytes) {
        tracing::info!(path = %crate::loggable_path(parts.uri.path()), "form post with fields that are not UTF-8 refused");
        let lang = app::api::context::language_in(&parts.headers);
        return (StatusCode::BAD_REQUEST, app::text::unreadable_input(&lang)).into_response();
    }
    // Only our own field decides; a Referer a browser sent anyway is ignored.
    parts.headers.remove(header::REFERER);
    let here = form_urlencoded::parse(&bytes).find(|(k, _)| k == "here").map(|(_, v)| v.into_owned());
    if let Some(v) = here.filter(|h| is_local_path(h)).and_then(|h| HeaderValue::from_str(&format!("{BASE}{h}")).ok()) {
        parts.headers.insert(header::REFERER, v);
    }
    let mut res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    // (Removing a previous error from the query can leave a bare `?`.)
    let back = res.headers().get(header::LOCATION).and_then(|l| {
        let path = l.to_str().ok()?.strip_prefix(BASE)?;
        Some(path.strip_suffix('?').unwrap_or(path).to_string())
    });
    if let Some(v) = back.and_then(|p| HeaderValue::from_str(&p).ok()) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Whether every name and value of a form body decodes to UTF-8.
fn fields_are_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').flat_map(|pair| pair.split(|b| *b == b'=')).all(|part| {
        let plus_as_space: Vec<u8> = part.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
        percent_encoding::percent_decode(&plus_as_space).decode_utf8().is_ok()
    })
}

/// A path on this site: never another host (`//evil`, `/\evil`), a scheme,
/// or control characters.
fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && p.len() <= 2048
        && p.chars().all(|c| !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::{fields_are_utf8, is_local_path};

    #[test]
    fn fields_must_be_utf8() {
        assert!(fields_are_utf8(b"name=Sanna+M%C3%A4kinen&email=s%40example.com"));
        assert!(fields_are_utf8(b""));
        assert!(!fields_are_utf8(b"name=%FF%FE"));
        assert!(!fields_are_utf8(b"%C3=x"), "a name cut in the middle of a character");
        assert!(!fields_are_utf8(b"what=\xff"));
    }

    #[test]
    fn only_paths_on_this_site() {
        assert!(is_local_path("/case/1/work?older=5"));
        for bad in ["//evil.example", "/\\evil.example", "https://evil.example/", "", "case", "/a\nb"] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
