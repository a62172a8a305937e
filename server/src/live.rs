//! `GET /events/{case}`: server-sent events telling an open page that its
//! case changed (event and data both "changed", nothing else), so its island reloads that part. Only
//! the worker or a participant may follow a case; anyone else gets the
//! same 404 as for a case that does not exist. Without JavaScript the next
//! page load shows the same.

use crate::services::events::Change;
use crate::AppState;
use app::api::context::{cookie_in, SESSION_COOKIE};
use app::domain::CaseId;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

pub async fn stream(State(state): State<AppState>, Path(case): Path<String>, headers: HeaderMap) -> Response {
    let Some(token) = cookie_in(&headers, SESSION_COOKIE) else { return StatusCode::UNAUTHORIZED.into_response() };
    let account = match state.portal.session(&token).await {
        Ok(Some(a)) => a,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let Ok(case) = case.parse::<CaseId>() else { return StatusCode::NOT_FOUND.into_response() };
    match state.portal.follow(&account, case).await {
        Ok(()) => {}
        Err(AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
    let rx = state.events.subscribe();
    let events = futures_util::stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(Change::Case(c)) if c != case => continue,
                Ok(Change::Closing) | Err(RecvError::Closed) => return None,
                // This case, everything (a lost listener), or missed
                // announcements: the page reloads its part either way.
                // (An event with empty data is never dispatched by browsers.)
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    return Some((
                        Ok::<_, std::convert::Infallible>(Event::default().event("changed").data("changed")),
                        rx,
                    ))
                }
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))).into_response()
}
