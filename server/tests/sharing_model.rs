//! A state machine test of consent: random sequences of grant, revoke,
//! revoke-all, time passing (grants expire), the mental-health switch, the
//! worker's mental-health marks, the coordinator, the care-team directory's
//! settings, statements written (work ability, treatment, diagnosis) and
//! views run against the real service and a deliberately simple model.
//! After every step each participant must see exactly what the model
//! allows: the categories, which statements (whether each is superseded,
//! and whether its author is named), and the directory.

mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::{prelude::*, Account};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use server::services::{Clock, PortalService, TestClock};
use server::store::{accounts, case, Db};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// 4 x 2,500 = 10,000 cases in every test command, in four tests so the
/// test harness runs them on all cores; override with CONSENT_MODEL_CASES
/// (cases per test).
const CASES: u32 = 2_500;

const ROLES: [Role; 4] = [Role::OccupationalPhysician, Role::Employer, Role::Psychiatrist, Role::Gp];

#[derive(Debug, Clone)]
enum Step {
    Grant {
        who: usize,
        cats: Vec<Category>,
        purpose: Purpose,
        days: Option<u64>,
    },
    Revoke {
        who: usize,
        cat: Category,
        purpose: Purpose,
    },
    RevokeAll {
        who: usize,
    },
    Advance {
        hours: i64,
    },
    Protect {
        on: bool,
        named: Vec<usize>,
    },
    /// The worker marks someone as mental-health care (only the GP can be).
    Mark {
        who: usize,
        on: bool,
    },
    Coordinate {
        who: Option<usize>,
    },
    /// The worker shows or hides `other` in `viewer`'s directory, perhaps
    /// choosing what a coordinator without a name shows.
    Directory {
        viewer: usize,
        other: usize,
        contact: Option<CoordinatorContact>,
    },
    View {
        who: usize,
    },
    Write {
        who: usize,
        kind: StatementKind,
    },
}

/// Which kinds each role of `ROLES` writes, written out here by hand.
fn writes(who: usize, kind: StatementKind) -> bool {
    use StatementKind::*;
    match ROLES[who] {
        Role::OccupationalPhysician => matches!(kind, WorkAbility | Diagnosis),
        Role::Psychiatrist | Role::Gp => true,
        _ => false,
    }
}

fn body(kind: StatementKind) -> StatementBody {
    let form: BTreeMap<String, String> = match kind {
        StatementKind::WorkAbility => {
            AbilitySection::ALL.iter().map(|s| (section_fields(*s).0, "none".to_string())).collect()
        }
        StatementKind::Treatment => [("what".to_string(), "Weekly sessions".to_string())].into(),
        StatementKind::Diagnosis => [("words".to_string(), "An episode".to_string())].into(),
    };
    StatementBody::parse(kind.id(), &form).unwrap()
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0..ROLES.len();
    let cat = proptest::sample::select(Category::ALL.to_vec());
    let purpose = proptest::sample::select(Purpose::ALL.to_vec());
    prop_oneof![
        4 => (who.clone(), proptest::sample::subsequence(Category::ALL.to_vec(), 1..=3), purpose.clone(), proptest::option::of(0u64..40))
            .prop_map(|(who, cats, purpose, days)| Step::Grant { who, cats, purpose, days }),
        2 => (who.clone(), cat, purpose).prop_map(|(who, cat, purpose)| Step::Revoke { who, cat, purpose }),
        1 => who.clone().prop_map(|who| Step::RevokeAll { who }),
        2 => (1i64..24 * 20).prop_map(|hours| Step::Advance { hours }),
        2 => (any::<bool>(), proptest::sample::subsequence((0..ROLES.len()).collect::<Vec<_>>(), 0..=2))
            .prop_map(|(on, named)| Step::Protect { on, named }),
        1 => (who.clone(), any::<bool>()).prop_map(|(who, on)| Step::Mark { who, on }),
        1 => proptest::option::of(who.clone()).prop_map(|who| Step::Coordinate { who }),
        2 => (who.clone(), who.clone(), proptest::option::of(proptest::sample::select(CoordinatorContact::ALL.to_vec())))
            .prop_map(|(viewer, other, contact)| Step::Directory { viewer, other, contact }),
        1 => who.clone().prop_map(|who| Step::View { who }),
        2 => (who, proptest::sample::select(StatementKind::ALL.to_vec())).prop_map(|(who, kind)| Step::Write { who, kind }),
    ]
}

