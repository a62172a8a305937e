//! Server functions of notes.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "notes/list")]
pub async fn load_notes(case_id: String) -> Result<Vec<Note>, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.notes(&me, id(&case_id)?).await
}

#[server(endpoint = "notes/write")]
pub async fn write_note(case_id: String, to: String, text: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let parsed = NoteText::parse(&to, &text).map_err(AppError::Invalid);
    let kept = [("to", to.as_str()), ("text", &text)];
    let note = super::kept::on_error::<WriteNote, _>(parsed, &kept).await?;
    let done = portal()?.write_note(&me, id(&case_id)?, note).await;
    super::kept::on_error::<WriteNote, _>(done, &kept).await?;
    Ok(())
}
