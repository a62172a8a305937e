//! Server functions, one file per area (`sign_in`, `case`, `sharing`,
//! `shared`, `activity`, `work`, `concerns`, `referrals`, `requests`, `statements`, `timeline`, `plan`, `record`, `passkeys`, `joining`). Each is a thin shell: parse the input into domain
//! types, make one call to the area's port, shape the answer.

pub mod activity;
pub mod case;
pub mod concerns;
pub mod directory;
pub mod joining;
pub mod kept;
pub mod language;
pub mod notes;
pub mod oidc;
pub mod passkeys;
pub mod plan;
pub mod record;
pub mod referrals;
pub mod requests;
pub mod shared;
pub mod sharing;
pub mod sign_in;
pub mod statements;
pub mod timeline;
pub mod work;

#[cfg(feature = "ssr")]
pub mod context;