/// The model: open grants as (who, category, purpose) -> last day (None:
/// until revoked), the switch, the marks, the coordinator, the directory's
/// hidden (viewer, other) pairs and contact choice, and the time.
#[derive(Default)]
struct Model {
    grants: BTreeMap<(usize, Category, Purpose), Option<NaiveDate>>,
    protection_on: bool,
    named: BTreeSet<usize>,
    /// Statements in the order written: (author, kind).
    statements: Vec<(usize, StatementKind)>,
    marked: BTreeSet<usize>,
    coordinator: Option<usize>,
    hidden: BTreeSet<(usize, usize)>,
    contact: Option<CoordinatorContact>,
}

/// How someone appears in a directory: by name, or as "care coordinator"
/// with the e-mail address the worker chose to show (the model's people have
/// no phone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shown {
    Named,
    Coordinator(Option<String>),
}

impl Model {
    fn in_force(until: Option<NaiveDate>, now: chrono::DateTime<Utc>) -> bool {
        // A grant holds through its last day where the worker lives.
        until.is_none_or(|d| local_day(now) <= d)
    }

    fn sees(&self, who: usize, now: chrono::DateTime<Utc>) -> Vec<Category> {
        let mut out: BTreeSet<Category> = BTreeSet::new();
        for ((w, cat, _), until) in &self.grants {
            let hidden = self.protection_on && cat.is_sensitive() && !self.named.contains(w);
            if *w == who && Self::in_force(*until, now) && !hidden {
                out.insert(*cat);
            }
        }
        out.into_iter().collect()
    }

    /// The statements `who` reads, by their place in `statements`, each with
    /// whether a newer one of its author and kind supersedes it: those of a
    /// category they see, and their own.
    fn reads(&self, who: usize, now: chrono::DateTime<Utc>) -> BTreeSet<(usize, bool)> {
        let sees = self.sees(who, now);
        let s = &self.statements;
        (0..s.len())
            .filter(|&i| sees.contains(&s[i].1.category()) || s[i].0 == who)
            .map(|i| (i, s[i + 1..].contains(&s[i])))
            .collect()
    }
}

impl Model {
    /// Psychiatrists, and a GP the worker marked.
    fn mental_health(&self, who: usize) -> bool {
        ROLES[who] == Role::Psychiatrist || (ROLES[who] == Role::Gp && self.marked.contains(&who))
    }

    /// Whether `viewer` may learn that `other` is involved: with the switch
    /// on, mental-health care is known only to the people it names and to
    /// mental-health care; never to the employer.
    fn learns(&self, viewer: usize, other: usize) -> bool {
        let cleared = !self.protection_on
            || (ROLES[viewer] != Role::Employer && (self.named.contains(&viewer) || self.mental_health(viewer)));
        viewer == other || !self.mental_health(other) || cleared
    }

    /// Whom `viewer`'s directory would list before the worker hides anyone:
    /// an employer only the coordinator, others everyone but the employer.
    fn listed(&self, viewer: usize, other: usize) -> bool {
        match ROLES[viewer] {
            Role::Employer => self.coordinator == Some(other),
            _ => ROLES[other] != Role::Employer,
        }
    }

    fn directory(&self, viewer: usize, emails: &[String]) -> BTreeSet<(usize, Shown)> {
        let mut out = BTreeSet::from([(viewer, Shown::Named)]);
        for other in (0..ROLES.len()).filter(|o| *o != viewer) {
            if !self.listed(viewer, other) || self.hidden.contains(&(viewer, other)) {
                continue;
            }
            let secret = !self.learns(viewer, other);
            let coordinator = self.coordinator == Some(other);
            if secret && !coordinator {
                continue;
            }
            let curative = matches!(ROLES[other], Role::Psychiatrist | Role::Gp);
            if secret || (ROLES[viewer] == Role::Employer && curative) {
                let email = match self.contact.unwrap_or(CoordinatorContact::Nothing) {
                    CoordinatorContact::Email | CoordinatorContact::Both => Some(emails[other].clone()),
                    CoordinatorContact::Nothing | CoordinatorContact::Phone => None,
                };
                out.insert((other, Shown::Coordinator(email)));
            } else {
                out.insert((other, Shown::Named));
            }
        }
        out
    }
}

/// The model's cases live in Helsinki: the date there at `now`.
fn local_day(now: chrono::DateTime<Utc>) -> NaiveDate {
    Zone::HELSINKI.local(Timestamp(now.timestamp_millis())).expect("in range").date()
}

struct World {
    s: PortalService,
    clock: Arc<TestClock>,
}

struct Case {
    worker: Account,
    id: CaseId,
    people: Vec<(ParticipantId, Account)>,
}

