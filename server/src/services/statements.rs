//! Statements: what the care team writes about the worker (work ability,
//! treatment, diagnosis). The roles that write each kind are the table's
//! (`permissions::writes`); a participant reads the entries of a kind only
//! in the section its category's grant opens on their page
//! (`shared::shared_view`), an author always reads their own while on the
//! team, and the worker reads everything and adds their own view.

use super::authz::{authorize, Allowed};
use super::{news, refuse, PortalService};
use crate::error::Result;
use crate::store::{case, statements, work, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, StatementsPort};

#[async_trait::async_trait]
impl StatementsPort for PortalService {
    async fn statements(&self, actor: &Account, c: CaseId) -> Result<StatementsPage, AppError> {
        Ok(worker_page(self, actor, c).await?)
    }
    async fn statement_form(&self, actor: &Account, c: CaseId, kind: StatementKind) -> Result<StatementForm, AppError> {
        Ok(form(self, actor, c, kind).await?)
    }
    async fn write_statement(&self, actor: &Account, c: CaseId, body: StatementBody) -> Result<StatementId, AppError> {
        Ok(write(self, actor, c, body).await?)
    }
    async fn add_own_view(&self, actor: &Account, c: CaseId, id: StatementId, v: OwnViewText) -> Result<(), AppError> {
        Ok(add_own_view(self, actor, c, id, v).await?)
    }
    async fn adopt_advice(
        &self,
        actor: &Account,
        c: CaseId,
        id: StatementId,
        item: usize,
    ) -> Result<AdjustmentId, AppError> {
        Ok(adopt_advice(self, actor, c, id, item).await?)
    }
}

/// The entries of a case shaped for one reader: `new` after `since` (the
/// reader's last visit), the worker's views attached, authors as stored.
struct Shaper {
    all: Vec<StoredStatement>,
    superseded: Vec<StatementId>,
    views: Vec<(StatementId, OwnView)>,
    drafts: Vec<(StatementId, i64, AdjustmentId)>,
    since: Option<Timestamp>,
    /// The participant reading: what they wrote is never new to them.
    reader: Option<ParticipantId>,
    /// Authors the involvement rule keeps from the reader (mental-health
    /// care, with the switch on): "a member of the care team".
    kept_back: Vec<ParticipantId>,
}

impl Shaper {
    async fn read(
        tx: &mut Tx,
        case: CaseId,
        since: Option<Timestamp>,
        reader: Option<ParticipantId>,
        with_drafts: bool,
    ) -> Result<Shaper> {
        let all = statements::of_case(tx, case).await?;
        let (views, drafts) = if all.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let views = statements::own_views(tx, case).await?;
            let drafts = if with_drafts { statements::drafts(tx, case).await? } else { Vec::new() };
            (views, drafts)
        };
        Ok(Shaper { superseded: superseded(&all), all, views, drafts, since, reader, kept_back: Vec::new() })
    }

    fn shape(&self, s: &StoredStatement) -> Statement {
        Statement {
            id: s.id,
            author: match self.kept_back.contains(&s.author) {
                true => Author::CareTeam,
                false => Author::Named { id: s.author, name: s.author_name.clone(), role: s.author_role },
            },
            body: s.body.clone(),
            written_at: s.written_at,
            own_view: self.views.iter().find(|(id, _)| *id == s.id).map(|(_, v)| v.clone()),
            superseded: self.superseded.contains(&s.id),
            new: self.since.is_some_and(|t| s.written_at > t) && self.reader != Some(s.author),
            drafts: self
                .drafts
                .iter()
                .filter(|(id, _, _)| *id == s.id)
                .map(|(_, item, a)| (*item as usize, *a))
                .collect(),
        }
    }

    /// The entries `keep` selects, current first and newest on top.
    fn list(&self, keep: impl Fn(&StoredStatement) -> bool) -> Vec<Statement> {
        newest_first(self.all.iter().filter(|s| keep(s)).map(|s| self.shape(s)).collect())
    }
}

/// What a participant's page holds of the statements: per kind they see,
/// every entry of it; and what they wrote themselves of other kinds.
pub(crate) struct ForParticipant {
    pub by_kind: Vec<(StatementKind, Vec<Statement>)>,
    pub own: Vec<Statement>,
}

/// The statements of `ok.viewer`'s page, those written since the viewer
/// last opened the case marked new (the same on their page and in the
/// worker's preview of it).
pub(crate) async fn for_participant(tx: &mut Tx, ok: &Allowed) -> Result<ForParticipant> {
    let Some((viewer, role)) = ok.viewer else { return Ok(ForParticipant { by_kind: Vec::new(), own: Vec::new() }) };
    let seen: Vec<StatementKind> = ok.visible.iter().filter_map(|v| StatementKind::of(v.category)).collect();
    // Nothing to read for a role that neither sees nor writes any kind.
    let writes_any = StatementKind::ALL.iter().any(|k| writes(role, *k));
    if seen.is_empty() && !writes_any {
        return Ok(ForParticipant { by_kind: Vec::new(), own: Vec::new() });
    }
    let since = statements::last_view(tx, ok.case_id, viewer, ok.now.at).await?;
    let mut shaper = Shaper::read(tx, ok.case_id, Some(since.unwrap_or(Timestamp(0))), Some(viewer), false).await?;
    let involvement = super::authz::involvement(tx, ok.case_id).await?;
    shaper.kept_back = shaper
        .all
        .iter()
        .filter(|s| !involvement.may_learn_of((viewer, role), (Some(s.author), s.author_role)))
        .map(|s| s.author)
        .collect();
    let by_kind = seen.iter().map(|k| (*k, shaper.list(|s| s.body.kind() == *k))).collect();
    let own = shaper.list(|s| s.author == viewer && !seen.contains(&s.body.kind()));
    Ok(ForParticipant { by_kind, own })
}

