use super::Account;
use crate::domain::*;
use crate::error::AppError;
use std::net::IpAddr;

/// Referrals: proposed by a care professional or the worker, answered by
/// the worker, taken on or declined by the recipient, who arrives through
/// a link that works for them alone.
#[async_trait::async_trait]
pub trait ReferralsPort: Send + Sync + 'static {
    /// The worker's: every referral of their case.
    async fn referrals(&self, actor: &Account, case: CaseId) -> Result<ReferralsPage, AppError>;
    /// A care professional's: the referrals from them, and to them once approved.
    async fn my_referrals(&self, actor: &Account, case: CaseId) -> Result<ReferralsPage, AppError>;
    async fn refer(&self, actor: &Account, case: CaseId, p: ReferralProposal) -> Result<ReferralId, AppError>;
    async fn answer_referral(
        &self,
        actor: &Account,
        case: CaseId,
        id: ReferralId,
        answer: WorkerReply,
    ) -> Result<(), AppError>;
    async fn take_referral(
        &self,
        actor: &Account,
        case: CaseId,
        id: ReferralId,
        answer: RecipientAnswer,
    ) -> Result<(), AppError>;
    /// A new link for a referral whose link ran out (the worker's).
    async fn renew_referral(&self, actor: &Account, case: CaseId, id: ReferralId) -> Result<(), AppError>;
    /// What a link's confirm page may say; changes nothing.
    async fn link_state(&self, token: &str) -> Result<LinkState, AppError>;
    /// Continuing from a link: straight in for its recipient, a code to the
    /// recipient's address when signed out, refused for anyone else.
    async fn open_link(
        &self,
        actor: Option<&Account>,
        token: &str,
        ip: IpAddr,
        lang: &str,
        device: Option<&str>,
    ) -> Result<LinkOutcome, AppError>;
}
