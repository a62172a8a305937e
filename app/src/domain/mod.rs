//! Pure types and rules of the portal: no I/O, shared by server and browser.

pub mod activity;
pub mod case;
pub mod concerns;
pub mod contact;
pub mod dates;
pub mod directory;
pub mod ids;
pub mod joining;
pub mod mail;
pub mod notes;
pub mod oidc;
pub mod passkeys;
pub mod permissions;
pub mod plan;
pub mod record;
pub mod referrals;
pub mod requests;
pub mod role;
pub mod session;
pub mod shared;
pub mod sharing;
pub mod statements;
pub mod time;
pub mod timeline;
pub mod waiting;
pub mod work;

pub use activity::*;
pub use case::*;
pub use concerns::*;
pub use contact::*;
pub use directory::*;
pub use ids::{
    AccountId, AdjustmentId, CaseId, ConcernId, EvaluationId, GrantId, JoinId, LogId, NoteId, ParticipantId, PasskeyId,
    PassportLinkId, PlanVersionId, ReferralId, RequestId, StatementId, Timestamp,
};
pub use joining::*;
pub use mail::*;
pub use notes::*;
pub use oidc::*;
pub use passkeys::*;
pub use permissions::*;
pub use plan::*;
pub use record::*;
pub use referrals::*;
pub use requests::*;
pub use role::*;
pub use shared::*;
pub use sharing::*;
pub use statements::*;
pub use time::*;
pub use timeline::*;
pub use waiting::*;
pub use work::*;

use serde::{Deserialize, Serialize};

/// A message shown next to a form field. `key` names a translation
/// (see `i18n::error_text`), so the same error reads in every language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub key: ErrorKey,
}

impl FieldError {
    pub fn new(field: &str, key: ErrorKey) -> Self {
        Self { field: field.to_string(), key }
    }
}

/// Every validation message the portal can give. The variants carry the
/// limits they state, so the message can say them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKey {
    Required,
    TooLong {
        max: u32,
    },
    EmailInvalid,
    PhoneInvalid,
    RoleUnknown,
    DateInvalid,
    ReturnBeforeStart,
    DateTooFar,
    CodeInvalid,
    CodeFormat,
    ParticipantUnknown,
    ParticipantRemoved,
    AlreadyInTeam,
    CategoryUnknown,
    CategoryRequired,
    PurposeUnknown,
    GrantEndsBeforeStart,
    GrantTooLong {
        years: u32,
    },
    EmployerCeiling,
    NotGranted,
    /// A date that must come after another one does not.
    DatesOutOfOrder,
    ReviewBeforeStart,
    AdjustmentKindUnknown,
    ConcernKindUnknown,
    WeightUnknown,
    ComfortUnknown,
    /// The adjustment's lifecycle does not allow this step now.
    StepNotAllowed,
    /// The case is closed (back at work): reopen it first.
    CaseClosed,
    /// The case is to be erased: keep it first.
    ErasurePending,
    /// Erasing needs the worker's tick that she understands.
    ConfirmErasure,
    /// A join code that is wrong, spent or expired (one answer for all).
    JoinCodeInvalid,
    /// The worker answered this join code already, or it ran out.
    JoinAnswered,
    /// Passkeys need the portal at a name, not a bare IP address.
    PasskeysUnavailable,
    /// The passkey did not answer, or not as one of this account's.
    PasskeyFailed,
    /// The account has passkeys: sign in with one before changing them.
    PasskeyFirst,
    /// The identity provider named no e-mail address it has verified.
    ProviderNoVerifiedEmail,
    /// The account of the provider's address is linked to another identity there.
    ProviderLinkedElsewhere,
    /// Sending needs at least one recipient.
    RecipientRequired,
    /// Concerns are never shared with an employer.
    ConcernNotForEmployer,
    /// Referrals go to care professionals, never to an employer.
    ReferralNotToEmployer,
    /// A referral can be approved as proposed or narrower, never wider.
    NarrowOnly,
    DateInPast,
    /// This person already has a referral that is waiting.
    ReferralAlreadyOpen,
    /// A referral link followed by someone signed in as another person.
    LinkForSomeoneElse,
    /// A professional's referral to an address it may not go to (the
    /// employer's, a team member's, one already referred): one answer for
    /// all, so the form tells nobody which.
    ReferralNotPossible,
    /// Only a GP or a medical specialist can be marked as mental-health
    /// care (psychiatrists and psychologists always are).
    MentalHealthMarkNotOffered,
    StatementKindUnknown,
    /// A work-ability level that is not on the list.
    LimitUnknown,
    /// A number outside 0 to `max`.
    NumberOutOfRange {
        max: u32,
    },
    /// Not an ICD-10 code such as F32.1.
    CodeIcd10,
    StanceUnknown,
    /// A plan of action's goal that is not on the list.
    GoalUnknown,
    /// A sick-leave start after today.
    StartInFuture,
    /// A milestone done before the sick leave started.
    DoneBeforeStart,
    /// A day that has not come yet.
    DateInFuture,
    MilestoneUnknown,
    /// Another version of the plan was written meanwhile.
    PlanChanged,
    /// Agreeing needs an employer in the case.
    NoEmployer,
    /// An adjustment that is not agreed with the employer cannot be linked.
    AdjustmentNotLinkable,
    CountryUnknown,
    /// An evaluation needs a plan of action to be about.
    NoPlan,
    /// A date that must lie after today does not.
    DateNotAhead,
    /// Sharing with the recipient of a referral has ended: a new link would
    /// open nothing.
    ReferralSharingEnded,
}
