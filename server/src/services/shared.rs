//! What a participant sees: the cases they are invited to, and per case only
//! what `authorize` allowed. The worker's preview is built by the same
//! `shared_view`, so it cannot drift from what the participant gets.

use super::authz::{authorize, authorize_listed, Allowed};
use super::PortalService;
use crate::error::Result;
use crate::store::{invitations, work, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, SharedPort};

#[async_trait::async_trait]
impl SharedPort for PortalService {
    async fn invitations(&self, actor: &Account, older: Option<CaseId>) -> Result<Invitations, AppError> {
        Ok(invitations(self, actor, older).await?)
    }
    async fn shared_case(&self, actor: &Account, c: CaseId) -> Result<SharedView, AppError> {
        Ok(shared_case(self, actor, c).await?)
    }
    async fn shared_page(&self, actor: &Account, c: CaseId) -> Result<SharedPage, AppError> {
        Ok(shared_page(self, actor, c).await?)
    }
}

/// The page a participant gets, built only from what `authorize` allowed.
pub(crate) async fn shared_view(tx: &mut Tx, ok: &Allowed) -> Result<SharedView> {
    let (participant, role) = ok.viewer.ok_or(AppError::NotFound)?;
    // A closed case shows that it is closed, and nothing else.
    let row = tx.case(ok.case_id).await?;
    if let Some(day) = row.closed_on {
        return Ok(SharedView::closed(ok.case_id, row.worker_first_name(), participant, role, day));
    }
    let mut statements = super::statements::for_participant(tx, ok).await?;
    let seen_categories: Vec<Category> = ok.visible.iter().map(|v| v.category).collect();
    // The viewer is on the team now (`authorize` said so): the team read
    // serves the directory and the switch too.
    let participant_name = tx
        .team(ok.case_id)
        .await?
        .into_iter()
        .find(|p| p.id == participant)
        .map(|p| p.contact.name)
        .unwrap_or_default();
    let concerns = super::concerns::seen_by(tx, ok).await?;
    let mut sections = Vec::new();
    for v in &ok.visible {
        let content = match v.category {
            Category::Absence => SectionContent::Absence(tx.case(ok.case_id).await?.dates),
            Category::Adjustments => {
                // Only what was sent to this participant.
                let sent: Vec<SentAdjustment> = work::of_case(tx, ok.case_id)
                    .await?
                    .iter()
                    .filter(|a| a.sent_to.contains(&participant))
                    .map(|a| SentAdjustment::of(a, role))
                    .collect();
                if sent.is_empty() {
                    SectionContent::NothingYet
                } else {
                    SectionContent::Adjustments(sent)
                }
            }
            Category::Notes => {
                // Notes from or to mental-health care the switch keeps from the reader stay out.
                let involvement = super::authz::involvement(tx, ok.case_id).await?;
                let notes = crate::store::notes::of_case(tx, ok.case_id, Some(participant)).await?;
                let learns = |n: &Note| involvement.may_learn_of((participant, role), n.other_party(participant));
                SectionContent::Notes(notes.into_iter().filter(learns).collect())
            }
            Category::Stigma => match &concerns {
                Some(c) if c.plan.is_some() => SectionContent::Stigma(c.clone()),
                _ => SectionContent::NothingYet,
            },
            Category::WorkAbility | Category::Treatment | Category::Diagnosis => {
                let kind = StatementKind::of(v.category);
                match statements.by_kind.iter_mut().find(|(k, _)| Some(*k) == kind) {
                    Some((_, list)) if !list.is_empty() => SectionContent::Statements(std::mem::take(list)),
                    _ => SectionContent::NothingYet,
                }
            }
        };
        sections.push(SharedSection {
            category: v.category,
            purpose: v.purpose,
            grant: v.grant,
            until: v.until,
            content,
        });
    }
    Ok(SharedView {
        case_id: ok.case_id,
        worker_first_name: row.worker_first_name(),
        participant,
        participant_name,
        role,
        sections,
        named_concerns: match concerns {
            Some(c) if c.plan.is_none() => c.concerns,
            _ => Vec::new(),
        },
        directory: super::directory::for_viewer(tx, ok.case_id, participant).await?,
        own_statements: statements.own,
        writes: super::statements::kinds_written_by(role),
        road: super::timeline::road_for(
            tx,
            ok.case_id,
            ok.now,
            Actor::Participant(role),
            Some(participant),
            &seen_categories,
        )
        .await?,
        plan: permitted(Actor::Participant(role), Operation::ReadPlan, None, &seen_categories),
        refresh_in_ms: ok
            .visible
            .iter()
            .filter_map(|v| v.until)
            .map(|d| ok.now.zone.end_of_day(d).0 - ok.now.at.0)
            .min(),
        today: ok.now.today(),
        closed_on: None,
    })
}

#[tracing::instrument(skip_all)]
async fn shared_case(s: &PortalService, actor: &Account, case: CaseId) -> Result<SharedView> {
    let (tx, view) = shared_case_in(s, actor, case).await?;
    tx.commit().await?;
    Ok(view)
}

