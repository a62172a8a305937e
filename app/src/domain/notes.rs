//! Work-relevant notes: a care professional with a `notes` grant writes to
//! another care professional of the case ("Today I saw your employee;
//! stress-related complaints, possibly related to the work situation"). The
//! addressee reads it only while the worker's grants let them see `notes`
//! (in that section of their page); the worker always reads every note.

use super::contact::own_words;
use super::{FieldError, NoteId, ParticipantId, Role, Timestamp};
use serde::{Deserialize, Serialize};

pub const NOTE_MAX: usize = 1000;

/// A note as written: to whom, and the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteText {
    pub to: ParticipantId,
    pub text: String,
}

impl NoteText {
    pub fn parse(to: &str, text: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let to = to.trim().parse::<ParticipantId>().map_err(|_| {
            errors.push(FieldError::new("to", super::ErrorKey::RecipientRequired));
        });
        let text = own_words(text, NOTE_MAX, true).map_err(|k| errors.push(FieldError::new("text", k)));
        match (to, text) {
            (Ok(to), Ok(text)) if errors.is_empty() => Ok(NoteText { to, text }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Note {
    pub id: NoteId,
    pub from: ParticipantId,
    pub from_name: String,
    pub from_role: Role,
    pub to: ParticipantId,
    pub to_name: String,
    pub to_role: Role,
    pub text: String,
    pub written_at: Timestamp,
}

impl Note {
    /// The day it was written (UTC; a note's list shows the day only).
    pub fn written_at_date(&self) -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.written_at.0).map(|t| t.date_naive()).unwrap_or_default()
    }
}

impl Note {
    /// The one at the other end of the note from `reader`, as the
    /// involvement rule (`sharing::may_learn_of`) is asked about them.
    pub fn other_party(&self, reader: ParticipantId) -> (Option<ParticipantId>, Role) {
        match self.from == reader {
            true => (Some(self.to), self.to_role),
            false => (Some(self.from), self.from_role),
        }
    }
}

/// Whom a note may go to: another care professional (never an employer,
/// whom the role ceiling never lets see `notes`).
pub fn may_address(from: ParticipantId, to: ParticipantId, to_role: Role) -> bool {
    from != to && to_role.may_receive(super::Category::Notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKey;

    #[test]
    fn a_note_needs_an_addressee_and_words() {
        assert_eq!(
            NoteText::parse("7", " Seen today. ").unwrap(),
            NoteText { to: ParticipantId(7), text: "Seen today.".into() }
        );
        let e = NoteText::parse("", "").unwrap_err();
        let keys: Vec<ErrorKey> = e.iter().map(|e| e.key).collect();
        assert_eq!(keys, vec![ErrorKey::RecipientRequired, ErrorKey::Required]);
        assert!(!may_address(ParticipantId(1), ParticipantId(2), Role::Employer));
        assert!(!may_address(ParticipantId(1), ParticipantId(1), Role::Gp));
        assert!(may_address(ParticipantId(1), ParticipantId(2), Role::OccupationalPhysician));
    }
}
