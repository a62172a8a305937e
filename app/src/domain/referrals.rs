//! Referrals: a care professional (or the worker) asks another professional
//! to take the worker on, and proposes what to share with them. Nothing is
//! shared and nothing is sent until the worker approves, perhaps narrowed;
//! then the recipient gets the neutral e-mail with a link that works for
//! them alone (`server/src/services/referrals.rs`).

use super::contact::{own_words, Contact};
use super::ids::stable_ids;
use super::work::optional_date;
use super::{Category, ErrorKey, FieldError, GrantRequest, ParticipantId, Purpose, Role, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const REFERRAL_REASON_MAX: usize = 500;
/// A referral link works this long after the worker approved.
pub const LINK_VALID_MS: i64 = 14 * 24 * 3600 * 1000;
/// Redemption tries per link, and per client address, in one window.
pub const LINK_TRIES_PER_TOKEN: i64 = 10;
pub const LINK_TRIES_PER_IP: i64 = 30;

stable_ids! {
    /// Where a referral stands; each change is kept as a timeline line.
    pub enum ReferralStatus {
        /// Proposed; the worker has not answered.
        AwaitingWorker = "awaiting_worker",
        /// Approved by the worker; the recipient has the e-mail.
        Sent = "sent",
        /// The recipient opened the case.
        Opened = "opened",
        /// The recipient takes the worker on.
        Accepted = "accepted",
        /// The worker or the recipient said no.
        Declined = "declined",
        /// The link ran out before the recipient accepted.
        Expired = "expired",
    }
}

stable_ids! {
    /// Who moved a referral on.
    pub enum ReferralMover {
        Worker = "worker",
        Referrer = "referrer",
        Recipient = "recipient",
        Portal = "portal",
    }
}

/// The purposes a referral can have.
pub fn referral_purpose(p: Purpose) -> bool {
    matches!(p, Purpose::Referral | Purpose::RtwPlanning)
}

/// What a referrer proposes: to whom, why, and what to share with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralProposal {
    pub role: Role,
    pub contact: Contact,
    pub reason: String,
    /// Categories, purpose and last day proposed (never without an end).
    pub share: GrantRequest,
}

impl ReferralProposal {
    #[allow(clippy::too_many_arguments)]
    pub fn parse<'a>(
        role: &str,
        name: &str,
        organisation: &str,
        email: &str,
        purpose: &str,
        reason: &str,
        categories: impl IntoIterator<Item = &'a str>,
        until: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let role = match role.trim().parse::<Role>() {
            Ok(Role::Employer) => {
                errors.push(FieldError::new("role", ErrorKey::ReferralNotToEmployer));
                None
            }
            Ok(r) => Some(r),
            Err(()) => {
                errors.push(FieldError::new("role", ErrorKey::RoleUnknown));
                None
            }
        };
        let contact = Contact::parse(name, organisation, email, "").map_err(|e| errors.extend(e)).ok();
        let reason =
            own_words(reason, REFERRAL_REASON_MAX, true).map_err(|k| errors.push(FieldError::new("reason", k))).ok();
        let share = GrantRequest::parse(categories, purpose, until, false).map_err(|e| errors.extend(e)).ok();
        if share.as_ref().is_some_and(|s| !referral_purpose(s.purpose)) {
            errors.push(FieldError::new("purpose", ErrorKey::PurposeUnknown));
        }
        match (role, contact, reason, share) {
            (Some(role), Some(contact), Some(reason), Some(share)) if errors.is_empty() => {
                Ok(ReferralProposal { role, contact, reason, share })
            }
            _ => Err(errors),
        }
    }
}

/// The worker's answer to a referral or an information request, checked:
/// approve what was proposed or less of it, or decline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerAnswer {
    Approve { categories: Vec<Category>, until: NaiveDate },
    Decline,
}