async fn new_case(w: &World, n: u64) -> Case {
    let now = w.s.now().0;
    let mut tx = w.s.db.begin_write().await.unwrap();
    let worker =
        accounts::create(&mut tx, &Email::parse(&format!("w{n}@example.com")).unwrap(), "en", now).await.unwrap();
    let mut accounts_of = Vec::new();
    for i in 0..ROLES.len() {
        let a = accounts::create(&mut tx, &Email::parse(&format!("p{i}-{n}@example.com")).unwrap(), "en", now)
            .await
            .unwrap();
        accounts_of.push(a);
    }
    let dates = CaseDates { sick_leave_start: local_day(w.clock.now()), expected_return: None };
    let id = case::create(&mut tx, worker.id, &dates, Zone::HELSINKI, Timestamp(now)).await.unwrap();
    tx.commit().await.unwrap();
    let mut people = Vec::new();
    for (role, a) in ROLES.iter().zip(accounts_of) {
        let p = NewParticipant { role: *role, contact: Contact::parse("Dr Model", "", a.email.as_str(), "").unwrap() };
        people.push((w.s.add_participant(&worker, id, p).await.unwrap(), a));
    }
    Case { worker, id, people }
}

async fn run(w: &World, n: u64, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let c = new_case(w, n).await;
    let emails: Vec<String> = c.people.iter().map(|(_, a)| a.email.as_str().to_string()).collect();
    let mut m = Model::default();
    let mut written: Vec<StatementId> = Vec::new();
    for step in steps {
        let now = w.clock.now();
        let today = local_day(now);
        match &step {
            Step::Grant { who, cats, purpose, days } => {
                let until = days.map(|d| today + chrono::Days::new(d));
                let req = GrantRequest {
                    categories: cats.clone(),
                    purpose: *purpose,
                    until: until.map_or(LastDay::Revoked, LastDay::On),
                };
                let r = w.s.grant(&c.worker, c.id, c.people[*who].0, Some(req)).await;
                if ROLES[*who] == Role::Employer && cats.iter().any(|c| *c != Category::Adjustments) {
                    prop_assert_eq!(r, Err(AppError::field("categories", ErrorKey::EmployerCeiling)));
                } else {
                    prop_assert_eq!(r, Ok(()));
                    for cat in cats {
                        m.grants.insert((*who, *cat, *purpose), until);
                    }
                }
            }
            Step::Revoke { who, cat, purpose } => {
                let r = w.s.revoke(&c.worker, c.id, c.people[*who].0, Some((*cat, *purpose))).await;
                let key = (*who, *cat, *purpose);
                match m.grants.get(&key) {
                    Some(until) if Model::in_force(*until, now) => {
                        prop_assert_eq!(r, Ok(()));
                        m.grants.remove(&key);
                    }
                    _ => prop_assert_eq!(r, Err(AppError::field("grant", ErrorKey::NotGranted))),
                }
            }
            Step::RevokeAll { who } => {
                let r = w.s.revoke(&c.worker, c.id, c.people[*who].0, None).await;
                let before = m.grants.len();
                m.grants.retain(|(w2, _, _), until| *w2 != *who || !Model::in_force(*until, now));
                if m.grants.len() < before {
                    prop_assert_eq!(r, Ok(()));
                } else {
                    prop_assert_eq!(r, Err(AppError::field("grant", ErrorKey::NotGranted)));
                }
            }
            Step::Advance { hours } => w.clock.advance(Duration::hours(*hours)),
            Step::Protect { on, named } => {
                let p = Protection { on: *on, named: named.iter().map(|i| c.people[*i].0).collect() };
                prop_assert_eq!(w.s.set_protection(&c.worker, c.id, p).await, Ok(()));
                m.protection_on = *on;
                m.named = named.iter().copied().collect();
            }
            Step::Mark { who, on } => {
                let r = w.s.mark_mental_health(&c.worker, c.id, c.people[*who].0, *on).await;
                if ROLES[*who] == Role::Gp {
                    prop_assert_eq!(r, Ok(()));
                    if *on {
                        m.marked.insert(*who);
                    } else {
                        m.marked.remove(who);
                    }
                } else {
                    prop_assert_eq!(r, Err(AppError::field("mental_health", ErrorKey::MentalHealthMarkNotOffered)));
                }
            }
            Step::Coordinate { who } => {
                let p = who.map(|i| c.people[i].0);
                prop_assert_eq!(w.s.set_coordinator(&c.worker, c.id, p).await, Ok(()));
                m.coordinator = *who;
            }
            Step::Directory { viewer, other, contact } => {
                // Toggle `other` among the people `viewer` could be shown.
                let candidates: Vec<usize> =
                    (0..ROLES.len()).filter(|o| o != viewer && m.listed(*viewer, *o)).collect();
                let mut shown: Vec<usize> =
                    candidates.iter().copied().filter(|o| !m.hidden.contains(&(*viewer, *o))).collect();
                match shown.iter().position(|o| o == other) {
                    Some(i) => {
                        shown.remove(i);
                    }
                    None if candidates.contains(other) => shown.push(*other),
                    None => {}
                }
                let ids = shown.iter().map(|i| c.people[*i].0).collect();
                let r = w.s.set_directory(&c.worker, c.id, c.people[*viewer].0, ids, *contact).await;
                prop_assert_eq!(r, Ok(()));
                m.hidden.retain(|(v, _)| v != viewer);
                m.hidden.extend(candidates.into_iter().filter(|o| !shown.contains(o)).map(|o| (*viewer, o)));
                if contact.is_some() {
                    m.contact = *contact;
                }
            }
            Step::View { .. } => {}
            Step::Write { who, kind } => {
                let r = w.s.write_statement(&c.people[*who].1, c.id, body(*kind)).await;
                if writes(*who, *kind) {
                    prop_assert!(r.is_ok(), "{:?}", r);
                    written.extend(r.ok());
                    m.statements.push((*who, *kind));
                } else {
                    prop_assert_eq!(r, Err(AppError::NotFound));
                }
            }
        }
        // After every step, everyone sees exactly what the model allows.
        let now = w.clock.now();
        for (i, (pid, account)) in c.people.iter().enumerate() {
            let view = w.s.shared_case(account, c.id).await.unwrap();
            let mut read: BTreeSet<(usize, bool)> = BTreeSet::new();
            let lists = view.sections.iter().filter_map(|s| match &s.content {
                SectionContent::Statements(list) => Some(list),
                _ => None,
            });
            for st in lists.flatten().chain(&view.own_statements) {
                let place = written.iter().position(|id| *id == st.id).expect("a statement of this case");
                prop_assert!(read.insert((place, st.superseded)), "read twice: {:?}", st.id);
                let named = matches!(st.author, Author::Named { .. });
                prop_assert_eq!(named, m.learns(i, m.statements[place].0), "author of {:?} to {}", st.id, i);
            }
            prop_assert_eq!(&read, &m.reads(i, now), "participant {}'s statements after {:?}", i, step);
            let seen: Vec<Category> = view.sections.into_iter().map(|s| s.category).collect();
            prop_assert_eq!(&seen, &m.sees(i, now), "participant {} after {:?}", i, step);
            let listed: BTreeSet<(usize, Shown)> = view
                .directory
                .iter()
                .map(|e| {
                    let who = c.people.iter().position(|(p, _)| *p == e.id).expect("a member of the case");
                    let shown = match &e.listing {
                        Listing::Named { .. } => Shown::Named,
                        Listing::CareCoordinator { email, .. } => Shown::Coordinator(email.clone()),
                    };
                    (who, shown)
                })
                .collect();
            prop_assert_eq!(&listed, &m.directory(i, &emails), "directory of {} after {:?}", i, step);
            if matches!(step, Step::View { who } if who == i) {
                let preview = w.s.preview(&c.worker, c.id, *pid).await.unwrap();
                prop_assert_eq!(preview, w.s.shared_case(account, c.id).await.unwrap(), "the preview is the view");
            }
        }
    }
    Ok(())
}

