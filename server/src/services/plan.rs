//! The plan of action: the worker and the employer write versions and agree
//! to them, the occupational physician is invited to read it and to add
//! progress evaluations, all while the employer's (or the physician's)
//! adjustments grant is in force (the permission table). The plan links
//! agreed adjustments the employer has: nothing else of the case ever
//! enters it, so what the employer reads is what the two of them wrote.

use super::authz::{authorize, Allowed};
use super::{news, refuse, PortalService};
use crate::error::Result;
use crate::store::{case, plan, work, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, PlanPort};

#[async_trait::async_trait]
impl PlanPort for PortalService {
    async fn plan(&self, actor: &Account, c: CaseId) -> Result<PlanPage, AppError> {
        Ok(page(self, actor, c).await?)
    }
    async fn write_plan(&self, actor: &Account, c: CaseId, t: PlanText) -> Result<PlanVersionId, AppError> {
        Ok(write(self, actor, c, t).await?)
    }
    async fn agree_plan(&self, actor: &Account, c: CaseId, v: PlanVersionId) -> Result<(), AppError> {
        Ok(agree(self, actor, c, v).await?)
    }
    async fn evaluate_plan(&self, actor: &Account, c: CaseId, e: EvaluationText) -> Result<EvaluationId, AppError> {
        Ok(evaluate(self, actor, c, e).await?)
    }
}

/// The employers of the case (current), and the adjustments sent to any of
/// them, as an employer has them.
async fn employers_and_theirs(
    tx: &mut Tx,
    case_id: CaseId,
) -> Result<(Vec<(ParticipantId, String)>, Vec<SentAdjustment>)> {
    let employers: Vec<(ParticipantId, String)> = tx
        .team(case_id)
        .await?
        .into_iter()
        .filter(|p| p.role == Role::Employer)
        .map(|p| (p.id, p.contact.email.as_str().to_string()))
        .collect();
    let theirs = work::of_case(tx, case_id)
        .await?
        .iter()
        .filter(|a| a.sent_to.iter().any(|p| employers.iter().any(|(e, _)| e == p)))
        .map(|a| SentAdjustment::of(a, Role::Employer))
        .collect();
    Ok((employers, theirs))
}

pub(crate) async fn read_page(tx: &mut Tx, ok: &Allowed) -> Result<PlanPage> {
    let versions = plan::versions(tx, ok.case_id).await?;
    let evaluations = plan::evaluations(tx, ok.case_id).await?;
    let (employers, theirs) = employers_and_theirs(tx, ok.case_id).await?;
    let linked = match versions.first() {
        Some(v) => v.text.adjustments.iter().filter_map(|id| theirs.iter().find(|a| a.id == *id).cloned()).collect(),
        None => Vec::new(),
    };
    let may = |op| permitted(ok.actor, op, None, &ok.acting_sees);
    let party = plan_party(ok.actor).filter(|_| may(Operation::WritePlan));
    let linkable = if party.is_some() { theirs.into_iter().filter(linkable).collect() } else { Vec::new() };
    Ok(PlanPage {
        case_id: ok.case_id,
        worker_first_name: tx.case(ok.case_id).await?.worker_first_name(),
        versions,
        evaluations,
        linked,
        linkable,
        actions: PlanActions { party, evaluate: may(Operation::EvaluatePlan) },
        has_employer: !employers.is_empty(),
        today: ok.now.today(),
    })
}

/// The current version of the plan when it waits for the worker's
/// agreement (there is an employer to agree with, and she has not agreed).
pub(crate) async fn waiting_for_worker(tx: &mut Tx, case_id: CaseId) -> Result<Option<PlanVersion>> {
    let Some(current) = plan::versions(tx, case_id).await?.into_iter().next() else { return Ok(None) };
    if current.worker_agreed.is_some() {
        return Ok(None);
    }
    let has_employer = tx.team(case_id).await?.iter().any(|p| p.role == Role::Employer);
    Ok(has_employer.then_some(current))
}

#[tracing::instrument(skip_all)]
async fn page(s: &PortalService, actor: &Account, case: CaseId) -> Result<PlanPage> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadPlan, None).await?;
    let page = read_page(&mut tx, &ok).await?;
    tx.commit().await?;
    Ok(page)
}