/// The worker's answer as posted, parsed: the categories chosen and the
/// last day (none keeps the proposed one), or decline. Whether it stays
/// within what was proposed is for the service to check (`within`), which
/// holds the proposal and knows today in the worker's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerReply {
    Approve { categories: Vec<Category>, until: Option<NaiveDate> },
    Decline,
}

impl WorkerReply {
    pub fn parse<'a>(
        decision: &str,
        categories: impl IntoIterator<Item = &'a str>,
        until: &str,
    ) -> Result<Self, Vec<FieldError>> {
        match decision.trim() {
            "decline" => return Ok(WorkerReply::Decline),
            "approve" => {}
            _ => return Err(vec![FieldError::new("decision", ErrorKey::Required)]),
        }
        let mut errors = Vec::new();
        let mut chosen = Vec::new();
        for raw in categories {
            match raw.parse::<Category>() {
                Ok(c) if !chosen.contains(&c) => chosen.push(c),
                Ok(_) => {}
                // Nothing outside the seven could have been proposed.
                Err(_) => errors.push(FieldError::new("categories", ErrorKey::NarrowOnly)),
            }
        }
        if chosen.is_empty() && errors.is_empty() {
            errors.push(FieldError::new("categories", ErrorKey::CategoryRequired));
        }
        chosen.sort();
        let until = optional_date("until", until, &mut errors);
        match errors.is_empty() {
            true => Ok(WorkerReply::Approve { categories: chosen, until }),
            false => Err(errors),
        }
    }

    /// Narrowing only: the categories must be among the proposed ones and
    /// the last day no later than proposed, and not before today.
    pub fn within(
        self,
        proposed: &[Category],
        proposed_until: NaiveDate,
        today: NaiveDate,
    ) -> Result<WorkerAnswer, Vec<FieldError>> {
        let WorkerReply::Approve { categories, until } = self else { return Ok(WorkerAnswer::Decline) };
        let mut errors = Vec::new();
        if categories.iter().any(|c| !proposed.contains(c)) {
            errors.push(FieldError::new("categories", ErrorKey::NarrowOnly));
        }
        let until = until.unwrap_or(proposed_until);
        if until > proposed_until {
            errors.push(FieldError::new("until", ErrorKey::NarrowOnly));
        } else if until < today {
            errors.push(FieldError::new("until", ErrorKey::GrantEndsBeforeStart));
        }
        match errors.is_empty() {
            true => Ok(WorkerAnswer::Approve { categories, until }),
            false => Err(errors),
        }
    }
}

/// The recipient's answer: take the worker on (perhaps with a first
/// appointment), or decline with a reason the worker and referrer read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecipientAnswer {
    Accept { first_appointment: Option<NaiveDate> },
    Decline { reason: String },
}

impl RecipientAnswer {
    pub fn parse(decision: &str, first_appointment: &str, reason: &str) -> Result<Self, Vec<FieldError>> {
        match decision.trim() {
            "accept" => {
                let mut errors = Vec::new();
                let day = optional_date("first_appointment", first_appointment, &mut errors);
                match errors.is_empty() {
                    true => Ok(RecipientAnswer::Accept { first_appointment: day }),
                    false => Err(errors),
                }
            }
            "decline" => own_words(reason, REFERRAL_REASON_MAX, true)
                .map(|reason| RecipientAnswer::Decline { reason })
                .map_err(|k| vec![FieldError::new("reason", k)]),
            _ => Err(vec![FieldError::new("decision", ErrorKey::Required)]),
        }
    }

    /// A first appointment is not a day gone (`today` where the worker lives).
    pub fn check(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        match self {
            RecipientAnswer::Accept { first_appointment: Some(d) } if *d < today => {
                Err(vec![FieldError::new("first_appointment", ErrorKey::DateInPast)])
            }
            _ => Ok(()),
        }
    }
}

