//! What a read has already looked up about its case. A read sees one
//! snapshot and cannot write, so asking twice gives the same answer: the
//! areas of one page, which each authorize on the same case (My case: its
//! team, referrals and requests; a clinician's page: five areas), ask the
//! database once. A write asks every time, since it may change the case
//! between two checks.

use super::{case, sharing, Tx, TxKind};
use app::domain::{AccountId, CaseId, Email, Grant, ParticipantId, ParticipantView, Protection, Role};

#[derive(Default)]
pub(super) struct Looked {
    row: Option<(CaseId, case::CaseRow)>,
    open: Option<(CaseId, Vec<Grant>)>,
    team: Option<(CaseId, Vec<ParticipantView>)>,
}

/// Who the account with an e-mail address is in a case, if anyone.
type Acting = Option<(ParticipantId, Role)>;

type Slot<K, T> = fn(&mut Looked) -> &mut Option<(K, T)>;

impl Tx {
    /// The row of `case` (`None`: no such case).
    pub async fn case_row(&mut self, case: CaseId) -> Result<Option<case::CaseRow>, sqlx::Error> {
        if let Some(o) = self.recall(|l| &mut l.row, &case) {
            return Ok(Some(o));
        }
        let found = case::row(self, case).await?;
        if let Some(o) = &found {
            self.keep(|l| &mut l.row, case, o);
        }
        Ok(found)
    }

    /// The row of `case`, which exists (the caller was authorized on it).
    pub async fn case(&mut self, case: CaseId) -> Result<case::CaseRow, sqlx::Error> {
        self.case_row(case).await?.ok_or(sqlx::Error::RowNotFound)
    }

    /// The worker's own case, if they have one.
    pub async fn case_of_worker(&mut self, worker: AccountId) -> Result<Option<case::CaseRow>, sqlx::Error> {
        if let TxKind::Read { looked, .. } = &self.0 {
            if let Some((_, o)) = looked.row.as_ref().filter(|(_, o)| o.worker_id == worker) {
                return Ok(Some(o.clone()));
            }
        }
        let found = case::of_worker(self, worker).await?;
        if let Some(o) = &found {
            self.keep(|l| &mut l.row, o.id, o);
        }
        Ok(found)
    }

    /// The current participant of `case` with this e-mail address: in a
    /// read, from its team (which the page shows or the next check reads
    /// anyway), so it costs no statement of its own.
    pub async fn participant_by_email(&mut self, case: CaseId, email: &Email) -> Result<Acting, sqlx::Error> {
        if let TxKind::Batched(_) = self.0 {
            return case::participant_by_email(self, case, email).await;
        }
        Ok(self.team(case).await?.iter().find(|p| p.contact.email == *email).map(|p| (p.id, p.role)))
    }

    /// The grants of `case` that are not ended.
    pub async fn open_grants(&mut self, case: CaseId) -> Result<Vec<Grant>, sqlx::Error> {
        if let Some(open) = self.recall(|l| &mut l.open, &case) {
            return Ok(open);
        }
        let open = sharing::open(self, case).await?;
        self.keep(|l| &mut l.open, case, &open);
        Ok(open)
    }

    /// The mental-health switch of `case`, from its row.
    pub async fn protection(&mut self, case: CaseId) -> Result<Protection, sqlx::Error> {
        Ok(self.case(case).await?.protection)
    }

    /// The current team of `case` (not removed), in the order they were added.
    pub async fn team(&mut self, case: CaseId) -> Result<Vec<ParticipantView>, sqlx::Error> {
        if let Some(t) = self.recall(|l| &mut l.team, &case) {
            return Ok(t);
        }
        let t = case::participants(self, case).await?;
        self.keep(|l| &mut l.team, case, &t);
        Ok(t)
    }

    /// Whether participant `p` coordinates `case` (from its team).
    pub async fn coordinates(&mut self, case: CaseId, p: ParticipantId) -> Result<bool, sqlx::Error> {
        Ok(self.team(case).await?.iter().any(|t| t.id == p && t.is_coordinator))
    }

    /// The current participants of `case` the worker marked as
    /// mental-health care: from the team, so a page that shows the team
    /// and applies the switch reads the participants once.
    pub async fn mental_health_marks(&mut self, case: CaseId) -> Result<Vec<ParticipantId>, sqlx::Error> {
        Ok(self.team(case).await?.iter().filter(|p| p.mental_health_care).map(|p| p.id).collect())
    }

    fn recall<K: PartialEq, T: Clone>(&mut self, slot: Slot<K, T>, key: &K) -> Option<T> {
        match &mut self.0 {
            TxKind::Read { looked, .. } => slot(looked).as_ref().filter(|(k, _)| k == key).map(|(_, v)| v.clone()),
            TxKind::Batched(_) => None,
        }
    }

    fn keep<K, T: Clone>(&mut self, slot: Slot<K, T>, key: K, value: &T) {
        if let TxKind::Read { looked, .. } = &mut self.0 {
            *slot(looked) = Some((key, value.clone()));
        }
    }
}
