//! Information requests: a care professional asks the worker for one or
//! more categories, for a purpose, saying why. The worker approves (the
//! grant is made, for a period they may shorten), narrows, or declines;
//! both sides see where each request stands.

use super::contact::own_words;
use super::ids::stable_ids;
use super::{Category, FieldError, GrantRequest, ParticipantId, Purpose, Role, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const REQUEST_WHY_MAX: usize = 500;
/// A request the worker has not answered lapses after this long.
pub const REQUEST_OPEN_MS: i64 = 14 * 24 * 3600 * 1000;

stable_ids! {
    pub enum RequestStatus {
        Pending = "pending",
        Approved = "approved",
        Declined = "declined",
        /// Not answered in time.
        Expired = "expired",
    }
}

/// What a professional asks for: categories, purpose, last day, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequestText {
    pub share: GrantRequest,
    pub why: String,
}

impl InfoRequestText {
    pub fn parse<'a>(
        categories: impl IntoIterator<Item = &'a str>,
        purpose: &str,
        why: &str,
        until: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let why = own_words(why, REQUEST_WHY_MAX, true).map_err(|k| errors.push(FieldError::new("why", k))).ok();
        let share = GrantRequest::parse(categories, purpose, until, false).map_err(|e| errors.extend(e)).ok();
        match (share, why) {
            (Some(share), Some(why)) if errors.is_empty() => Ok(InfoRequestText { share, why }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct InfoRequest {
    pub id: super::RequestId,
    pub from: ParticipantId,
    pub from_name: String,
    pub from_role: Role,
    pub categories: Vec<Category>,
    pub purpose: Purpose,
    pub why: String,
    pub until: NaiveDate,
    pub status: RequestStatus,
    /// What the worker approved (empty unless approved).
    pub approved: Vec<Category>,
    pub approved_until: Option<NaiveDate>,
    pub asked_at: Timestamp,
    pub answered_at: Option<Timestamp>,
    pub expires_at: Timestamp,
}

impl InfoRequest {
    /// The status as of `now`: unanswered past its time, it has expired.
    pub fn settle(&mut self, now: Timestamp) {
        if self.status == RequestStatus::Pending && self.expires_at <= now {
            self.status = RequestStatus::Expired;
        }
    }
}

/// The requests a reader of a case sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestsPage {
    pub case_id: super::CaseId,
    pub requests: Vec<InfoRequest>,
    /// The reader, when a professional (their own requests only).
    pub me: Option<ParticipantId>,
    /// The categories the reader's role may ask for.
    pub offered: Vec<Category>,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKey;

    #[test]
    fn a_request_says_why() {
        let ok = InfoRequestText::parse(["work_ability"], "work_capacity_assessment", "For the benefit decision", "");
        assert_eq!(ok.unwrap().share.categories, vec![Category::WorkAbility]);
        let none = InfoRequestText::parse(["work_ability"], "work_capacity_assessment", "  ", "");
        assert_eq!(none.unwrap_err()[0].key, ErrorKey::Required);
    }
}