#[test]
fn consent_matches_the_model_1() {
    check_model(1);
}

#[test]
fn consent_matches_the_model_2() {
    check_model(2);
}

#[test]
fn consent_matches_the_model_3() {
    check_model(3);
}

#[test]
fn consent_matches_the_model_4() {
    check_model(4);
}

/// Runs `CASES` random cases; `part` only names the run in the output.
fn check_model(part: u32) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let world = rt.block_on(async {
        // One database for all cases (each case has its own worker): in
        // memory for SQLite, a fresh database when testing PostgreSQL.
        let url = match std::env::var("RTW_TEST_POSTGRES") {
            Ok(admin) => common::new_postgres_database(&admin).await,
            Err(_) => "sqlite::memory:".to_string(),
        };
        let db = Db::open(&url, 1).await.unwrap();
        let clock = Arc::new(TestClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()));
        World { s: PortalService::new(db, clock.clone(), false), clock }
    });
    let cases = std::env::var("CONSENT_MODEL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(CASES);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let counter = std::cell::Cell::new(0u64);
    let started = std::time::Instant::now();
    runner
        .run(&proptest::collection::vec(step(), 1..12), |steps| {
            counter.set(counter.get() + 1);
            rt.block_on(run(&world, counter.get(), steps))
        })
        .unwrap();
    println!("consent model part {part}: {} cases in {:.1} s", counter.get(), started.elapsed().as_secs_f64());
}
