//! How long a sign-in lasts. The server enforces these; the browser uses
//! them to warn before an idle session ends (WCAG 2.2.1: a time limit must be
//! announced and extendable with a simple action).

/// A session ends after this long without a request.
pub const SESSION_IDLE_MS: i64 = 30 * 60 * 1000;
/// And after this long in any case.
pub const SESSION_ABSOLUTE_MS: i64 = 12 * 3600 * 1000;
/// The server refreshes a session's last-seen time at most this often, so
/// a page may have been served up to this long after the refresh.
pub const SESSION_TOUCH_EVERY_MS: i64 = 60 * 1000;
/// How long before the end the warning shows.
pub const SESSION_WARN_BEFORE_MS: i64 = 2 * 60 * 1000;

/// From a page load (or a "stay signed in"), when the warning shows and when
/// the session may have ended, in ms. Counted from the earliest moment the
/// server may have last refreshed the session, so never late.
pub fn idle_schedule() -> (i64, i64) {
    let ends = SESSION_IDLE_MS - SESSION_TOUCH_EVERY_MS;
    (ends - SESSION_WARN_BEFORE_MS, ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_comes_before_the_server_ends_the_session() {
        let (warn, ends) = idle_schedule();
        // The worst case: the server last refreshed just before the page.
        let server_ends_at_the_earliest = SESSION_IDLE_MS - SESSION_TOUCH_EVERY_MS;
        assert!(ends <= server_ends_at_the_earliest);
        // WCAG 2.2.1 asks for at least 20 seconds to react.
        assert!(ends - warn >= 20_000);
        assert!(warn > 0);
    }
}
