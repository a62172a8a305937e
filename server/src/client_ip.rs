//! The client's address, for per-IP rate limits. Behind a reverse proxy the
//! peer is the proxy; then the client is taken from `X-Forwarded-For`, but
//! only when the peer is a proxy the operator named (`RTW_TRUSTED_PROXIES`),
//! since anyone can send that header. The same proxies may say the client
//! came over HTTPS (`X-Forwarded-Proto: https`): then every answer carries
//! `Strict-Transport-Security` (a year, subdomains included), so the
//! browser never tries plain HTTP again. (The portal itself never serves
//! TLS; without such a proxy it sends no HSTS, which would be meaningless
//! over plain HTTP.)

use app::ports::ClientIp;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The client behind `peer`: walking `X-Forwarded-For` from the right (the
/// entries our proxies appended), the first address that is not one of our
/// proxies. Without trusted proxies, or from an untrusted peer, the peer.
pub fn resolve(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops = forwarded_for.unwrap_or_default().split(',').rev().map(|h| h.trim().parse::<IpAddr>());
    for hop in hops {
        match hop {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            Err(_) => break,
        }
    }
    peer
}

/// Whether a trusted proxy says the client's request came over HTTPS.
pub fn over_https(peer: IpAddr, forwarded_proto: Option<&str>, trusted: &[IpAddr]) -> bool {
    trusted.contains(&peer)
        && forwarded_proto.and_then(|p| p.split(',').next()).is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// The scheme the client used, as a trusted proxy said (`X-Forwarded-Proto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientScheme(pub &'static str);

/// Middleware: records the resolved client address on the request (and
/// the scheme a trusted proxy names), and answers with HSTS when a trusted
/// proxy says the client used HTTPS.
pub async fn middleware(trusted: Arc<Vec<IpAddr>>, mut req: Request, next: Next) -> Response {
    let mut https = false;
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let xff = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let ip = resolve(peer.ip(), xff, &trusted);
        let proto = req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok());
        https = over_https(peer.ip(), proto, &trusted);
        let named = trusted.contains(&peer.ip()) && proto.is_some();
        req.extensions_mut().insert(ClientIp(ip));
        if named {
            req.extensions_mut().insert(ClientScheme(if https { "https" } else { "http" }));
        }
    }
    let mut res = next.run(req).await;
    if https {
        res.headers_mut().insert(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::{over_https, resolve};

    #[test]
    fn only_a_trusted_proxy_says_https() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        assert!(over_https(proxy, Some("https"), &[proxy]));
        assert!(over_https(proxy, Some("HTTPS, http"), &[proxy]));
        assert!(!over_https(proxy, Some("http"), &[proxy]));
        assert!(!over_https(proxy, None, &[proxy]));
        assert!(!over_https(stranger, Some("https"), &[proxy]), "anyone can send the header");
    }
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_trusted_proxies_may_name_the_client() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy];
        assert_eq!(resolve(proxy, Some("198.51.100.7"), &trusted), ip("198.51.100.7"));
        // A client cannot pick its own address by sending the header itself:
        // the proxy appends the real peer, which is what counts.
        assert_eq!(resolve(proxy, Some("1.2.3.4, 198.51.100.7"), &trusted), ip("198.51.100.7"));
        // Two of our proxies in a row are skipped.
        assert_eq!(resolve(proxy, Some("198.51.100.7, 10.0.0.2"), &trusted), ip("198.51.100.7"));
        // Straight from an untrusted peer the header means nothing.
        assert_eq!(resolve(ip("203.0.113.9"), Some("1.2.3.4"), &trusted), ip("203.0.113.9"));
        assert_eq!(resolve(proxy, Some("1.2.3.4"), &[]), proxy);
        // Garbage stops the walk at the proxy.
        assert_eq!(resolve(proxy, Some("nonsense"), &trusted), proxy);
        assert_eq!(resolve(proxy, None, &trusted), proxy);
    }
}
