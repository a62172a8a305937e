//! The server's one error type. Services and the store answer `Result<T>`;
//! `From<Error> for AppError` is the one place that turns a failure into the
//! answer the browser gets, and the one place that logs its detail.

use app::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed (or refused a write that collides with a unique
    /// constraint: a duplicate participant, a code redeemed twice).
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

impl Error {
    /// A write that collided with a unique constraint: someone did the same
    /// thing a moment earlier (a double tap, a second tab).
    /// The access log's fork guard (`access_log_chain`) is not one of them:
    /// that would be a fault of ours, answered as unavailable.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Db(e) if e.as_database_error().is_some_and(|d| {
            d.is_unique_violation() && !d.message().contains("access_log") && d.constraint() != Some("access_log_chain")
        }))
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        if e.is_conflict() {
            tracing::info!(error = %e, "write refused by a unique constraint");
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
