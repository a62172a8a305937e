//! Notes: a care professional who sees `notes` writes to another care
//! professional of the case. The addressee reads it in the `notes` section
//! of their page, so only while the worker's grants let them; the worker
//! reads every note.

use super::authz::authorize;
use super::{news, refuse, PortalService};
use crate::error::Result;
use crate::store::{case, notes};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, NotesPort};

#[async_trait::async_trait]
impl NotesPort for PortalService {
    async fn notes(&self, actor: &Account, c: CaseId) -> Result<Vec<Note>, AppError> {
        Ok(list(self, actor, c).await?)
    }
    async fn write_note(&self, actor: &Account, c: CaseId, n: NoteText) -> Result<NoteId, AppError> {
        Ok(write(self, actor, c, n).await?)
    }
}

#[tracing::instrument(skip_all)]
async fn list(s: &PortalService, actor: &Account, case: CaseId) -> Result<Vec<Note>> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadNotes, None).await?;
    let all = notes::of_case(&mut tx, ok.case_id, None).await?;
    tx.commit().await?;
    Ok(all)
}

#[tracing::instrument(skip_all)]
async fn write(s: &PortalService, actor: &Account, case: CaseId, n: NoteText) -> Result<NoteId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::WriteNote, None).await?;
    let Some(me) = ok.acting else { return refuse(tx, AppError::NotFound).await };
    // The addressee: a current care professional of this case, not the writer.
    let to = case::participant(&mut tx, ok.case_id, n.to).await?.filter(|t| !t.removed);
    if !to.is_some_and(|t| may_address(me, n.to, t.role)) {
        return refuse(tx, AppError::field("to", ErrorKey::RecipientRequired)).await;
    }
    let id = notes::insert(&mut tx, ok.case_id, me, &n, ok.now.at).await?;
    // An addressee the switch keeps from mental-health care is not told of
    // a note from it (they read it only once the rule lets them).
    let told = match (ok.actor, to) {
        (Actor::Participant(my_role), Some(t)) => {
            super::authz::involvement(&mut tx, ok.case_id).await?.may_learn_of((n.to, t.role), (Some(me), my_role))
        }
        _ => false,
    };
    if let Some(email) = if told { case::email_of(&mut tx, n.to).await? } else { None } {
        news::tell(s, &mut tx, &email, &format!("/shared/{}", ok.case_id)).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(id)
}
