//! Which answers are compressed on the fly, and why only those (BREACH).
//!
//! BREACH reads a secret out of compressed answers: someone who can both
//! put text of their choosing into a page and see the size of the
//! encrypted answer (on the network path) makes the victim's browser load
//! the page again and again; a guess that matches the secret compresses
//! better. It needs a secret and attacker text in the same answer.
//!
//! - Every signed-in page holds the secret (case data) and can hold such
//!   text: Activity's filters and the pager put the query string into the
//!   page, and `SameSite=Lax` lets a cross-site top-level navigation carry
//!   the session; pages also show what other people wrote (a referral's
//!   reason, a request's why, an employer's answer). So an answer to a
//!   request carrying any of the portal's cookies is never compressed.
//! - A visitor with none of them (the sign-in page, a referral link's first
//!   page, the not-found and unavailable pages) is shown no one's data, so
//!   there is no secret to find: those are compressed.
//! - The site's files hold no secret and are compressed once at start-up
//!   (`assets.rs`); they are served as they are.
use app::api::context::{cookie_in, SESSION_COOKIE, SIGN_IN_COOKIE};
use app::api::kept::KEPT_COOKIE;
use app::api::referrals::NEXT_COOKIE;
use axum::extract::Request;
use axum::http::{header, Extensions, HeaderMap, StatusCode, Version};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Marks an answer as safe to compress (see above).
#[derive(Clone, Copy)]
struct NoSecret;

/// Cookies that tie a request to a person: with any of them, no compression.
const PERSONAL: [&str; 4] = [SESSION_COOKIE, SIGN_IN_COOKIE, KEPT_COOKIE, NEXT_COOKIE];

/// True when the request carries none of the portal's personal cookies.
pub fn anonymous(headers: &HeaderMap) -> bool {
    PERSONAL.iter().all(|name| cookie_in(headers, name).is_none())
}

/// Runs inside the compression layer: tags the answers of anonymous requests.
pub async fn mark(req: Request, next: Next) -> Response {
    let anonymous = anonymous(req.headers());
    let mut res = next.run(req).await;
    // An answer that sets a personal cookie starts a person's session.
    let sets_personal = res.headers().get_all(header::SET_COOKIE).iter().any(|v| {
        let name = v.to_str().unwrap_or_default().split('=').next().unwrap_or_default().trim();
        PERSONAL.contains(&name)
    });
    if anonymous && !sets_personal {
        res.extensions_mut().insert(NoSecret);
    }
    res
}

/// Brotli or gzip for tagged answers only. A middle quality: these pages are
/// a few KB, and the highest brotli level would cost more time than the
/// bytes it saves on a phone's connection.
pub fn layer() -> CompressionLayer<impl Predicate> {
    let tagged = |_: StatusCode, _: Version, _: &HeaderMap, e: &Extensions| e.get::<NoSecret>().is_some();
    CompressionLayer::new().quality(CompressionLevel::Precise(5)).compress_when(DefaultPredicate::new().and(tagged))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, cookie.parse().unwrap());
        h
    }

    #[test]
    fn any_personal_cookie_makes_a_request_personal() {
        assert!(anonymous(&HeaderMap::new()));
        assert!(anonymous(&with("lang=fi; other=1")));
        for c in PERSONAL {
            assert!(!anonymous(&with(&format!("{c}=x"))), "{c}");
            assert!(!anonymous(&with(&format!("lang=fi; {c}=x"))), "{c} after another cookie");
        }
    }
}
