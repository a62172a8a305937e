//! Targeted consent: grant, revoke, the mental-health switch, the preview,
//! what a participant sees, the history and the worker's access log.

use super::authz::{authorize, Allowed, Operation};
use super::{internal, PortalService};
use crate::store::{access_log, cases, grants, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::Account;

/// Answers `e` after committing the transaction, so the access-log row of
/// an allowed but refused request is kept.
async fn refuse<T>(tx: Tx, e: AppError) -> Result<T, AppError> {
    tx.commit().await.map_err(internal)?;
    Err(e)
}

/// Grants what `req` asks, or (`None`) the one-tap preset of the
/// participant's role for the default period.
pub async fn grant(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
    req: Option<GrantRequest>,
) -> Result<(), AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::Grant(p)).await?;
    let Some((_, target)) = ok.target else { return refuse(tx, AppError::NotFound).await };
    if target.removed {
        return refuse(tx, AppError::field("participant", ErrorKey::ParticipantRemoved)).await;
    }
    let req = req.unwrap_or_else(|| {
        let (categories, purpose) = target.role.preset();
        GrantRequest { categories: categories.to_vec(), purpose, until: Some(default_until(s.today())) }
    });
    // The employer ceiling, whatever the client sent.
    if let Err(e) = req.check_ceiling(target.role) {
        return refuse(tx, AppError::Invalid(vec![e])).await;
    }
    let now = s.now_ms();
    let open = grants::open(&mut tx, ok.case_id).await.map_err(internal)?;
    for category in &req.categories {
        // Granting again replaces the open grant (a new period), keeping history.
        for old in open.iter().filter(|g| g.participant == p && g.category == *category && g.purpose == req.purpose) {
            grants::end(&mut tx, old.id, "replaced", actor.id, now).await.map_err(internal)?;
        }
        let g = grants::NewGrant {
            case: ok.case_id,
            participant: p,
            category: *category,
            purpose: req.purpose,
            from: s.today(),
            until: req.until,
            by: actor.id,
            at: now,
        };
        grants::insert(&mut tx, &g).await.map_err(internal)?;
    }
    tx.commit().await.map_err(internal)
}

/// Revokes one category for one purpose, or (`None`) everything in force.
pub async fn revoke(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
    what: Option<(Category, Purpose)>,
) -> Result<(), AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::Revoke(p)).await?;
    let now = s.now_ms();
    let open = grants::open(&mut tx, ok.case_id).await.map_err(internal)?;
    let ending: Vec<_> = open
        .iter()
        .filter(|g| g.participant == p && g.in_force(now))
        .filter(|g| what.is_none_or(|(c, purpose)| g.category == c && g.purpose == purpose))
        .collect();
    if ending.is_empty() {
        return refuse(tx, AppError::field("grant", ErrorKey::NotGranted)).await;
    }
    for g in ending {
        grants::end(&mut tx, g.id, "revoked", actor.id, now).await.map_err(internal)?;
    }
    tx.commit().await.map_err(internal)
}

pub async fn set_protection(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    mut p: Protection,
) -> Result<(), AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::SetProtection).await?;
    p.named.sort_unstable();
    p.named.dedup();
    for named in &p.named {
        let current =
            cases::participant(&mut tx, ok.case_id, *named).await.map_err(internal)?.is_some_and(|t| !t.removed);
        if !current {
            return refuse(tx, AppError::field("named", ErrorKey::ParticipantUnknown)).await;
        }
    }
    grants::set_protection(&mut tx, ok.case_id, &p).await.map_err(internal)?;
    tx.commit().await.map_err(internal)
}

/// The page a participant gets, built only from what `authorize` allowed.
/// Both the participant's own view and the worker's preview come from here.
async fn shared_view(tx: &mut Tx, ok: &Allowed) -> Result<SharedView, AppError> {
    let (participant, role) = ok.viewer.ok_or(AppError::NotFound)?;
    let names = cases::names(tx, ok.case_id).await.map_err(internal)?;
    let participant_name =
        names.into_iter().find(|(id, _, _)| *id == participant).map(|(_, n, _)| n).unwrap_or_default();
    let mut sections = Vec::new();
    for v in &ok.visible {
        let content = match v.category {
            Category::Absence => SectionContent::Absence(cases::dates(tx, ok.case_id).await.map_err(internal)?),
            _ => SectionContent::NothingYet,
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
        worker_first_name: cases::worker_first_name(tx, ok.case_id).await.map_err(internal)?,
        participant,
        participant_name,
        role,
        sections,
    })
}

