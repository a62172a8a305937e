//! Pages, one folder per area (the same names as `api/`, `ports/` and the
//! server's `services/`); `components/` holds only what several areas share.

pub mod activity;
pub mod case;
pub mod concerns;
pub mod directory;
pub mod joining;
pub mod not_found;
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
pub mod unavailable;
pub mod work;
