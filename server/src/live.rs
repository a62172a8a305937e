//! `GET /events/{case}`: server-sent events telling an open page that its
//! case changed (event and data both "changed", nothing else), so its
//! island reloads that part. Only the worker, or a participant who sees
//! something, may follow a case; anyone else gets the same 404 as for a
//! case that does not exist. Without JavaScript the next page load shows
//! the same.
//!
//! The right to the stream is asked again whenever something may have
//! changed (`LivePort::watch`): after every change of its case, after any
//! session ended (a sign-out anywhere: a cheap check of its own session),
//! and every `RECHECK_EVERY` (a session that expired, a grant that ended by
//! its date). A stream whose session ended or expired, or whose holder was
//! removed or lost every grant, says "ended" and ends: the page stops
//! listening and asks the server again a moment later (which decides what
//! it may still show), unless it is being left (its own sign-out). A participant's
//! stream says "changed" only when what their page may show changed.

use crate::services::events::Change;
use crate::AppState;
use app::api::context::{cookie_in, SESSION_COOKIE};
use app::domain::CaseId;
use app::error::AppError;
use app::ports::{SharedPortal, Watch};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;

/// How often an open stream asks again without being told of a change.
pub const RECHECK_EVERY: Duration = Duration::from_secs(15);

pub async fn stream(State(state): State<AppState>, Path(case): Path<String>, headers: HeaderMap) -> Response {
    let Some(token) = cookie_in(&headers, SESSION_COOKIE) else { return StatusCode::UNAUTHORIZED.into_response() };
    let account = match state.portal.session(&token).await {
        Ok(Some(a)) => a,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(AppError::TooManyRequests) => return StatusCode::TOO_MANY_REQUESTS.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let Ok(case) = case.parse::<CaseId>() else { return StatusCode::NOT_FOUND.into_response() };
    if let Err(e) = state.portal.follow(&account, case).await {
        return crate::error::status_of(&e).into_response();
    }
    // Listening before the first look: nothing committed in between is missed.
    let rx = state.events.subscribe();
    let seen = match state.portal.watch(&token, case, true).await {
        Ok(Watch::Open(digest)) => digest,
        Ok(Watch::Closed) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let recheck_at = tokio::time::Instant::now() + RECHECK_EVERY;
    let follower = Follower { portal: state.portal.clone(), token, case, rx, seen, ended: false, recheck_at };
    let events = futures_util::stream::unfold(follower, |mut f| async move {
        let changed = f.next().await?;
        Some((Ok::<_, std::convert::Infallible>(changed), f))
    });
    let mut res = Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))).into_response();
    // Nothing of a stream is kept by a browser or a proxy.
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}

/// One open stream: what its holder's page showed when last told.
struct Follower {
    portal: SharedPortal,
    token: String,
    case: CaseId,
    rx: Receiver<Change>,
    seen: Option<String>,
    /// The last "changed" was sent: the stream ends now.
    ended: bool,
    /// When to ask again if nothing happens before (other cases' changes
    /// do not put it off).
    recheck_at: tokio::time::Instant,
}

/// Why the stream asks again.
enum Cause {
    /// Its case changed (or anything may have): the view is compared.
    Case,
    /// A session ended somewhere: only its own session is checked.
    Session,
    /// Time passed: everything is checked; "changed" only if the view did.
    Time,
}

impl Follower {
    /// The next event to send, or `None` when the stream ends.
    async fn next(&mut self) -> Option<Event> {
        if self.ended {
            return None;
        }
        loop {
            let cause = tokio::select! {
                got = self.rx.recv() => match got {
                    Ok(Change::Case(c)) if c != self.case => continue,
                    Ok(Change::Closing) | Err(RecvError::Closed) => return None,
                    Ok(Change::Sessions) => Cause::Session,
                    // This case, everything (a lost listener), or missed announcements.
                    Ok(Change::Case(_) | Change::Everything) | Err(RecvError::Lagged(_)) => Cause::Case,
                },
                _ = tokio::time::sleep_until(self.recheck_at) => Cause::Time,
            };
            // Several changes at once are one look.
            let mut cause = cause;
            while let Ok(more) = self.rx.try_recv() {
                match more {
                    Change::Closing => return None,
                    Change::Case(c) if c == self.case => cause = Cause::Case,
                    Change::Everything => cause = Cause::Case,
                    Change::Case(_) | Change::Sessions => {}
                }
            }
            let view = !matches!(cause, Cause::Session);
            if view {
                self.recheck_at = tokio::time::Instant::now() + RECHECK_EVERY;
            }
            match self.portal.watch(&self.token, self.case, view).await {
                Ok(Watch::Closed) => {
                    self.ended = true;
                    return Some(ended());
                }
                Ok(Watch::Open(_)) if !view => continue,
                // The worker: every change of the case is theirs.
                Ok(Watch::Open(None)) if matches!(cause, Cause::Case) => return Some(changed()),
                Ok(Watch::Open(None)) => continue,
                Ok(Watch::Open(Some(digest))) => {
                    if self.seen.as_deref() != Some(digest.as_str()) {
                        self.seen = Some(digest);
                        return Some(changed());
                    }
                }
                // The database is away: the stream stays, and asks again later.
                Err(_) => continue,
            }
        }
    }
}

/// "changed": what a stream says about its case, and nothing more. (An
/// event with empty data is never dispatched by browsers.)
fn changed() -> Event {
    Event::default().event("changed").data("changed")
}

/// "ended": the stream's last word; the page stops listening and, unless
/// it is being left anyway, asks the server again a moment later.
fn ended() -> Event {
    Event::default().event("ended").data("ended")
}
