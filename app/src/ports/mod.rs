//! What the pages need from the server, one trait per area: the `server`
//! crate implements each over the database (`server/src/services/<area>.rs`)
//! and provides their union, `Portal`, as Leptos context, so server
//! functions stay one call and never name a database type.

mod activity;
mod case;
mod concerns;
mod directory;
mod joining;
mod live;
mod notes;
mod oidc;
mod passkeys;
mod plan;
mod record;
mod referrals;
mod requests;
mod shared;
mod sharing;
mod sign_in;
mod statements;
mod timeline;
mod work;

pub use activity::ActivityPort;
pub use case::CasePort;
pub use concerns::ConcernsPort;
pub use directory::DirectoryPort;
pub use joining::JoiningPort;
pub use live::{LivePort, Watch};
pub use notes::NotesPort;
pub use oidc::{OidcPort, ProviderFinish, ProviderStart};
pub use passkeys::PasskeysPort;
pub use plan::PlanPort;
pub use record::{RecordFile, RecordPort};
pub use referrals::ReferralsPort;
pub use requests::RequestsPort;
pub use shared::SharedPort;
pub use sharing::SharingPort;
pub use sign_in::{SignInBrowser, SignInPort};
pub use statements::StatementsPort;
pub use timeline::TimelinePort;
pub use work::WorkPort;

use crate::domain::{AccountId, Email, Zone};
use std::net::IpAddr;
use std::sync::Arc;

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub email: Email,
    pub display_name: String,
    /// This session was confirmed with a passkey (the second factor).
    pub with_passkey: bool,
}

/// The client's address as the server resolved it (behind trusted proxies,
/// from `X-Forwarded-For`); set on each request by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// A fresh session: the cookie value is shown once and stored only hashed.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub has_case: bool,
    /// The browser's known-device token (the one it brought, or a new one).
    pub device: String,
    /// The account has passkeys: the session is signed in once one answers.
    pub needs_passkey: bool,
    /// The time zone the person chose (on another device, say), if any.
    pub time_zone: Option<Zone>,
}

/// Every area's port. A new area adds its trait here and nowhere else.
pub trait Portal:
    SignInPort
    + CasePort
    + SharingPort
    + SharedPort
    + ActivityPort
    + WorkPort
    + ConcernsPort
    + ReferralsPort
    + RequestsPort
    + DirectoryPort
    + LivePort
    + NotesPort
    + StatementsPort
    + TimelinePort
    + PlanPort
    + RecordPort
    + PasskeysPort
    + JoiningPort
    + OidcPort
{
}

impl<T> Portal for T where
    T: SignInPort
        + CasePort
        + SharingPort
        + SharedPort
        + ActivityPort
        + WorkPort
        + ConcernsPort
        + ReferralsPort
        + RequestsPort
        + DirectoryPort
        + LivePort
        + NotesPort
        + StatementsPort
        + TimelinePort
        + PlanPort
        + RecordPort
        + PasskeysPort
        + JoiningPort
        + OidcPort
{
}

pub type SharedPortal = Arc<dyn Portal>;

/// Every port trait, for calling area methods on a `Portal` or a service.
pub mod prelude {
    pub use super::{
        ActivityPort, CasePort, ConcernsPort, DirectoryPort, JoiningPort, LivePort, NotesPort, OidcPort, PasskeysPort,
        PlanPort, Portal, RecordPort, ReferralsPort, RequestsPort, SharedPort, SharingPort, SignInPort, StatementsPort,
        TimelinePort, WorkPort,
    };
}
