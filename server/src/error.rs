//! The server's one error type. Services and the store answer `Result<T>`;
//! `From<Error> for AppError` is the one place that turns a failure into the
//! answer the browser gets, and the one place that logs its detail.

use app::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed (or refused a write that collides with a unique
    /// constraint: `CONFLICTS`).
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// A refusal the service decided on: not found, invalid input, limits.
    #[error("{0}")]
    Refused(AppError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<AppError> for Error {
    fn from(e: AppError) -> Self {
        Error::Refused(e)
    }
}

/// The unique constraints a second, simultaneous request doing the same
/// thing runs into (a double tap, a second tab, two instances): answered
/// as a conflict. PostgreSQL names the constraint; SQLite names its
/// columns instead ("UNIQUE constraint failed: t.a, t.b"), given beside
/// each name. Every other unique constraint (a random token's, the access
/// log's chain) is a fault of ours, answered as unavailable;
/// `tests/schema.rs` holds this list to both schemas and makes every
/// unique constraint one or the other.
pub const CONFLICTS: &[(&str, &str)] = &[
    ("accounts_email_key", "accounts.email"),
    ("cases_worker_id_key", "cases.worker_id"),
    ("one_participant_per_address", "participants.case_id, participants.email"),
    ("one_coordinator_per_case", "participants.case_id"),
    ("one_open_grant", "grants.participant_id, grants.category, grants.purpose"),
    ("protected_viewers_pkey", "protected_viewers.case_id, protected_viewers.participant_id"),
    ("adjustment_recipients_pkey", "adjustment_recipients.adjustment_id, adjustment_recipients.participant_id"),
    ("concern_shares_pkey", "concern_shares.concern_id, concern_shares.participant_id"),
    ("disclosure_comfort_pkey", "disclosure_comfort.case_id, disclosure_comfort.participant_id"),
    ("directory_hidden_pkey", "directory_hidden.viewer_id, directory_hidden.hidden_id"),
    ("advice_drafts_pkey", "advice_drafts.statement_id, advice_drafts.item"),
    (
        "milestone_reminders_pkey",
        "milestone_reminders.case_id, milestone_reminders.milestone, milestone_reminders.step, milestone_reminders.due",
    ),
    ("plan_agreements_pkey", "plan_agreements.version_id, plan_agreements.party"),
    ("oidc_links_pkey", "oidc_links.issuer, oidc_links.subject"),
    ("oidc_links_issuer_account_id_key", "oidc_links.issuer, oidc_links.account_id"),
];

impl Error {
    /// The unique constraint this write collided with, by its name, if it is
    /// one of `CONFLICTS`.
    pub fn conflict(&self) -> Option<&'static str> {
        let Error::Db(e) = self else { return None };
        let d = e.as_database_error().filter(|d| d.is_unique_violation())?;
        match d.constraint() {
            Some(name) => CONFLICTS.iter().find(|(n, _)| *n == name),
            None => {
                let columns = d.message().strip_prefix("UNIQUE constraint failed: ")?;
                CONFLICTS.iter().find(|(_, c)| *c == columns)
            }
        }
        .map(|(name, _)| *name)
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        if let Some(constraint) = e.conflict() {
            tracing::info!(constraint, "write refused by a unique constraint");
            return AppError::Conflict;
        }
        match e {
            Error::Refused(a) => a,
            Error::Db(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Unavailable
            }
        }
    }
}

/// The status of a refusal on a hand-written route (the record download,
/// the event stream): the one `AppError::status` every server function uses.
pub fn status_of(e: &AppError) -> axum::http::StatusCode {
    axum::http::StatusCode::from_u16(e.status()).unwrap_or(axum::http::StatusCode::SERVICE_UNAVAILABLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_pass_through_and_failures_say_nothing() {
        assert_eq!(AppError::from(Error::from(AppError::NotFound)), AppError::NotFound);
        let detail = Error::Db(sqlx::Error::Protocol("secret detail".into()));
        assert_eq!(AppError::from(detail), AppError::Unavailable);
    }
}
