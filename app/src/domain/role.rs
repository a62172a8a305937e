use super::ids::stable_ids;
use serde::{Deserialize, Serialize};

/// The three worlds around a sick worker that rarely talk to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum World {
    CurativeCare,
    WorkFocusedCare,
    Workplace,
}

stable_ids! {
    /// Role of a participant in a case; the ids are stable and stored as text.
    pub enum Role {
        Gp = "gp",
        Psychiatrist = "psychiatrist",
        Psychologist = "psychologist",
        MedicalSpecialist = "medical_specialist",
        OccupationalPhysician = "occupational_physician",
        OccupationalPhysiotherapist = "occupational_physiotherapist",
        InsurancePhysician = "insurance_physician",
        Employer = "employer",
    }
}

impl Role {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for &role in Role::ALL {
            assert_eq!(role.id().parse::<Role>(), Ok(role));
        }
        let mut ids: Vec<_> = Role::ALL.iter().map(|r| r.id()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 8);
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn only_the_employer_is_in_the_workplace() {
        for &role in Role::ALL {
            assert_eq!(role.world() == World::Workplace, role == Role::Employer);
        }
    }
}
