//! "Who looked at my information": the worker's reading of the access log.

use super::{Category, GrantId, LogId, Operation, ParticipantId, Purpose, Role, Timestamp};
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
    /// The portal itself (a review reminder).
    Portal,
}

/// One access, with what was seen (a category, never its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub id: LogId,
    pub at: Timestamp,
    pub who: Who,
    /// What was done, as logged.
    pub action: Operation,
    /// For rows about a participant: who it was about.
    pub about: Option<String>,
    pub category: Option<Category>,
    pub purpose: Option<Purpose>,
    pub grant: Option<GrantId>,
    pub allowed: bool,
}

/// Which rows to show. Dates are whole days in the worker's zone, inclusive.
/// By default the worker's own visits are left out: they open "Who looked at
/// my information" to see who *else* looked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogFilter {
    pub participant: Option<ParticipantId>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Also show what the worker did themselves.
    pub include_own: bool,
    /// Show rows older than this one (the next page); `None`: the newest.
    pub before: Option<LogId>,
}

/// At most this many rows per page of the log.
pub const LOG_PAGE: i64 = 50;

/// A page of the log, with the people it can be filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub lines: Vec<LogLine>,
    pub people: Vec<(ParticipantId, String)>,
    /// The cursor of the next (older) page; `None` on the last page.
    pub older: Option<LogId>,
}
