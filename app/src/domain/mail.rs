use serde::{Deserialize, Serialize};

/// An e-mail as it sits in the outbox, for the development mailbox.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MailView {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    pub status: String,
}