/// The case page: the participant's own requests and referrals, where the
/// table lets their role see them (the workplace neither asks nor refers),
/// are read in the same transaction as the view.
#[tracing::instrument(skip_all)]
async fn shared_page(s: &PortalService, actor: &Account, case: CaseId) -> Result<SharedPage> {
    let (tx, view) = shared_case_in(s, actor, case).await?;
    let role_may = |op| permitted(Actor::Participant(view.role), op, None, &[]);
    if !(role_may(Operation::SeeRequests) && role_may(Operation::SeeReferrals)) || view.closed_on.is_some() {
        tx.commit().await?;
        return Ok(SharedPage { view, care: None });
    }
    let (tx, requests) = super::requests::list_in(s, tx, actor, view.case_id, Operation::SeeRequests).await?;
    let (tx, referrals) = super::referrals::list_in(s, tx, actor, view.case_id, Operation::SeeReferrals).await?;
    tx.commit().await?;
    Ok(SharedPage { view, care: Some(CareLists { requests, referrals }) })
}

/// The view in a transaction left open for the caller to commit: a read,
/// or a write when this view marks a referral opened.
async fn shared_case_in(s: &PortalService, actor: &Account, case: CaseId) -> Result<(Tx, SharedView)> {
    let tx = s.db.begin_read().await?;
    let (mut tx, mut ok) = authorize(s, tx, actor, case, Operation::ViewShared, None).await?;
    let opening = super::referrals::opens_any(&mut tx, &ok).await?;
    if opening {
        // This view marks a referral opened: it is done again as a write
        // (the read, dropped, logged nothing).
        drop(tx);
        let w = s.db.begin_write().await?;
        (tx, ok) = authorize(s, w, actor, case, Operation::ViewShared, None).await?;
    }
    let view = shared_view(&mut tx, &ok).await?;
    if opening {
        // The recipient of a referral is looking at the case now.
        super::referrals::opened(&mut tx, &ok).await?;
    }
    // Concerns shared by name are no category: they get their own log row.
    if !view.named_concerns.is_empty() {
        let (t, _) = authorize(s, tx, actor, ok.case_id, Operation::ViewConcern, None).await?;
        tx = t;
    }
    // Nor is what an author reads of their own outside their grants.
    if !view.own_statements.is_empty() {
        let (t, _) = authorize(s, tx, actor, ok.case_id, Operation::ReadOwnStatements, None).await?;
        tx = t;
    }
    Ok((tx, view))
}

/// A page of the cases this person is invited to, each learned through
/// the table (`authorize_listed`), with what changed that they may see: a
/// fixed number of statements for the page.
#[tracing::instrument(skip_all)]
async fn invitations(s: &PortalService, actor: &Account, older: Option<CaseId>) -> Result<Invitations> {
    let mut tx = s.db.begin_read().await?;
    let (listed, more) = invitations::page(&mut tx, &actor.email, actor.id, older, Invitations::PER_PAGE).await?;
    let participants: Vec<ParticipantId> = listed.iter().map(|l| l.participant).collect();
    let open = invitations::open_grants(&mut tx, &participants).await?;
    let allowed = authorize_listed(s, &mut tx, actor, &listed, &open, Operation::SeeInvitation).await?;
    let changes = invitations::changes(&mut tx, actor.id, &participants, s.now()).await?;
    let mut cases = Vec::new();
    for (l, ok) in listed.iter().filter_map(|l| Some((l, allowed.iter().find(|a| a.case_id == l.row.id)?))) {
        let mine = changes.iter().filter(|(c, _)| *c == ok.case_id).map(|(_, change)| change);
        cases.push(Invitation {
            case_id: ok.case_id,
            worker_first_name: l.row.worker_first_name(),
            role: l.role,
            news: whats_new(ok, l, mine.collect()),
            sees: ok.acting_sees.clone(),
            closed: l.row.closed_on.is_some(),
        });
    }
    tx.commit().await?;
    // The next page starts after the last case of this one, listed or not.
    let older = listed.last().filter(|_| more).map(|l| l.row.id);
    Ok(Invitations { cases, older })
}

/// The changes of one listed case the person may see, counted: each kind
/// only where the table lets them read or act on it, notes only where the
/// mental-health switch lets them learn of the writer.
fn whats_new(ok: &Allowed, l: &invitations::Listed, changes: Vec<&invitations::Change>) -> WhatsNew {
    use invitations::Change;
    // A closed case says only that it is closed.
    if l.row.closed_on.is_some() {
        return WhatsNew::default();
    }
    let sees = &ok.acting_sees;
    let may = |op: Operation| permitted(ok.actor, op, None, sees);
    let marked: Vec<ParticipantId> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Marked { participant } => Some(*participant),
            _ => None,
        })
        .collect();
    let involvement = Involvement { protection: l.row.protection.clone(), marked };
    let mut news = WhatsNew::default();
    for change in changes {
        match change {
            Change::Statement { kind } if sees.contains(&kind.category()) => news.statements += 1,
            Change::Note { from, from_role }
                if sees.contains(&Category::Notes)
                    && involvement.may_learn_of((l.participant, l.role), (Some(*from), *from_role)) =>
            {
                news.notes += 1
            }
            Change::Proposal if may(Operation::AnswerAdjustment) => news.proposals += 1,
            Change::Review { due } if *due <= ok.now.today() && may(Operation::ReviewAdjustment) => {
                news.reviews_due += 1
            }
            Change::Answered => news.answers += 1,
            Change::Open => news.open_items += 1,
            _ => {}
        }
    }
    news
}