pub async fn preview(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    p: ParticipantId,
) -> Result<SharedView, AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::Preview(p)).await?;
    let view = shared_view(&mut tx, &ok).await?;
    tx.commit().await.map_err(internal)?;
    Ok(view)
}

pub async fn shared_case(s: &PortalService, actor: &Account, case: CaseId) -> Result<SharedView, AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ViewShared).await?;
    let view = shared_view(&mut tx, &ok).await?;
    tx.commit().await.map_err(internal)?;
    Ok(view)
}

/// The cases this person is invited to, each learned through `authorize`.
pub async fn invitations(s: &PortalService, actor: &Account) -> Result<Vec<Invitation>, AppError> {
    let mut tx = s.db.begin_write().await.map_err(internal)?;
    let ids = cases::cases_of_participant(&mut tx, &actor.email, actor.id).await.map_err(internal)?;
    let mut out = Vec::new();
    for id in ids {
        let (t, ok) = authorize(s, tx, actor, id, Operation::SeeInvitation).await?;
        tx = t;
        if let super::authz::Acting::Participant { role, .. } = ok.acting {
            let worker_first_name = cases::worker_first_name(&mut tx, id).await.map_err(internal)?;
            out.push(Invitation { case_id: id, worker_first_name, role });
        }
    }
    tx.commit().await.map_err(internal)?;
    Ok(out)
}

pub async fn history(s: &PortalService, actor: &Account, case: CaseId) -> Result<Vec<GrantHistory>, AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadHistory).await?;
    let mut rows = grants::history(&mut tx, ok.case_id).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    let now = s.now_ms();
    for r in &mut rows {
        if r.status == GrantStatus::InForce && !r.grant.in_force(now) {
            r.status = GrantStatus::Expired;
        }
    }
    Ok(rows)
}

pub async fn access_log(
    s: &PortalService,
    actor: &Account,
    case: CaseId,
    filter: LogFilter,
) -> Result<Activity, AppError> {
    let tx = s.db.begin_write().await.map_err(internal)?;
    // Logged before reading, so this very look appears at the top.
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadAccessLog).await?;
    let from = filter.from.map(|d| end_of_day_ms(d) - 86_400_000).unwrap_or(i64::MIN);
    let until = filter.until.map(end_of_day_ms).unwrap_or(i64::MAX);
    // Fetch more than a page when filtering by person, then keep a page.
    let limit = if filter.participant.is_some() { LOG_PAGE * 10 } else { LOG_PAGE };
    let rows = access_log::for_case(&mut tx, ok.case_id, from, until, limit).await.map_err(internal)?;
    let names = cases::names(&mut tx, ok.case_id).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    let name_of = |id: Option<i64>| names.iter().find(|(p, _, _)| Some(*p) == id);
    let lines = rows
        .into_iter()
        .filter(|r| filter.participant.is_none() || r.entry.participant_id == filter.participant)
        .take(LOG_PAGE as usize)
        .map(|r| {
            let e = r.entry;
            let by_worker = e.actor == Some(ok.worker_id);
            let who = match name_of(e.participant_id) {
                _ if by_worker => Who::You,
                Some((id, name, role)) if e.role == role.id() => {
                    Who::Participant { id: *id, name: name.clone(), role: *role }
                }
                _ => Who::Outsider,
            };
            LogLine {
                id: r.id,
                at: e.at,
                who,
                about: if by_worker { name_of(e.participant_id).map(|(_, n, _)| n.clone()) } else { None },
                category: e.category.as_deref().and_then(|c| c.parse().ok()),
                purpose: e.purpose.as_deref().and_then(|p| p.parse().ok()),
                grant: e.grant_id,
                action: e.action,
                allowed: e.allowed,
            }
        })
        .collect();
    let people = names.into_iter().map(|(id, name, _)| (id, name)).collect();
    Ok(Activity { lines, people })
}
