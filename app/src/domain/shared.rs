//! What a participant sees of a case: the worker's first name, that they are
//! invited, and only the sections granted to them. The same value serves the
//! participant's own page and the worker's preview of it.

use super::{
    CaseDates, CaseId, Category, ConcernText, GrantId, ParticipantId, Purpose, Role, SentAdjustment, SharedConcerns,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedView {
    pub case_id: CaseId,
    pub worker_first_name: String,
    pub participant: ParticipantId,
    pub participant_name: String,
    pub role: Role,
    pub sections: Vec<SharedSection>,
    /// Concerns the worker shared with this clinician by name (without a
    /// `stigma` grant, which shows them all in its section). Never filled
    /// for an employer.
    pub named_concerns: Vec<ConcernText>,
    /// Who is involved, as this participant may see them (`directory`).
    pub directory: Vec<super::DirectoryEntry>,
    /// What they wrote themselves of kinds no grant shows them (an author
    /// always reads their own while on the team).
    pub own_statements: Vec<super::Statement>,
    /// The kinds of statement their role writes (the permission table).
    pub writes: Vec<super::StatementKind>,
    /// The road back as they may see it: the whole road with `absence`,
    /// the employer's part with `adjustments` (`road_scope`).
    pub road: Option<super::RoadView>,
    /// They may open the plan of action.
    pub plan: bool,
    /// How long until a grant shown here ends by itself (the page refreshes then).
    pub refresh_in_ms: Option<i64>,
    /// The worker's today (a review due, a date passed).
    pub today: NaiveDate,
    /// The case is closed (back at work since this day): the view holds
    /// nothing else.
    pub closed_on: Option<NaiveDate>,
}

impl SharedView {
    /// What a participant sees of a closed case: that it is closed.
    pub fn closed(
        case_id: CaseId,
        worker_first_name: String,
        participant: ParticipantId,
        role: Role,
        day: NaiveDate,
    ) -> Self {
        SharedView {
            case_id,
            worker_first_name,
            participant,
            participant_name: String::new(),
            role,
            sections: Vec::new(),
            named_concerns: Vec::new(),
            directory: Vec::new(),
            own_statements: Vec::new(),
            writes: Vec::new(),
            road: None,
            plan: false,
            refresh_in_ms: None,
            today: day,
            closed_on: Some(day),
        }
    }
}

/// A participant's case page: what they see and, for a care professional,
/// their requests and referrals, all read together (one log commit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedPage {
    pub view: SharedView,
    /// `None` for the workplace, which neither asks nor refers.
    pub care: Option<CareLists>,
}

/// A care professional's own requests and referrals on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareLists {
    pub requests: super::RequestsPage,
    pub referrals: super::ReferralsPage,
}

/// One granted category and its content. Content is only ever filled for a
/// category the rule allowed, so nothing else reaches the page or its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSection {
    pub category: Category,
    pub purpose: Purpose,
    pub grant: GrantId,
    pub until: Option<NaiveDate>,
    pub content: SectionContent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SectionContent {
    Absence(CaseDates),
    /// The adjustments sent to this participant: the worker's wording as
    /// sent, status and dates.
    Adjustments(Vec<SentAdjustment>),
    /// Every concern and the disclosure plan.
    Stigma(SharedConcerns),
    /// Notes from and to this participant.
    Notes(Vec<super::Note>),
    /// Work-ability statements, treatment plans or diagnoses (the
    /// section's kind), current first, newest on top.
    Statements(Vec<super::Statement>),
    /// The category is shared but nothing has been recorded in it yet.
    NothingYet,
}

/// A case on a professional's list: who invited them, and as what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub case_id: CaseId,
    pub worker_first_name: String,
    pub role: Role,
    /// What the worker shares with them now.
    pub sees: Vec<Category>,
    /// What changed that they may see.
    pub news: WhatsNew,
    /// The worker closed the case (back at work).
    pub closed: bool,
}

/// What changed in a case for one professional since they last opened it,
/// each counted only where they may see it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsNew {
    /// Referrals from or to them and requests of theirs still waiting.
    pub open_items: u32,
    /// Entries they may read, written by others since their last visit.
    pub statements: u32,
    /// Notes to them since their last visit.
    pub notes: u32,
    /// Adjustments sent to them that wait for their answer.
    pub proposals: u32,
    /// Agreed adjustments sent to them whose review is due.
    pub reviews_due: u32,
    /// Their information requests the worker answered since their last visit.
    pub answers: u32,
}

/// One page of a professional's list of cases, newest case first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitations {
    pub cases: Vec<Invitation>,
    /// Where the next page starts (the cases older than this one), when
    /// more follow.
    pub older: Option<CaseId>,
}

impl Invitations {
    /// Cases on one page: a phone's long scroll at most, and what one read
    /// of the page is sized for.
    pub const PER_PAGE: u32 = 25;
}
