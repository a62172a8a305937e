//! Ids that cannot be swapped for one another, moments in time, and the one
//! macro that gives a domain enum its stable text ids.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares `i64` newtypes: serde-transparent, printed and parsed as the bare
/// number, so a case id can never be passed where a participant id goes.
macro_rules! id_types {
    ($($(#[$m:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type, schemars::JsonSchema))]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", sqlx(transparent))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                s.trim().parse().map($name).map_err(|_| ())
            }
        }
    )+};
}

id_types!(
    /// A worker's case.
    CaseId,
    /// One of a person's passkeys.
    PasskeyId,
    /// A join code a worker showed at an appointment.
    JoinId,
    /// A person in a case's care team (one row per case: the same person in
    /// two cases has two ids).
    ParticipantId,
    /// A signed-in person (worker or professional).
    AccountId,
    /// One consent: worker × participant × category × purpose × period.
    GrantId,
    /// A row of the access log.
    LogId,
    /// A workplace-adjustment need the worker wrote.
    AdjustmentId,
    /// A stigma concern the worker recorded.
    ConcernId,
    /// A referral of the worker to another professional.
    ReferralId,
    /// A professional's request to see information.
    RequestId,
    /// A work-relevant note from one professional to another.
    NoteId,
    /// A work-ability statement, treatment plan or diagnosis a professional wrote.
    StatementId,
    /// One version of a case's plan of action.
    PlanVersionId,
    /// A progress evaluation on the plan of action.
    EvaluationId,
    /// A link to the adjustment passport sent to a new manager.
    PassportLinkId,
);

/// A moment in time, as Unix milliseconds (UTC). Shown to people in the
/// worker's time zone (`domain::time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, schemars::JsonSchema))]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", sqlx(transparent))]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn ms(self) -> i64 {
        self.0
    }
}

/// Declares a fieldless enum whose variants have stable text ids (stored in
/// the database, posted by forms, used in serde): `ALL`, `id()`, `FromStr`
/// and `Display` from one list.
macro_rules! stable_ids {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $id)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                $name::ALL.iter().copied().find(|v| v.id() == s).ok_or(())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}
pub(crate) use stable_ids;

#[cfg(test)]
mod tests {
    use super::*;

    stable_ids! {
        pub enum Colour { Red = "red", DarkBlue = "dark_blue" }
    }

    #[test]
    fn stable_ids_round_trip_through_text_and_serde() {
        for c in Colour::ALL {
            assert_eq!(c.id().parse::<Colour>(), Ok(*c));
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{}\"", c.id()));
        }
        assert!("green".parse::<Colour>().is_err());
    }

    #[test]
    fn ids_are_plain_numbers_on_the_wire() {
        assert_eq!(serde_json::to_string(&CaseId(7)).unwrap(), "7");
        assert_eq!(" 42 ".parse::<ParticipantId>(), Ok(ParticipantId(42)));
        assert!("4x".parse::<GrantId>().is_err());
    }
}