/// A person on either end of a referral, as the readers of it see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ReferralParty {
    /// `None`: the worker (as referrer), or a recipient not yet in the team.
    pub participant: Option<ParticipantId>,
    pub name: String,
    pub role: Option<Role>,
    pub organisation: String,
    /// Mental-health care the reader may not learn of (the switch): no
    /// participant, name, role or organisation reaches them.
    pub withheld: bool,
}

impl ReferralParty {
    /// A party kept from the reader: nothing of them but that they exist.
    pub fn withheld() -> Self {
        ReferralParty {
            participant: None,
            name: String::new(),
            role: None,
            organisation: String::new(),
            withheld: true,
        }
    }
}

/// One line of a referral's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ReferralEvent {
    pub status: ReferralStatus,
    pub at: Timestamp,
    pub by: ReferralMover,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Referral {
    pub id: super::ReferralId,
    pub from: ReferralParty,
    pub to: ReferralParty,
    /// Shown to the worker and the referrer only.
    pub to_email: String,
    pub purpose: Purpose,
    pub reason: String,
    pub proposed: Vec<Category>,
    pub proposed_until: NaiveDate,
    /// What the worker approved (empty until then).
    pub approved: Vec<Category>,
    pub approved_until: Option<NaiveDate>,
    pub status: ReferralStatus,
    pub first_appointment: Option<NaiveDate>,
    pub decline_reason: Option<String>,
    pub link_expires: Option<Timestamp>,
    pub timeline: Vec<ReferralEvent>,
}

impl Referral {
    /// The status as of `now`: a link that ran out before the recipient
    /// accepted makes the referral expired (its timeline says when).
    pub fn settle(&mut self, now: Timestamp) {
        let waiting = matches!(self.status, ReferralStatus::Sent | ReferralStatus::Opened);
        if let (true, Some(end)) = (waiting, self.link_expires) {
            if end <= now {
                self.status = ReferralStatus::Expired;
                self.timeline.push(ReferralEvent {
                    status: ReferralStatus::Expired,
                    at: end,
                    by: ReferralMover::Portal,
                });
            }
        }
    }
}

impl Referral {
    /// Cuts what a participant reads to what the involvement rule lets them
    /// learn (`learns`, asked of the other party: `sharing::may_learn_of`).
    /// The recipient of a referral from mental-health care kept from them
    /// reads it as from "a care professional". A referrer whom the rule
    /// keeps from the recipient (a psychologist they proposed, with the
    /// switch on) reads their own proposal and nothing after it: not the
    /// worker's answer, nor whether anyone took the worker on.
    pub fn cut_for(mut self, reader: ParticipantId, learns: impl Fn(&ReferralParty) -> bool) -> Self {
        if self.to.participant == Some(reader) {
            if !learns(&self.from) {
                self.from = ReferralParty::withheld();
            }
        } else if !learns(&self.to) {
            self.to = ReferralParty::withheld();
            self.to_email.clear();
            self.status = ReferralStatus::AwaitingWorker;
            self.timeline.truncate(1);
            self.approved.clear();
            self.approved_until = None;
            self.first_appointment = None;
            self.decline_reason = None;
            self.link_expires = None;
        }
        self
    }
}

/// The referrals a reader of a case sees, with what they can do about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralsPage {
    pub case_id: super::CaseId,
    pub referrals: Vec<Referral>,
    /// The reader, when a participant: whose answer a card asks for.
    pub me: Option<ParticipantId>,
    pub today: NaiveDate,
}

/// What a link's confirm page may say: nothing about the case, only
/// whether continuing can work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    Usable,
    /// Expired, used up, revoked, malformed or never issued: one answer.
    Dead,
}

/// Where continuing from a link leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkOutcome {
    /// Signed in as the recipient: straight to the case.
    Enter(super::CaseId),
    /// Signed out: a code went to the recipient's address.
    CodeSent {
        email: super::Email,
        case: super::CaseId,
        /// The browser's attempt key for its sign-in cookie.
        attempt: String,
    },
}

