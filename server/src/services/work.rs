//! Work: the worker's adjustment needs, and the steps the employer and the
//! occupational physician take on what was sent to them. Who may take a
//! step is the permission table (`authorize`) plus the lifecycle
//! (`domain::work::step`); what a participant may touch is what was sent to
//! them while their adjustments grant is in force.

use super::authz::{authorize, Allowed};
use super::{news, refuse, PortalService};
use crate::error::Result;
use crate::store::{access_log, case, work, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, WorkPort};

#[async_trait::async_trait]
impl WorkPort for PortalService {
    async fn work(&self, actor: &Account, c: CaseId) -> Result<WorkPage, AppError> {
        Ok(work_page(self, actor, c).await?)
    }
    async fn adjustment(&self, actor: &Account, c: CaseId, id: AdjustmentId) -> Result<AdjustmentPage, AppError> {
        Ok(adjustment(self, actor, c, id).await?)
    }
    async fn write_adjustment(
        &self,
        actor: &Account,
        c: CaseId,
        id: Option<AdjustmentId>,
        text: AdjustmentText,
    ) -> Result<AdjustmentId, AppError> {
        Ok(write(self, actor, c, id, text).await?)
    }
    async fn take_step(&self, actor: &Account, c: CaseId, id: AdjustmentId, req: StepRequest) -> Result<(), AppError> {
        Ok(take_step(self, actor, c, id, req).await?)
    }
    async fn delete_draft(&self, actor: &Account, c: CaseId, id: AdjustmentId) -> Result<(), AppError> {
        Ok(delete_draft(self, actor, c, id).await?)
    }
}

#[tracing::instrument(skip_all)]
async fn delete_draft(s: &PortalService, actor: &Account, case: CaseId, id: AdjustmentId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::DeleteDraft, None).await?;
    let Some(a) = work::one(&mut tx, ok.case_id, id).await? else { return refuse(tx, AppError::NotFound).await };
    // What was sent is not deleted: it is ended or withdrawn, and keeps its history.
    if !a.deletable() || !work::delete_draft(&mut tx, ok.case_id, id).await? {
        return refuse(tx, AppError::field("step", ErrorKey::StepNotAllowed)).await;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await
}

/// The people an adjustment can be sent to, with whether each sees adjustments now.
async fn recipients(tx: &mut Tx, ok: &Allowed) -> Result<Vec<Recipient>> {
    let team = tx.team(ok.case_id).await?;
    let open = tx.open_grants(ok.case_id).await?;
    let protection = tx.protection(ok.case_id).await?;
    Ok(team
        .into_iter()
        .filter(|p| may_receive_proposals(p.role))
        .map(|p| {
            let sees = visible(p.id, p.role, &open, &protection, ok.now);
            Recipient {
                id: p.id,
                name: p.contact.name,
                role: p.role,
                sees_adjustments: sees.iter().any(|v| v.category == Category::Adjustments),
            }
        })
        .collect())
}

#[tracing::instrument(skip_all)]
async fn work_page(s: &PortalService, actor: &Account, case: CaseId) -> Result<WorkPage> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadWork, None).await?;
    let page = read_work_page(&mut tx, &ok).await?;
    tx.commit().await?;
    Ok(page)
}

async fn read_work_page(tx: &mut Tx, ok: &Allowed) -> Result<WorkPage> {
    let adjustments = work::of_case(tx, ok.case_id).await?;
    let recipients = recipients(tx, ok).await?;
    Ok(WorkPage { case_id: ok.case_id, adjustments, recipients, zone: ok.now.zone, today: ok.now.today() })
}

#[tracing::instrument(skip_all)]
async fn adjustment(s: &PortalService, actor: &Account, case: CaseId, id: AdjustmentId) -> Result<AdjustmentPage> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadWork, None).await?;
    let Some(adjustment) = work::one(&mut tx, ok.case_id, id).await? else {
        return refuse(tx, AppError::NotFound).await;
    };
    let work = read_work_page(&mut tx, &ok).await?;
    tx.commit().await?;
    Ok(AdjustmentPage { work, adjustment })
}

