//! The one authorization function. Every read and write of case data goes
//! through `authorize`, which finds out who the actor is in the case, asks
//! the permission table (`app::domain::permissions::permitted`), and logs
//! the access-log row(s) in the caller's transaction, so the log and the
//! data change commit together (a read's rows are appended when it
//! commits, before it answers: `store::Tx`). Nothing is cached between
//! requests: every request reads the current grants, protection and
//! participants, so a revoke holds for the very next request. Within one
//! read, which sees one snapshot, the areas of a page share what the first
//! one looked up (`store/looked.rs`).

use super::PortalService;
use crate::error::Result;
use crate::store::{access_log, case, invitations, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::Account;

/// Proof that an operation on a case was allowed and logged.
#[derive(Debug)]
pub struct Allowed {
    pub case_id: CaseId,
    pub worker_id: AccountId,
    pub actor: Actor,
    /// The participant acting, when the actor is one.
    pub acting: Option<ParticipantId>,
    /// What the acting participant sees now (empty for anyone else).
    pub acting_sees: Vec<Category>,
    /// "Now" in the worker's time zone, read once for the whole request.
    pub now: Now,
    /// For `ViewShared` and `Preview`: what the viewed participant may see
    /// now, each with the grant that allows it.
    pub visible: Vec<Visible>,
    /// For `ViewShared` and `Preview`: the participant whose view it is.
    pub viewer: Option<(ParticipantId, Role)>,
    /// The targeted participant, as found in the case.
    pub target: Option<(ParticipantId, case::Target)>,
}

/// Decides whether `account` may perform `op` on `case` (about participant
/// `target`, which must belong to the case), logs the decision in `tx`, and
/// hands the transaction back when allowed. When denied it commits the log
/// row and answers `NotFound`, the same answer as for a case that does not
/// exist.
#[tracing::instrument(skip_all, fields(case = %case_id, op = %op))]
pub async fn authorize(
    service: &PortalService,
    mut tx: Tx,
    account: &Account,
    case_id: CaseId,
    op: Operation,
    target: Option<ParticipantId>,
) -> Result<(Tx, Allowed)> {
    // An account slowed for its refusals is not heard (no decision, no row).
    if service.refusals.slowed(account.id, service.now()) {
        tx.rollback().await?;
        return Err(AppError::TooManyRequests.into());
    }
    let owner = tx.case_row(case_id).await?;
    let now = Now { at: service.now(), zone: owner.as_ref().map_or(service.default_zone, |o| o.zone) };
    let (actor, acting_participant) = match &owner {
        Some(o) if o.worker_id == account.id => (Actor::Worker, None),
        Some(o) => match tx.participant_by_email(o.id, &account.email).await? {
            Some((id, role)) => (Actor::Participant(role), Some(id)),
            None => (Actor::Outsider, None),
        },
        None => (Actor::Outsider, None),
    };
    // The target is looked up in this case alone, so an id from another
    // case is simply not there.
    let found = match (actor, target) {
        (Actor::Worker, Some(p)) => case::participant(&mut tx, case_id, p).await?.map(|t| (p, t)),
        // A participant can name only themselves (as the recipient of a
        // referral): anyone else is not there for them.
        (Actor::Participant(_), Some(p)) if acting_participant == Some(p) => {
            case::participant(&mut tx, case_id, p).await?.map(|t| (p, t))
        }
        _ => None,
    };
    // A removed participant is only a valid target for a grant, which then
    // gets its own clear message; otherwise they are simply not there.
    let target_ok = match (target, found) {
        (None, _) => true,
        (Some(_), Some((_, t))) => !t.removed || op == Operation::Grant,
        (Some(_), None) => false,
    };
    // What the acting participant sees now: category-bound rows of the
    // table (acting on adjustments, say) depend on it.
    let acting_sees = match (actor, acting_participant) {
        (Actor::Participant(role), Some(p)) => seen_by(&mut tx, case_id, p, role, now).await?,
        _ => Vec::new(),
    };
    let sees: Vec<Category> = acting_sees.iter().map(|v| v.category).collect();
    let by_table = permitted(actor, op, None, &sees) && target_ok;
    let factor_ok = second_factor_ok(service, account, actor);
    // A closed case (back at work) is read, not worked on.
    let closed = owner.as_ref().is_some_and(|o| o.closed_on.is_some());
    let allowed = by_table && factor_ok && (!closed || while_closed(actor, op));

    // Whose view is computed: the participant's own, or the previewed one's.
    let (viewer, seen) = match (allowed, op, actor, acting_participant) {
        (true, Operation::ViewShared, Actor::Participant(role), Some(id)) => (Some((id, role)), acting_sees),
        (true, Operation::Preview, _, _) => match found {
            Some((p, t)) => (Some((p, t.role)), seen_by(&mut tx, case_id, p, t.role, now).await?),
            None => (None, Vec::new()),
        },
        _ => (None, Vec::new()),
    };

    let base = access_log::Entry {
        at: now.at,
        actor: Some(account.id),
        on_behalf_of: owner.as_ref().filter(|_| actor != Actor::Outsider).map(|o| o.worker_id),
        role: actor.id().to_string(),
        action: op,
        case_id: Some(case_id),
        // The participant the row is about: the one acting, or the one targeted.
        participant_id: acting_participant.or(found.map(|(p, _)| p)),
        category: None,
        purpose: None,
        grant_id: None,
        allowed,
    };
    tx.log(&base).await?;
    // A participant's view logs each category seen, on the grant that allowed it.
    if op == Operation::ViewShared {
        for v in &seen {
            let row = access_log::Entry {
                action: Operation::ViewCategory,
                category: Some(v.category),
                purpose: Some(v.purpose),
                grant_id: Some(v.grant),
                ..base.clone()
            };
            tx.log(&row).await?;
        }
    }
    match owner {
        Some(o) if allowed => Ok((
            tx,
            Allowed {
                case_id: o.id,
                worker_id: o.worker_id,
                actor,
                acting: acting_participant,
                acting_sees: sees,
                now,
                visible: seen,
                viewer,
                target: found,
            },
        )),
        // Told to sign in with a passkey: the table would allow it.
        Some(_) if by_table && !factor_ok => {
            tx.commit().await?;
            Err(AppError::PasskeyRequired.into())
        }
        // The worker is told why: their own case is closed, not gone.
        Some(_) if by_table && actor == Actor::Worker => {
            tx.commit().await?;
            Err(AppError::field("case", ErrorKey::CaseClosed).into())
        }
        _ => {
            tx.commit().await?;
            service.refusals.count(account.id, now.at);
            Err(AppError::NotFound.into())
        }
    }
}

/// `authorize` for one page of a person's list of cases: the same decision
/// for each case, on facts the page read for all of its cases at once
/// (`store::invitations`), so the page costs the same number of statements
/// however many cases the person is in. Each case gets its own log row, in
/// that case's log: the worker's "who looked" shows the listing, and no
/// row names another worker's case.
pub async fn authorize_listed(
    service: &PortalService,
    tx: &mut Tx,
    account: &Account,
    listed: &[invitations::Listed],
    open: &[Grant],
    op: Operation,
) -> Result<Vec<Allowed>> {
    if service.refusals.slowed(account.id, service.now()) {
        return Err(AppError::TooManyRequests.into());
    }
    // Nothing of the list (not even whose cases they are) without the passkey.
    if listed.iter().any(|l| !second_factor_ok(service, account, Actor::Participant(l.role))) {
        return Err(AppError::PasskeyRequired.into());
    }
    let mut out = Vec::new();
    for l in listed {
        let now = Now { at: service.now(), zone: l.row.zone };
        // The page holds only cases the person is a current participant of.
        let actor = Actor::Participant(l.role);
        let sees: Vec<Category> =
            seen(l.participant, l.role, open, &l.row.protection, now).iter().map(|v| v.category).collect();
        let allowed = permitted(actor, op, None, &sees);
        tx.log(&access_log::Entry {
            at: now.at,
            actor: Some(account.id),
            on_behalf_of: Some(l.row.worker_id),
            role: actor.id().to_string(),
            action: op,
            case_id: Some(l.row.id),
            participant_id: Some(l.participant),
            category: None,
            purpose: None,
            grant_id: None,
            allowed,
        })
        .await?;
        if allowed {
            out.push(Allowed {
                case_id: l.row.id,
                worker_id: l.row.worker_id,
                actor,
                acting: Some(l.participant),
                acting_sees: sees,
                now,
                visible: Vec::new(),
                viewer: None,
                target: None,
            });
        }
    }
    Ok(out)
}

/// What participant `p` may see now, each category with the grant allowing
/// it; the table has the last word on every category, the employer ceiling
/// included.
async fn seen_by(tx: &mut Tx, case_id: CaseId, p: ParticipantId, role: Role, now: Now) -> Result<Vec<Visible>> {
    let open = tx.open_grants(case_id).await?;
    let protection = tx.protection(case_id).await?;
    Ok(seen(p, role, &open, &protection, now))
}

/// `seen_by` on grants and a switch already read (`open` may hold other
/// participants' grants: the rule takes `p`'s).
fn seen(p: ParticipantId, role: Role, open: &[Grant], protection: &Protection, now: Now) -> Vec<Visible> {
    let visible = visible(p, role, open, protection, now);
    let categories: Vec<Category> = visible.iter().map(|v| v.category).collect();
    let viewer = Actor::Participant(role);
    visible.into_iter().filter(|v| permitted(viewer, Operation::ViewCategory, Some(v.category), &categories)).collect()
}

/// What the involvement rule (`app::domain::may_learn_of`: who may learn
/// that mental-health care is involved) needs about a case: the switch and
/// the worker's marks, read in this request's transaction like every other
/// fact `authorize` decides on (a read asks the database once).
pub(crate) async fn involvement(tx: &mut Tx, case_id: CaseId) -> Result<Involvement> {
    Ok(Involvement { protection: tx.protection(case_id).await?, marked: tx.mental_health_marks(case_id).await? })
}

/// A professional who reads health information acts on a case only in a
/// session signed in with a passkey (`needs_passkey`), where the portal
/// requires it; the worker and the employer with the e-mail code alone.
fn second_factor_ok(service: &PortalService, account: &Account, actor: Actor) -> bool {
    match actor {
        Actor::Participant(role) => !service.passkeys_required || !needs_passkey(role) || account.with_passkey,
        _ => true,
    }
}