/// A link token as typed into a URL: URL-safe base64 of at least 16 bytes.
pub fn token_shape_ok(raw: &str) -> bool {
    (22..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn propose(role: &str, purpose: &str, cats: &[&str]) -> Result<ReferralProposal, Vec<FieldError>> {
        ReferralProposal::parse(
            role,
            "Anna Jansen",
            "Työterveys",
            "anna@example.com",
            purpose,
            "Return to work planning",
            cats.iter().copied(),
            "2027-02-01",
        )
    }

    fn keys(r: Result<impl std::fmt::Debug, Vec<FieldError>>) -> Vec<(String, ErrorKey)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.key)).collect()
    }

    #[test]
    fn a_referral_to_an_employer_is_refused() {
        let e = keys(propose("employer", "referral", &["absence"]));
        assert_eq!(e, vec![("role".to_string(), ErrorKey::ReferralNotToEmployer)]);
    }

    #[test]
    fn only_referral_purposes_and_at_least_one_category() {
        assert!(propose("occupational_physician", "rtw_planning", &["absence", "work_ability"]).is_ok());
        assert_eq!(
            keys(propose("occupational_physician", "care_coordination", &["absence"])),
            vec![("purpose".to_string(), ErrorKey::PurposeUnknown)]
        );
        assert_eq!(
            keys(propose("occupational_physician", "referral", &[])),
            vec![("categories".to_string(), ErrorKey::CategoryRequired)]
        );
    }

    #[test]
    fn the_worker_can_only_narrow() {
        let proposed = [Category::Absence, Category::WorkAbility];
        let until = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        let answer = |decision: &str, cats: &[&str], day: &str| {
            WorkerReply::parse(decision, cats.iter().copied(), day).and_then(|r| r.within(&proposed, until, today()))
        };
        let ok = answer("approve", &["work_ability"], "2027-01-01");
        assert_eq!(
            ok,
            Ok(WorkerAnswer::Approve {
                categories: vec![Category::WorkAbility],
                until: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
            })
        );
        assert_eq!(keys(answer("approve", &["diagnosis"], "")), vec![("categories".to_string(), ErrorKey::NarrowOnly)]);
        assert_eq!(keys(answer("approve", &["salary"], "")), vec![("categories".to_string(), ErrorKey::NarrowOnly)]);
        assert_eq!(keys(answer("approve", &[], "")), vec![("categories".to_string(), ErrorKey::CategoryRequired)]);
        assert_eq!(
            keys(answer("approve", &["absence"], "2027-03-01")),
            vec![("until".to_string(), ErrorKey::NarrowOnly)]
        );
        assert_eq!(
            keys(answer("approve", &["absence"], "2026-11-25")),
            vec![("until".to_string(), ErrorKey::GrantEndsBeforeStart)]
        );
        let kept = answer("approve", &["absence", "absence"], "");
        assert_eq!(kept, Ok(WorkerAnswer::Approve { categories: vec![Category::Absence], until }));
        assert_eq!(answer("decline", &[], ""), Ok(WorkerAnswer::Decline));
    }

    #[test]
    fn a_recipient_declines_with_a_reason() {
        assert_eq!(keys(RecipientAnswer::parse("decline", "", " ")), vec![("reason".to_string(), ErrorKey::Required)]);
        assert_eq!(
            RecipientAnswer::parse("accept", "2026-12-01", ""),
            Ok(RecipientAnswer::Accept { first_appointment: NaiveDate::from_ymd_opt(2026, 12, 1) })
        );
        assert_eq!(
            keys(RecipientAnswer::parse("accept", "2026-01-01", "").and_then(|a| a.check(today()))),
            vec![("first_appointment".to_string(), ErrorKey::DateInPast)]
        );
    }

    #[test]
    fn a_link_token_has_its_shape() {
        assert!(token_shape_ok("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assert!(!token_shape_ok("short"));
        assert!(!token_shape_ok("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2F"));
    }
}
