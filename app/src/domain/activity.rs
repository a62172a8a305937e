//! "Who looked at my information": the worker's reading of the access log.

use super::{Category, GrantId, ParticipantId, Purpose, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    You,
    Participant {
        id: ParticipantId,
        name: String,
        role: Role,
    },
    /// Someone signed in who is not in the case (always refused).
    Outsider,
}

/// One access, with what was seen (a category, never its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub id: i64,
    pub at: i64,
    pub who: Who,
    /// The operation, as logged (`view_case`, `view_category`, `grant`, …).
    pub action: String,
    /// For rows about a participant: who it was about.
    pub about: Option<String>,
    pub category: Option<Category>,
    pub purpose: Option<Purpose>,
    pub grant: Option<GrantId>,
    pub allowed: bool,
}

/// Which rows to show. Dates are whole days, inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogFilter {
    pub participant: Option<ParticipantId>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// At most this many rows per page of the log.
pub const LOG_PAGE: i64 = 200;

/// A page of the log, with the people it can be filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub lines: Vec<LogLine>,
    pub people: Vec<(ParticipantId, String)>,
}
