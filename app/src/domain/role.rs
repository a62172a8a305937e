use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The three worlds around a sick worker that rarely talk to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum World {
    CurativeCare,
    WorkFocusedCare,
    Workplace,
}

/// Role of a participant in a case; the ids are stable and stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Gp,
    Psychiatrist,
    Psychologist,
    MedicalSpecialist,
    OccupationalPhysician,
    OccupationalPhysiotherapist,
    InsurancePhysician,
    Employer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Gp,
        Role::Psychiatrist,
        Role::Psychologist,
        Role::MedicalSpecialist,
        Role::OccupationalPhysician,
        Role::OccupationalPhysiotherapist,
        Role::InsurancePhysician,
        Role::Employer,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::Gp => "gp",
            Role::Psychiatrist => "psychiatrist",
            Role::Psychologist => "psychologist",
            Role::MedicalSpecialist => "medical_specialist",
            Role::OccupationalPhysician => "occupational_physician",
            Role::OccupationalPhysiotherapist => "occupational_physiotherapist",
            Role::InsurancePhysician => "insurance_physician",
            Role::Employer => "employer",
        }
    }

    pub fn world(self) -> World {
        match self {
            Role::Gp | Role::Psychiatrist | Role::Psychologist | Role::MedicalSpecialist => World::CurativeCare,
            Role::OccupationalPhysician | Role::OccupationalPhysiotherapist | Role::InsurancePhysician => {
                World::WorkFocusedCare
            }
            Role::Employer => World::Workplace,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.id() == s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for role in Role::ALL {
            assert_eq!(role.id().parse::<Role>(), Ok(role));
        }
        let mut ids: Vec<_> = Role::ALL.iter().map(|r| r.id()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 8);
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn only_the_employer_is_in_the_workplace() {
        for role in Role::ALL {
            assert_eq!(role.world() == World::Workplace, role == Role::Employer);
        }
    }
}