#[tracing::instrument(skip_all)]
async fn write(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    id: Option<AdjustmentId>,
    text: AdjustmentText,
) -> Result<AdjustmentId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::WriteAdjustment, None).await?;
    let id = match id {
        None => {
            let id = work::insert(&mut tx, ok.case_id, &text, ok.now.at).await?;
            work::add_step(&mut tx, id, AdjustmentStep::Written, None, None, ok.now.at).await?;
            id
        }
        Some(id) => {
            let Some(a) = work::one(&mut tx, ok.case_id, id).await? else {
                return refuse(tx, AppError::NotFound).await;
            };
            // Only a draft is rewritten: what was sent stays as it was sent.
            if step(a.status, false, AdjustmentStep::Written, Mover::Worker).is_err()
                || !work::rewrite(&mut tx, id, &text, ok.now.at).await?
            {
                return refuse(tx, AppError::field("step", ErrorKey::StepNotAllowed)).await;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(step = %req.step()))]
async fn take_step(s: &PortalService, actor: &Account, case: CaseId, id: AdjustmentId, req: StepRequest) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, req.operation(), None).await?;
    let Some(a) = work::one(&mut tx, ok.case_id, id).await? else { return refuse(tx, AppError::NotFound).await };
    // A participant acts only on what was sent to them; anything else is
    // not there for them, exactly like an adjustment that does not exist.
    let (mover, by) = match (ok.actor, ok.acting) {
        (Actor::Worker, _) => (Mover::Worker, None),
        (Actor::Participant(role), Some(p)) if a.sent_to.contains(&p) => match Mover::of_role(role) {
            Some(m) => (m, Some(p)),
            None => return refuse(tx, AppError::NotFound).await,
        },
        _ => return refuse(tx, AppError::NotFound).await,
    };
    let next = match step(a.status, a.pending.is_some(), req.step(), mover) {
        Ok(next) => next,
        Err(k) => return refuse(tx, AppError::field("step", k)).await,
    };
    if let StepRequest::Review(r) = &req {
        return review(s, tx, &ok, &a, by, r).await;
    }
    // Everything is checked before anything is written: a refusal keeps
    // only its log row.
    let to = match &req {
        StepRequest::Send { to, .. } => match recipients_of(&mut tx, &ok, &a, to).await? {
            Ok(to) => to,
            Err(e) => return refuse(tx, e).await,
        },
        _ => Vec::new(),
    };
    let mut change = work::Change { status: next, agreement: None, pending: None, reason: None };
    let reason = match &req {
        StepRequest::Agree(agreement) => {
            change.agreement = Some(*agreement);
            change.pending = Some(None);
            None
        }
        StepRequest::NotPossible { reason } => {
            change.reason = Some(reason.as_str());
            Some(reason.as_str())
        }
        StepRequest::Record(agreement) => {
            change.pending = Some(Some(*agreement));
            None
        }
        StepRequest::Confirm => {
            change.agreement = a.pending;
            change.pending = Some(None);
            None
        }
        StepRequest::End { reason } => Some(reason.as_str()).filter(|r| !r.is_empty()),
        StepRequest::Send { .. } | StepRequest::InPlace | StepRequest::Review(_) => None,
    };
    // The grant offered with a proposal is a grant like any other: through
    // `authorize` (logged as one), before anything is written.
    let grant = matches!(req, StepRequest::Send { grant: true, .. });
    for r in to.iter().filter(|r| grant && !r.sees_adjustments) {
        let (t, _) = authorize(s, tx, actor, ok.case_id, Operation::Grant, Some(r.id)).await?;
        tx = t;
    }
    // Someone else may have moved it on meanwhile: then this step no longer applies.
    if !work::apply(&mut tx, id, (a.status, a.pending), &change, ok.now.at).await? {
        return refuse(tx, AppError::field("step", ErrorKey::StepNotAllowed)).await;
    }
    work::add_step(&mut tx, id, req.step(), by, reason, ok.now.at).await?;
    let mut tell = Vec::new();
    for r in &to {
        work::add_recipient(&mut tx, id, r.id, ok.now.at).await?;
        if grant && !r.sees_adjustments {
            give_adjustments_grant(&mut tx, actor, &ok, r.id).await?;
        }
        // Only someone who will see it hears of it.
        if grant || r.sees_adjustments {
            tell.extend(case::email_of(&mut tx, r.id).await?);
        }
    }
    // The worker hears of every step others take; when the worker ends or
    // withdraws one, whoever it was sent to and sees it hears of it.
    if mover != Mover::Worker {
        tell.push(case::worker_email(&mut tx, ok.case_id).await?);
    } else if matches!(req, StepRequest::End { .. }) {
        tell.extend(seeing_recipients(&mut tx, &ok, &a).await?);
    }
    let path = match mover {
        Mover::Worker => format!("/shared/{}", ok.case_id),
        _ => format!("/case/{}/work/{id}", ok.case_id),
    };
    for email in &tell {
        news::tell(s, &mut tx, email, &path).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    if !tell.is_empty() {
        s.outbox_wake.notify_one();
    }
    Ok(())
}

