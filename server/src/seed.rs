//! The demo case, seeded once into an empty database in demo mode.

use crate::error::Result;
use crate::services::PortalService;
use crate::store::{accounts, case};
use app::domain::*;
use chrono::Duration;

pub const DEMO_WORKER: &str = "sanna@example.com";

struct Person {
    role: Role,
    name: &'static str,
    org: &'static str,
    email: &'static str,
    phone: Option<&'static str>,
}

const TEAM: [Person; 4] = [
    Person {
        role: Role::Gp,
        name: "Dr Liisa Korhonen",
        org: "Kallio Health Centre",
        email: "liisa.korhonen@example.com",
        phone: Some("+358 9 310 5015"),
    },
    Person {
        role: Role::Psychiatrist,
        name: "Dr Mark de Vries",
        org: "Mind Clinic",
        email: "mark.devries@example.com",
        phone: None,
    },
    Person {
        role: Role::OccupationalPhysician,
        name: "Dr Anna Jansen",
        org: "WorkHealth Ltd",
        email: "anna.jansen@example.com",
        phone: Some("+358 40 123 4567"),
    },
    Person {
        role: Role::Employer,
        name: "Pekka Mäkinen",
        org: "Acme Ltd, HR",
        email: "pekka.makinen@example.com",
        phone: None,
    },
];

/// Seeds the demo case unless any account exists. Returns whether it seeded.
pub async fn seed_demo(s: &PortalService) -> Result<bool> {
    let mut tx = s.db.begin_write().await?;
    // Two instances starting at once against one database seed it once.
    crate::store::serialize(&mut tx, crate::store::locks::DEMO_SEED).await?;
    let any: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(&mut *tx).await?;
    if any > 0 {
        return Ok(false);
    }
    let now = Now { at: s.now(), zone: s.default_zone };
    let email = Email::parse(DEMO_WORKER).expect("demo address parses");
    let worker = accounts::create(&mut tx, &email, "en", now.at.0).await?;
    accounts::set_display_name(&mut tx, worker.id, "Sanna Virtanen").await?;
    let today = now.today();
    let dates =
        CaseDates { sick_leave_start: today - Duration::days(30), expected_return: Some(today + Duration::days(45)) };
    let case = case::create(&mut tx, worker.id, &dates, now.zone, now.at).await?;
    for p in TEAM {
        let new = NewParticipant {
            role: p.role,
            contact: Contact::parse(p.name, p.org, p.email, p.phone.unwrap_or("")).expect("demo contact parses"),
        };
        let id = case::add_participant(&mut tx, case, &new, now.at).await?;
        if p.role == Role::Gp {
            case::set_coordinator(&mut tx, case, Some(id)).await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}