/// The kinds `role` writes, by the table.
pub(crate) fn kinds_written_by(role: Role) -> Vec<StatementKind> {
    StatementKind::ALL
        .iter()
        .copied()
        .filter(|k| permitted(Actor::Participant(role), Operation::write(*k), None, &[]))
        .collect()
}

/// How many entries were written since `account` last did `visit` on
/// the case (the worker's count on My case).
pub(crate) async fn new_since(
    tx: &mut Tx,
    case: CaseId,
    account: AccountId,
    visit: Operation,
    now: Timestamp,
) -> Result<u32> {
    Ok(statements::count_since_visit(tx, case, account, visit, now).await? as u32)
}

#[tracing::instrument(skip_all)]
async fn worker_page(s: &PortalService, actor: &Account, case: CaseId) -> Result<StatementsPage> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadStatements, None).await?;
    let since = statements::last_visit(&mut tx, ok.case_id, actor.id, Operation::ReadStatements, ok.now.at).await?;
    // A first visit marks everything new.
    let shaper = Shaper::read(&mut tx, ok.case_id, Some(since.unwrap_or(Timestamp(0))), None, true).await?;
    let page = StatementsPage { case_id: ok.case_id, statements: shaper.list(|_| true) };
    tx.commit().await?;
    Ok(page)
}

#[tracing::instrument(skip_all, fields(kind = %kind))]
async fn form(s: &PortalService, actor: &Account, case: CaseId, kind: StatementKind) -> Result<StatementForm> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadOwnStatements, None).await?;
    let (Some(me), Actor::Participant(role)) = (ok.acting, ok.actor) else {
        return refuse(tx, AppError::NotFound).await;
    };
    // A form for a kind the role does not write is not there for them.
    if !kinds_written_by(role).contains(&kind) {
        return refuse(tx, AppError::NotFound).await;
    }
    let current = statements::of_case(&mut tx, ok.case_id)
        .await?
        .into_iter()
        .rfind(|st| st.author == me && st.body.kind() == kind)
        .map(|st| st.body);
    let worker_first_name = tx.case(ok.case_id).await?.worker_first_name();
    tx.commit().await?;
    Ok(StatementForm { case_id: ok.case_id, worker_first_name, kind, current })
}

#[tracing::instrument(skip_all, fields(kind = %body.kind()))]
async fn write(s: &PortalService, actor: &Account, case: CaseId, body: StatementBody) -> Result<StatementId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::write(body.kind()), None).await?;
    let Some(me) = ok.acting else { return refuse(tx, AppError::NotFound).await };
    if let Err(errors) = body.check_dates(ok.now.today()) {
        // Nothing was written, so nothing is logged as written.
        tx.rollback().await?;
        return Err(AppError::Invalid(errors).into());
    }
    let id = statements::insert(&mut tx, ok.case_id, me, &body, ok.now.at).await?;
    let worker = case::worker_email(&mut tx, ok.case_id).await?;
    news::tell(s, &mut tx, &worker, &format!("/case/{}/statements", ok.case_id)).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(id)
}

#[tracing::instrument(skip_all)]
async fn add_own_view(s: &PortalService, actor: &Account, case: CaseId, id: StatementId, v: OwnViewText) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AddOwnView, None).await?;
    if statements::author_of(&mut tx, ok.case_id, id).await?.is_none() {
        return refuse(tx, AppError::NotFound).await;
    }
    statements::add_own_view(&mut tx, id, &v, ok.now.at).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// Advice item `item` of entry `id` as an adjustment draft in the worker's
/// Work area, in the professional's words; the worker still decides
/// whether and to whom to send it. Made once: asking again answers the
/// same draft.
#[tracing::instrument(skip_all)]
async fn adopt_advice(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    id: StatementId,
    item: usize,
) -> Result<AdjustmentId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AdoptAdvice, None).await?;
    let all = statements::of_case(&mut tx, ok.case_id).await?;
    let Some(advice) = all.iter().find(|st| st.id == id).and_then(|st| st.body.advice().get(item)).cloned() else {
        return refuse(tx, AppError::NotFound).await;
    };
    let made = statements::drafts(&mut tx, ok.case_id).await?;
    if let Some((_, _, draft)) = made.iter().find(|(st, i, _)| *st == id && *i as usize == item) {
        let draft = *draft;
        tx.commit().await?;
        return Ok(draft);
    }
    let text =
        AdjustmentText { kind: advice.kind, help: advice.words, benefit: String::new(), from: None, until: None };
    let draft = work::insert(&mut tx, ok.case_id, &text, ok.now.at).await?;
    work::add_step(&mut tx, draft, AdjustmentStep::Written, None, None, ok.now.at).await?;
    statements::add_draft(&mut tx, id, item, draft).await?;
    tx.commit().await?;
    Ok(draft)
}
