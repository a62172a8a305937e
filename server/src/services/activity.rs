//! "Who looked at my information": the worker's reading of the access log,
//! other people's accesses first, a page at a time.

use super::authz::authorize;
use super::PortalService;
use crate::error::Result;
use crate::store::{access_log, case};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, ActivityPort};

#[async_trait::async_trait]
impl ActivityPort for PortalService {
    async fn access_log(&self, actor: &Account, c: CaseId, filter: LogFilter) -> Result<Activity, AppError> {
        Ok(access_log(self, actor, c, filter).await?)
    }
}

#[tracing::instrument(skip_all)]
async fn access_log(s: &PortalService, actor: &Account, case: CaseId, filter: LogFilter) -> Result<Activity> {
    let tx = s.db.begin_write().await?;
    // Logged before reading, so this very look is in the log (among the
    // worker's own rows).
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadAccessLog, None).await?;
    let zone = ok.now.zone;
    let query = access_log::CaseQuery {
        case: ok.case_id,
        from: filter.from.map(|d| zone.start_of_day(d)),
        until: filter.until.map(|d| zone.end_of_day(d)),
        participant: filter.participant,
        others_only: !filter.include_own,
        before: filter.before,
        // One more than a page tells whether there is an older page.
        limit: LOG_PAGE + 1,
    };
    let mut rows = access_log::for_case(&mut tx, &query).await?;
    let names = case::names(&mut tx, ok.case_id).await?;
    tx.commit().await?;
    let older = if rows.len() > LOG_PAGE as usize {
        rows.truncate(LOG_PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let name_of = |id: Option<ParticipantId>| names.iter().find(|(p, _, _)| Some(*p) == id);
    let lines = rows
        .into_iter()
        .map(|r| {
            let e = r.entry;
            let by_worker = e.actor == Some(ok.worker_id);
            let who = match name_of(e.participant_id) {
                _ if by_worker => Who::You,
                _ if e.actor.is_none() && e.role == "portal" => Who::Portal,
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
                category: e.category,
                purpose: e.purpose,
                grant: e.grant_id,
                action: e.action,
                allowed: e.allowed,
            }
        })
        .collect();
    let people = names.into_iter().map(|(id, name, _)| (id, name)).collect();
    Ok(Activity { lines, people, older })
}
