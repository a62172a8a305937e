//! The client's address, for per-IP rate limits. Behind a reverse proxy the
//! peer is the proxy; then the client is taken from `X-Forwarded-For`, but
//! only when the peer is a proxy the operator named (`RTW_TRUSTED_PROXIES`),
//! since anyone can send that header.

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

/// Middleware: records the resolved client address on the request.
pub async fn middleware(trusted: Arc<Vec<IpAddr>>, mut req: Request, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let xff = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let ip = resolve(peer.ip(), xff, &trusted);
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::resolve;
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
