//! The one error type every server function answers with. It carries no
//! detail that could leak: the server logs details and sends only the kind.

use crate::domain::FieldError;
use serde::{Deserialize, Serialize};
use server_fn_error::*;

mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Some fields were wrong; nothing was changed.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request itself was malformed (missing or unreadable fields).
    #[error("bad request")]
    BadRequest,
    /// Not there, or not yours: the two must look the same (promise 4).
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    SignInRequired,
    /// A professional's case page needs a session signed in with a passkey.
    #[error("passkey required")]
    PasskeyRequired,
    #[error("too many requests")]
    TooManyRequests,
    /// The request collides with what is already there (the same person
    /// twice, a code or link used twice); nothing was changed.
    #[error("conflict")]
    Conflict,
    /// Could not reach the server (browser side only).
    #[error("offline")]
    Offline,
    /// Something failed on our side; details are in the server log only.
    #[error("unavailable")]
    Unavailable,
}

impl AppError {
    pub fn field(field: &str, key: crate::domain::ErrorKey) -> Self {
        AppError::Invalid(vec![FieldError::new(field, key)])
    }

    /// The HTTP status that goes with each kind; bad input is never a 500.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::BadRequest => 400,
            AppError::NotFound => 404,
            AppError::SignInRequired => 401,
            AppError::PasskeyRequired => 403,
            AppError::TooManyRequests => 429,
            AppError::Conflict => 409,
            AppError::Offline | AppError::Unavailable => 503,
        }
    }

    /// Errors for one form field, if any.
    pub fn for_field(&self, field: &str) -> Vec<crate::domain::ErrorKey> {
        match self {
            AppError::Invalid(errors) => errors.iter().filter(|e| e.field == field).map(|e| e.key).collect(),
            _ => Vec::new(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) => AppError::Offline,
            _ => AppError::Unavailable,
        }
    }

    /// Every server function's error passes through here on its way out,
    /// inside its request: the answer's status is set from the error itself
    /// (Leptos 0.8 answers every server-function error with 500).
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        crate::api::context::answer_status(self.status());
        serde_json::to_vec(self).unwrap_or_default().into()
    }
}