/// A review: by the worker or the employer it was sent to, on what is
/// agreed or in place, kept or changed, with the next review date (which
/// must lie ahead; six weeks from today when not given). The other side
/// hears of it.
async fn review(
    s: &PortalService,
    mut tx: Tx,
    ok: &Allowed,
    a: &Adjustment,
    by: Option<ParticipantId>,
    r: &ReviewRequest,
) -> Result<()> {
    let Some(agreed) = a.agreement else {
        return refuse(tx, AppError::field("step", ErrorKey::StepNotAllowed)).await;
    };
    let next = match r.next_review(ok.now.today()) {
        Ok(next) => next,
        Err(e) => return refuse(tx, AppError::Invalid(vec![e])).await,
    };
    let note = Some(r.note.as_str()).filter(|n| !n.is_empty());
    let v = work::Review { by, outcome: r.outcome, next, note, at: ok.now.at };
    // Someone may have reviewed or ended it a moment earlier.
    if !work::review(&mut tx, a.id, (a.status, agreed.review), &v).await? {
        return refuse(tx, AppError::field("step", ErrorKey::StepNotAllowed)).await;
    }
    let tell = match by {
        Some(_) => vec![case::worker_email(&mut tx, ok.case_id).await?],
        None => seeing_recipients(&mut tx, ok, a).await?,
    };
    for email in &tell {
        let path = match by {
            Some(_) => format!("/case/{}/work/{}", ok.case_id, a.id),
            None => format!("/shared/{}", ok.case_id),
        };
        news::tell(s, &mut tx, email, &path).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    if !tell.is_empty() {
        s.outbox_wake.notify_one();
    }
    Ok(())
}

/// The addresses of the participants an adjustment was sent to who are in
/// the team and see adjustments now: only they may hear of a change.
async fn seeing_recipients(tx: &mut Tx, ok: &Allowed, a: &Adjustment) -> Result<Vec<String>> {
    let seeing = recipients(tx, ok).await?;
    let mut out = Vec::new();
    for r in seeing.iter().filter(|r| r.sees_adjustments && a.sent_to.contains(&r.id)) {
        out.extend(case::email_of(tx, r.id).await?);
    }
    Ok(out)
}

/// Checks a proposal's recipients: it must say enough to be sent, and each
/// must be a current employer or occupational physician of the case.
async fn recipients_of(
    tx: &mut Tx,
    ok: &Allowed,
    a: &Adjustment,
    to: &[ParticipantId],
) -> Result<std::result::Result<Vec<Recipient>, AppError>> {
    if let Err(e) = a.text.ready_to_send() {
        return Ok(Err(AppError::Invalid(vec![e])));
    }
    let all = recipients(tx, ok).await?;
    let mut chosen = Vec::new();
    for p in to {
        match all.iter().find(|r| r.id == *p) {
            Some(r) if !chosen.contains(r) => chosen.push(r.clone()),
            Some(_) => {}
            None => return Ok(Err(AppError::field("to", ErrorKey::ParticipantUnknown))),
        }
    }
    Ok(Ok(chosen))
}

/// The grant offered when sending: adjustments, for return-to-work
/// planning, for the default period (replacing an expired one).
async fn give_adjustments_grant(tx: &mut Tx, actor: &Account, ok: &Allowed, p: ParticipantId) -> Result<()> {
    let req = GrantRequest {
        categories: vec![Category::Adjustments],
        purpose: Purpose::RtwPlanning,
        until: LastDay::Default,
    };
    super::grants::give(tx, ok.case_id, p, &req, actor.id, ok.now).await?;
    Ok(())
}

/// Queues a reminder for every agreed adjustment whose review date has come
/// (in its case's zone): to the worker, and to the employer and occupational
/// physician it was sent to while they are in the team. Once per review
/// date, whichever instance gets there first. Answers how many reviews.
pub async fn remind_reviews(s: &PortalService) -> Result<usize> {
    let mut tx = s.db.begin_write().await?;
    // A day ahead of UTC covers every zone; each case's own "today" decides.
    let horizon = (s.clock.now() + chrono::Duration::days(1)).date_naive();
    let due = work::reviews_due(&mut tx, horizon).await?;
    let mut reminded = 0;
    for d in due {
        let Some(owner) = case::row(&mut tx, d.case_id).await? else { continue };
        // A closed case reminds nobody.
        if owner.closed_on.is_some() {
            continue;
        }
        let today = Now { at: s.now(), zone: owner.zone }.today();
        if d.review > today || !work::mark_reminded(&mut tx, d.id, d.review).await? {
            continue;
        }
        let now = Now { at: s.now(), zone: owner.zone };
        // Logged like any access, in the same transaction: the portal read
        // the adjustment to remind the people in it.
        let row = access_log::Entry {
            at: now.at,
            actor: None,
            on_behalf_of: Some(owner.worker_id),
            role: "portal".into(),
            action: Operation::RemindReview,
            case_id: Some(d.case_id),
            participant_id: None,
            category: Some(Category::Adjustments),
            purpose: None,
            grant_id: None,
            allowed: true,
        };
        access_log::append(&mut tx, &row).await?;
        let worker = case::worker_email(&mut tx, d.case_id).await?;
        news::tell(s, &mut tx, &worker, &format!("/case/{}/work/{}", d.case_id, d.id)).await?;
        let Some(a) = work::one(&mut tx, d.case_id, d.id).await? else { continue };
        let open = tx.open_grants(d.case_id).await?;
        let protection = &owner.protection;
        for p in a.sent_to {
            let Some(t) = case::participant(&mut tx, d.case_id, p).await?.filter(|t| !t.removed) else { continue };
            // Only someone who sees adjustments now hears of one.
            let sees = visible(p, t.role, &open, protection, now).iter().any(|v| v.category == Category::Adjustments);
            if let (true, Some(email)) = (sees, case::email_of(&mut tx, p).await?) {
                news::tell(s, &mut tx, &email, &format!("/shared/{}", d.case_id)).await?;
            }
        }
        reminded += 1;
    }
    tx.commit().await?;
    if reminded > 0 {
        s.outbox_wake.notify_one();
    }
    Ok(reminded)
}
