pub mod activity;
pub mod case;
pub mod history;
pub mod mailbox;
pub mod not_found;
pub mod shared;
pub mod sharing;
pub mod sign_in;
