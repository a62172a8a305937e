//! Joining a case at the appointment, without typing an e-mail address: the
//! worker shows a short code (and a QR code of its link) for one role; a
//! professional, signed in, enters it with their name and organisation; the
//! worker confirms the person before they join. Joining shares nothing:
//! the worker grants afterwards, as for anyone added by address.

use super::{CaseId, Contact, JoinId, Role, Timestamp};
use serde::{Deserialize, Serialize};

/// How long a code may be entered, and how long the worker then has to
/// confirm the person: an appointment's few minutes.
pub const JOIN_CODE_MS: i64 = 10 * 60 * 1000;
/// Characters in a code: 40 bits, shown as two groups of four.
pub const JOIN_CODE_LEN: usize = 8;
/// Crockford's base32: no I, L, O or U, so a code read from a phone across
/// a desk is not misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Codes one person may try in an hour, right or wrong (`JOIN_TRIES_PER_IP`
/// from one network): against 40 bits a guesser gets nowhere.
pub const JOIN_TRIES_PER_HOUR: i64 = 10;
pub const JOIN_TRIES_PER_IP: i64 = 30;

/// A code made of `bytes` (at least `JOIN_CODE_LEN` of them, random or
/// derived): each byte picks one character.
pub fn join_code_from(bytes: &[u8]) -> String {
    bytes.iter().take(JOIN_CODE_LEN).map(|b| ALPHABET[(*b % 32) as usize] as char).collect()
}

/// A code as typed: case, spaces and dashes do not matter, and the letters
/// Crockford's alphabet leaves out read as the digits they look like.
/// `None` when it cannot be a code at all.
pub fn parse_join_code(raw: &str) -> Option<String> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (code.len() == JOIN_CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// A code as shown: "ABCD-EFGH".
pub fn show_join_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(JOIN_CODE_LEN / 2));
    format!("{a}-{b}")
}

/// Where a code stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum JoinStatus {
    /// Shown, nobody has entered it yet.
    Waiting,
    /// Someone entered it: the worker sees who, and confirms or not.
    Entered(Contact),
    /// The worker confirmed: they are in the team.
    Joined(Contact),
    /// The worker said it was not the person.
    Declined,
    /// Nobody entered it, or the worker did not answer, in time.
    Expired,
}

/// The worker's code of the moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinView {
    pub id: JoinId,
    pub role: Role,
    /// As shown ("ABCD-EFGH"); empty once it can no longer be entered.
    pub code: String,
    /// The page the QR code opens, with the code filled in.
    pub link: String,
    /// The QR code of `link`, as SVG.
    pub qr_svg: String,
    /// Until when the code may be entered, or (entered) the person confirmed.
    pub until: Timestamp,
    pub status: JoinStatus,
}

/// The worker's page of showing a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinPage {
    pub case_id: CaseId,
    /// The latest code, if one was made in the last `JOIN_CODE_MS` twice over.
    pub current: Option<JoinView>,
}

/// What the professional who entered a code sees of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JoinerStatus {
    /// The worker has not answered yet.
    Waiting { until: Timestamp },
    /// In the team: the case page is theirs to open.
    Joined(CaseId),
    /// Declined, or not answered in time (they are not told which).
    NotJoined,
}

/// The professional's page after entering a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinerPage {
    pub id: JoinId,
    pub role: Role,
    pub status: JoinerStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_read_back_however_it_was_typed() {
        let code = join_code_from(&[0, 1, 2, 3, 200, 31, 32, 63]);
        assert_eq!(code, "01238Z0Z");
        assert_eq!(parse_join_code(&show_join_code(&code)), Some(code.clone()));
        assert_eq!(parse_join_code(&format!(" {} ", code.to_lowercase())), Some(code.clone()));
        assert_eq!(parse_join_code("ABCD EFGH").as_deref(), Some("ABCDEFGH"));
        // The letters left out read as the digits they look like.
        assert_eq!(parse_join_code("OIL0-ABCD").as_deref(), Some("0110ABCD"));
        assert_eq!(parse_join_code("ABCU-EFGH"), None, "U is not in the alphabet");
        assert_eq!(parse_join_code("ABC-EFGH"), None, "too short");
        assert_eq!(parse_join_code("ABCDE-FGHJ"), None, "too long");
        assert_eq!(parse_join_code(""), None);
    }

    #[test]
    fn every_character_of_a_code_comes_from_the_alphabet() {
        let all: Vec<u8> = (0..=255).collect();
        for chunk in all.chunks(JOIN_CODE_LEN) {
            let code = join_code_from(chunk);
            assert!(parse_join_code(&code).is_some(), "{code}");
        }
    }
}
