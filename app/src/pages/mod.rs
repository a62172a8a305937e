pub mod case;
pub mod mailbox;
pub mod not_found;
pub mod sign_in;
