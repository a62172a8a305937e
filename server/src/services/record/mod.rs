//! The worker's record to take away: everything the case holds, read in one
//! snapshot after one logged authorization (`ExportRecord`, the worker
//! only), written as this portal's JSON (`app::domain::Record`) or as a
//! FHIR R4 bundle (`fhir`).

pub mod erasure;
pub mod fhir;
pub mod passport;

use super::authz::authorize;
use super::PortalService;
use crate::error::Result;
use crate::store::{
    access_log, case, concerns, notes, plan, record, referrals, requests, sharing, statements, timeline, work,
};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, RecordFile, RecordPort};

#[async_trait::async_trait]
impl RecordPort for PortalService {
    async fn record_page(&self, actor: &Account) -> Result<RecordPage, AppError> {
        Ok(record_page(self, actor).await?)
    }

    async fn export_record(&self, actor: &Account, case: CaseId, format: RecordFormat) -> Result<RecordFile, AppError> {
        let (r, today) = read(self, actor, case).await?;
        let body = match format {
            RecordFormat::Json => serde_json::to_vec_pretty(&r),
            RecordFormat::Fhir => serde_json::to_vec_pretty(&fhir::bundle(&r, &self.public_url)),
        };
        let body = body.map_err(|e| {
            tracing::error!(error = %e, "the record did not serialize");
            AppError::Unavailable
        })?;
        Ok(RecordFile { name: format.file_name(today), media_type: format.media_type(), body })
    }

    async fn ask_erasure(&self, actor: &Account, case: CaseId, understood: bool) -> Result<(), AppError> {
        Ok(erasure::ask(self, actor, case, understood).await?)
    }

    async fn cancel_erasure(&self, actor: &Account, case: CaseId) -> Result<(), AppError> {
        Ok(erasure::cancel(self, actor, case).await?)
    }

    async fn passport(&self, actor: &Account, case: CaseId) -> Result<Passport, AppError> {
        Ok(passport::passport(self, actor, case).await?)
    }

    async fn share_passport(&self, actor: &Account, case: CaseId, to: PassportShare) -> Result<(), AppError> {
        Ok(passport::share(self, actor, case, to).await?)
    }

    async fn revoke_passport(&self, actor: &Account, case: CaseId, link: PassportLinkId) -> Result<(), AppError> {
        Ok(passport::revoke(self, actor, case, link).await?)
    }

    async fn passport_link_state(&self, token: &str) -> Result<LinkState, AppError> {
        Ok(passport::link_state(self, token).await?)
    }

    async fn open_passport(
        &self,
        actor: Option<&Account>,
        token: &str,
        ip: std::net::IpAddr,
        lang: &str,
        device: Option<&str>,
    ) -> Result<PassportOutcome, AppError> {
        Ok(passport::open(self, actor, token, ip, lang, device).await?)
    }

    async fn view_passport(&self, actor: &Account, link: PassportLinkId) -> Result<PassportView, AppError> {
        Ok(passport::view(self, actor, link).await?)
    }
}

async fn record_page(s: &PortalService, actor: &Account) -> Result<RecordPage> {
    let mut tx = s.db.begin_read().await?;
    let own = case::of_worker(&mut tx, actor.id).await?;
    tx.commit().await?;
    let erasure_on = own.as_ref().and_then(|c| c.erasure_due.and_then(|t| c.zone.local(t)).map(|t| t.date()));
    Ok(RecordPage { case_id: own.map(|c| c.id), erasure_on, grace_days: s.erasure_grace_days })
}

/// The whole record of `case`, as its worker may take it, and the
/// worker's date today.
#[tracing::instrument(skip_all, fields(case = %case))]
pub async fn read(s: &PortalService, actor: &Account, case: CaseId) -> Result<(Record, chrono::NaiveDate)> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ExportRecord, None).await?;
    let c = ok.case_id;
    let row = tx.case_row(c).await?.ok_or(AppError::NotFound)?;
    let email = case::worker_email(&mut tx, c).await?;
    let team = record::team(&mut tx, c).await?;
    let grants = sharing::history(&mut tx, c, None, i64::MAX).await?;
    let query = access_log::CaseQuery {
        case: c,
        from: None,
        until: None,
        participant: None,
        others_only: false,
        before: None,
        limit: i64::MAX,
    };
    let mut log = access_log::for_case(&mut tx, &query).await?;
    log.reverse();
    let adjustments = work::of_case_with_history(&mut tx, c).await?;
    let concerns_list = concerns::of_case(&mut tx, c).await?;
    let disclosure_plan = concerns::plan(&mut tx, c).await?;
    let referrals_list = referrals::of_case(&mut tx, c).await?;
    let information_requests = requests::of_case(&mut tx, c, None).await?;
    let notes_list = notes::of_case(&mut tx, c, None).await?;
    let statements_list = statements::of_case(&mut tx, c).await?;
    let own_views = statements::own_views(&mut tx, c).await?;
    let milestones = timeline::marks(&mut tx, c).await?;
    let plan_versions = plan::versions(&mut tx, c).await?;
    let plan_evaluations = plan::evaluations(&mut tx, c).await?;
    tx.commit().await?;
    let record = Record {
        format: "rtw-portal-record".into(),
        version: RECORD_VERSION,
        exported_at: ok.now.at,
        case: RecordCase {
            id: c,
            worker_name: row.worker_name().to_string(),
            email,
            dates: row.dates,
            country: row.country,
            time_zone: row.zone.name().to_string(),
            coordinator_contact: row.coordinator_contact,
            protection: row.protection.clone(),
            closed_on: row.closed_on,
        },
        team,
        grants,
        access_log: log
            .into_iter()
            .map(|l| {
                let e = l.entry;
                LogRow {
                    id: l.id,
                    at: e.at,
                    by: if e.actor == Some(ok.worker_id) { "worker".into() } else { e.role },
                    participant: e.participant_id,
                    action: e.action,
                    category: e.category,
                    purpose: e.purpose,
                    grant: e.grant_id,
                    allowed: e.allowed,
                }
            })
            .collect(),
        adjustments,
        concerns: concerns_list,
        disclosure_plan,
        referrals: referrals_list,
        information_requests,
        notes: notes_list,
        statements: statements_list,
        own_views: own_views.into_iter().map(|(statement, view)| RecordOwnView { statement, view }).collect(),
        milestones,
        plan_versions,
        plan_evaluations,
    };
    Ok((record, ok.now.today()))
}
