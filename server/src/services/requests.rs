//! Information requests: a care professional asks the worker for
//! categories, for a purpose, saying why; the worker approves (ordinary
//! grants, through the table and the log, for at most the period asked),
//! narrows, or declines. An employer cannot ask (the table), and nothing is
//! asked above the asker's role ceiling.

use super::authz::authorize;
use super::{news, refuse, PortalService};
use crate::error::Result;
use crate::store::{case, requests, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, RequestsPort};

#[async_trait::async_trait]
impl RequestsPort for PortalService {
    async fn requests(&self, actor: &Account, c: CaseId) -> Result<RequestsPage, AppError> {
        Ok(list(self, actor, c, Operation::ReadRequests).await?)
    }
    async fn my_requests(&self, actor: &Account, c: CaseId) -> Result<RequestsPage, AppError> {
        Ok(list(self, actor, c, Operation::SeeRequests).await?)
    }
    async fn ask(&self, actor: &Account, c: CaseId, text: InfoRequestText) -> Result<RequestId, AppError> {
        Ok(ask(self, actor, c, text).await?)
    }
    async fn answer_request(&self, actor: &Account, c: CaseId, id: RequestId, a: WorkerReply) -> Result<(), AppError> {
        Ok(answer(self, actor, c, id, a).await?)
    }
}

#[tracing::instrument(skip_all)]
async fn list(s: &PortalService, actor: &Account, case: CaseId, op: Operation) -> Result<RequestsPage> {
    let (tx, page) = list_in(s, s.db.begin_read().await?, actor, case, op).await?;
    tx.commit().await?;
    Ok(page)
}

/// The requests `actor` may see, read in `tx`: a page that shows them
/// beside its own data reads both in one transaction, one log commit.
pub(crate) async fn list_in(
    s: &PortalService,
    tx: Tx,
    actor: &Account,
    case: CaseId,
    op: Operation,
) -> Result<(Tx, RequestsPage)> {
    let (mut tx, ok) = authorize(s, tx, actor, case, op, None).await?;
    let mut all = requests::of_case(&mut tx, ok.case_id, ok.acting).await?;
    for q in &mut all {
        q.settle(ok.now.at);
    }
    let offered = match ok.actor {
        Actor::Participant(role) => role.offered(),
        _ => Vec::new(),
    };
    let page = RequestsPage { case_id: ok.case_id, requests: all, me: ok.acting, offered, today: ok.now.today() };
    Ok((tx, page))
}

#[tracing::instrument(skip_all)]
async fn ask(s: &PortalService, actor: &Account, case: CaseId, text: InfoRequestText) -> Result<RequestId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::RequestInformation, None).await?;
    let (Actor::Participant(role), Some(me)) = (ok.actor, ok.acting) else {
        return refuse(tx, AppError::NotFound).await;
    };
    if let Err(e) = text.share.check_ceiling(role) {
        return refuse(tx, AppError::Invalid(vec![e])).await;
    }
    let until = match super::grants::proposed_last_day(&text.share, ok.now.today()) {
        Ok(day) => day,
        Err(e) => return refuse(tx, e).await,
    };
    let id = requests::insert(&mut tx, ok.case_id, me, &text, until, ok.now.at).await?;
    // The worker is asked on their phone; the mail says nothing more.
    let worker = case::worker_email(&mut tx, ok.case_id).await?;
    news::tell(s, &mut tx, &worker, "/case").await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(id)
}

#[tracing::instrument(skip_all)]
async fn answer(s: &PortalService, actor: &Account, case: CaseId, id: RequestId, reply: WorkerReply) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AnswerRequest, None).await?;
    let Some(mut q) = requests::one(&mut tx, ok.case_id, id).await? else {
        return refuse(tx, AppError::NotFound).await;
    };
    q.settle(ok.now.at);
    if q.status != RequestStatus::Pending {
        return refuse(tx, AppError::field("decision", ErrorKey::StepNotAllowed)).await;
    }
    let (tx, answer) = super::grants::held_to_proposal(tx, reply, &q.categories, q.until, ok.now.today()).await?;
    let (categories, until) = match answer {
        WorkerAnswer::Decline => (Vec::new(), None),
        WorkerAnswer::Approve { categories, until } => (categories, Some(until)),
    };
    let mut tx = tx;
    if let Some(until) = until {
        // Grants like any other: through the table, logged, the ceiling checked.
        let req = GrantRequest { categories: categories.clone(), purpose: q.purpose, until: LastDay::On(until) };
        tx = super::grants::grant_approved(s, tx, actor, case, q.from, &req).await?.0;
    }
    if !requests::answer(&mut tx, id, &categories, until, ok.now.at).await? {
        return refuse(tx, AppError::Conflict).await;
    }
    if let Some(email) = case::email_of(&mut tx, q.from).await? {
        news::tell(s, &mut tx, &email, &format!("/shared/{}", ok.case_id)).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// Tells the worker and the asker, once, that a request lapsed unanswered
/// (the neutral mail: the worker's link goes to her requests, where she can
/// still share with the asker; the asker's to the case, where they can ask
/// again). Logged like any access, in the same transaction. Answers how
/// many requests were told.
pub async fn tell_lapsed(s: &PortalService) -> Result<usize> {
    let mut tx = s.db.begin_write().await?;
    let now = s.now();
    let lapsed = requests::lapsed_untold(&mut tx, now).await?;
    let mut told = 0;
    for q in lapsed {
        let Some(owner) = case::row(&mut tx, q.case_id).await? else { continue };
        if !requests::mark_lapse_told(&mut tx, q.id, now).await? {
            continue;
        }
        let row = crate::store::access_log::Entry {
            at: now,
            actor: None,
            on_behalf_of: Some(owner.worker_id),
            role: "portal".into(),
            action: Operation::LapseRequest,
            case_id: Some(q.case_id),
            participant_id: Some(q.from),
            category: None,
            purpose: None,
            grant_id: None,
            allowed: true,
        };
        crate::store::access_log::append(&mut tx, &row).await?;
        let worker = case::worker_email(&mut tx, q.case_id).await?;
        news::tell(s, &mut tx, &worker, &format!("/case/{}/requests", q.case_id)).await?;
        // The asker, while still in the team.
        if case::participant(&mut tx, q.case_id, q.from).await?.is_some_and(|t| !t.removed) {
            if let Some(email) = case::email_of(&mut tx, q.from).await? {
                news::tell(s, &mut tx, &email, &format!("/shared/{}", q.case_id)).await?;
            }
        }
        told += 1;
    }
    tx.commit().await?;
    if told > 0 {
        s.outbox_wake.notify_one();
    }
    Ok(told)
}