/// Tells the other party something new is on the plan: the worker when an
/// employer acted, the employers who may read it when the worker did.
async fn tell_the_other(s: &PortalService, tx: &mut Tx, ok: &Allowed) -> Result<()> {
    if ok.actor == Actor::Worker {
        let (employers, _) = employers_and_theirs(tx, ok.case_id).await?;
        let open = tx.open_grants(ok.case_id).await?;
        let protection = tx.protection(ok.case_id).await?;
        for (p, email) in employers {
            let sees: Vec<Category> =
                visible(p, Role::Employer, &open, &protection, ok.now).into_iter().map(|v| v.category).collect();
            if permitted(Actor::Participant(Role::Employer), Operation::ReadPlan, None, &sees) {
                news::tell(s, tx, &email, &format!("/shared/{}/plan", ok.case_id)).await?;
            }
        }
    } else {
        let worker = case::worker_email(tx, ok.case_id).await?;
        news::tell(s, tx, &worker, &format!("/case/{}/plan", ok.case_id)).await?;
    }
    s.outbox_wake.notify_one();
    Ok(())
}

/// Refuses bad input after authorization: nothing is stored, and nothing is
/// logged as written.
async fn invalid<T>(tx: Tx, errors: Vec<FieldError>) -> Result<T> {
    tx.rollback().await?;
    Err(AppError::Invalid(errors).into())
}

#[tracing::instrument(skip_all)]
async fn write(s: &PortalService, actor: &Account, case: CaseId, t: PlanText) -> Result<PlanVersionId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::WritePlan, None).await?;
    let Some(party) = plan_party(ok.actor) else { return refuse(tx, AppError::NotFound).await };
    if let Err(e) = check_next_evaluation("next_evaluation", t.next_evaluation, ok.now.today()) {
        return invalid(tx, vec![e]).await;
    }
    // An adjustment of another case is simply not there; of this case, only
    // agreed ones the employer has may be linked.
    let ours = work::of_case(&mut tx, ok.case_id).await?;
    if !t.adjustments.iter().all(|id| ours.iter().any(|a| a.id == *id)) {
        return refuse(tx, AppError::NotFound).await;
    }
    let (_, theirs) = employers_and_theirs(&mut tx, ok.case_id).await?;
    if !t.adjustments.iter().all(|id| theirs.iter().any(|a| a.id == *id && linkable(a))) {
        return invalid(tx, vec![FieldError::new("adjustments", ErrorKey::AdjustmentNotLinkable)]).await;
    }
    let v = plan::insert_version(&mut tx, ok.case_id, &t, ok.acting, ok.now.at).await?;
    // Writing a version is agreeing to it.
    plan::agree(&mut tx, v, party, ok.now.at).await?;
    tell_the_other(s, &mut tx, &ok).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    Ok(v)
}

#[tracing::instrument(skip_all)]
async fn agree(s: &PortalService, actor: &Account, case: CaseId, v: PlanVersionId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AgreePlan, None).await?;
    let Some(party) = plan_party(ok.actor) else { return refuse(tx, AppError::NotFound).await };
    let versions = plan::versions(&mut tx, ok.case_id).await?;
    if !versions.iter().any(|x| x.id == v) {
        return refuse(tx, AppError::NotFound).await;
    }
    // Only the current version can be agreed to: a newer one was written meanwhile.
    if versions.first().map(|x| x.id) != Some(v) {
        return invalid(tx, vec![FieldError::new("version", ErrorKey::PlanChanged)]).await;
    }
    let (employers, _) = employers_and_theirs(&mut tx, ok.case_id).await?;
    if employers.is_empty() {
        return invalid(tx, vec![FieldError::new("version", ErrorKey::NoEmployer)]).await;
    }
    plan::agree(&mut tx, v, party, ok.now.at).await?;
    tell_the_other(s, &mut tx, &ok).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn evaluate(s: &PortalService, actor: &Account, case: CaseId, e: EvaluationText) -> Result<EvaluationId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::EvaluatePlan, None).await?;
    if let Err(err) = check_next_evaluation("next_evaluation", e.next_evaluation, ok.now.today()) {
        return invalid(tx, vec![err]).await;
    }
    if plan::versions(&mut tx, ok.case_id).await?.is_empty() {
        return invalid(tx, vec![FieldError::new("text", ErrorKey::NoPlan)]).await;
    }
    let id = plan::insert_evaluation(&mut tx, ok.case_id, &e, ok.acting, ok.now.at).await?;
    tell_the_other(s, &mut tx, &ok).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    Ok(id)
}
