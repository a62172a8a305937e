//! The worker's record to take away (`download`), as this portal's JSON
//! (`app::domain::Record`) or as a FHIR R4 bundle (`fhir`); the adjustment
//! passport (`passport`); erasure after a grace period (`erasure`).

pub mod download;
pub mod erasure;
pub mod fhir;
pub mod passport;

use super::PortalService;
use crate::error::Result;
use crate::store::case;
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, RecordFile, RecordPort};

#[async_trait::async_trait]
impl RecordPort for PortalService {
    async fn record_page(&self, actor: &Account) -> Result<RecordPage, AppError> {
        Ok(record_page(self, actor).await?)
    }

    async fn export_record(&self, actor: &Account, case: CaseId, format: RecordFormat) -> Result<RecordFile, AppError> {
        Ok(download::file(self, actor, case, format).await?)
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
