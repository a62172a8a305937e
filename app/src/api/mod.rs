//! Server functions, one file per area. Each is a thin shell: parse the
//! input into domain types, ask the `Portal` service, shape the answer.

pub mod auth;
pub mod case;
pub mod consent;
pub mod dev;
pub mod kept;
pub mod language;

#[cfg(feature = "ssr")]
pub mod context;
