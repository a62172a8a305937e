//! `GET /case/{case_id}/record/{format}`: the worker's record as a file
//! (`json` or `fhir`), saved by the browser under its name. A plain link,
//! so it works without JavaScript. Who may download is the permission
//! table's `ExportRecord` (the worker only); anyone else gets the same 404
//! as for a case that does not exist, and each download is logged.

use crate::AppState;
use app::api::context::{cookie_in, SESSION_COOKIE};
use app::domain::{CaseId, RecordFormat};
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn download(
    State(state): State<AppState>,
    Path((case, format)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = cookie_in(&headers, SESSION_COOKIE) else { return StatusCode::UNAUTHORIZED.into_response() };
    let account = match state.portal.session(&token).await {
        Ok(Some(a)) => a,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => return refused(e),
    };
    let (Ok(case), Ok(format)) = (case.parse::<CaseId>(), format.parse::<RecordFormat>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.portal.export_record(&account, case, format).await {
        Ok(file) => {
            let disposition = format!("attachment; filename=\"{}\"", file.name);
            // Written as it is sent, a page of the log at a time.
            let mut res = axum::body::Body::from_stream(file.body).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.media_type));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(e) => refused(e),
    }
}

fn refused(e: AppError) -> Response {
    crate::error::status_of(&e).into_response()
}
