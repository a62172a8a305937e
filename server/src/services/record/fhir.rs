//! The record as an HL7 FHIR R4 `Bundle` of type `collection`: serde structs
//! for the resources used and only the fields filled (no FHIR crate: these
//! few types are all the portal writes). Which resource holds what, and
//! why, is in the README ("Your record"). The test command validates the
//! demo case's bundle against the official R4 JSON schema
//! (`end2end/tests/record.test.mjs`).
//!
//! Ids are `<kind>-<the portal's id>`; every entry's `fullUrl` is the
//! portal's address plus `/fhir/<type>/<id>`, so the relative references
//! (`Patient/worker-1`) resolve inside the bundle. The portal's own codes
//! (roles, categories, purposes, operations) are in code systems under
//! `CODES`; standard codes are used where FHIR fixes one.

use app::domain::*;
use chrono::{DateTime, NaiveDate, SecondsFormat};
use serde::Serialize;

const CODES: &str = "https://rtw-portal.example/fhir/CodeSystem";

#[derive(Serialize)]
#[serde(tag = "resourceType")]
pub enum Resource {
    Patient(Patient),
    Practitioner(Practitioner),
    PractitionerRole(PractitionerRole),
    RelatedPerson(RelatedPerson),
    CareTeam(CareTeam),
    Consent(Consent),
    AuditEvent(AuditEvent),
    Task(Task),
    Observation(Observation),
    CarePlan(CarePlan),
    Condition(Condition),
}

impl Resource {
    fn kind_and_id(&self) -> (&'static str, &str) {
        match self {
            Resource::Patient(r) => ("Patient", &r.id),
            Resource::Practitioner(r) => ("Practitioner", &r.id),
            Resource::PractitionerRole(r) => ("PractitionerRole", &r.id),
            Resource::RelatedPerson(r) => ("RelatedPerson", &r.id),
            Resource::CareTeam(r) => ("CareTeam", &r.id),
            Resource::Consent(r) => ("Consent", &r.id),
            Resource::AuditEvent(r) => ("AuditEvent", &r.id),
            Resource::Task(r) => ("Task", &r.id),
            Resource::Observation(r) => ("Observation", &r.id),
            Resource::CarePlan(r) => ("CarePlan", &r.id),
            Resource::Condition(r) => ("Condition", &r.id),
        }
    }
}

#[derive(Serialize)]
pub struct Bundle {
    #[serde(rename = "resourceType")]
    kind: &'static str,
    id: String,
    #[serde(rename = "type")]
    bundle_type: &'static str,
    timestamp: String,
    entry: Vec<Entry>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    full_url: String,
    resource: Resource,
}

// Data types (only the fields used).

#[derive(Serialize, Default)]
pub struct Reference {
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<String>,
}

#[derive(Serialize)]
pub struct Coding {
    system: String,
    code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<String>,
}

#[derive(Serialize, Default)]
pub struct CodeableConcept {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    coding: Vec<Coding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Serialize, Default)]
pub struct Period {
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
}

#[derive(Serialize)]
pub struct HumanName {
    text: String,
}

#[derive(Serialize)]
pub struct ContactPoint {
    system: &'static str,
    value: String,
}

#[derive(Serialize)]
pub struct Annotation {
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
    text: String,
}

// Resources.

#[derive(Serialize)]
pub struct Patient {
    id: String,
    name: Vec<HumanName>,
    telecom: Vec<ContactPoint>,
}

#[derive(Serialize)]
pub struct Practitioner {
    id: String,
    name: Vec<HumanName>,
    telecom: Vec<ContactPoint>,
}

#[derive(Serialize)]
pub struct PractitionerRole {
    id: String,
    active: bool,
    practitioner: Reference,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<Reference>,
    code: Vec<CodeableConcept>,
}

/// The employer's contact: involved in the worker's return, with no part
/// in their care (FHIR's `RelatedPerson`, not a practitioner).
#[derive(Serialize)]
pub struct RelatedPerson {
    id: String,
    active: bool,
    patient: Reference,
    relationship: Vec<CodeableConcept>,
    name: Vec<HumanName>,
    telecom: Vec<ContactPoint>,
}

#[derive(Serialize)]
pub struct CareTeam {
    id: String,
    status: &'static str,
    name: String,
    subject: Reference,
    participant: Vec<CareTeamParticipant>,
}

#[derive(Serialize)]
pub struct CareTeamParticipant {
    role: Vec<CodeableConcept>,
    member: Reference,
    period: Period,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    id: String,
    status: &'static str,
    scope: CodeableConcept,
    category: Vec<CodeableConcept>,
    patient: Reference,
    date_time: String,
    performer: Vec<Reference>,
    policy_rule: CodeableConcept,
    provision: Provision,
}

#[derive(Serialize)]
pub struct Provision {
    #[serde(rename = "type")]
    kind: &'static str,
    period: Period,
    actor: Vec<ProvisionActor>,
    purpose: Vec<Coding>,
    class: Vec<Coding>,
}

#[derive(Serialize)]
pub struct ProvisionActor {
    role: CodeableConcept,
    reference: Reference,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    id: String,
    #[serde(rename = "type")]
    kind: Coding,
    subtype: Vec<Coding>,
    action: &'static str,
    recorded: String,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    purpose_of_event: Vec<CodeableConcept>,
    agent: Vec<AuditAgent>,
    source: AuditSource,
    entity: Vec<AuditEntity>,
}

#[derive(Serialize)]
pub struct AuditAgent {
    #[serde(rename = "type")]
    kind: CodeableConcept,
    who: Reference,
    requestor: bool,
}

#[derive(Serialize)]
pub struct AuditSource {
    observer: Reference,
}

#[derive(Serialize)]
pub struct AuditEntity {
    what: Reference,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    detail: Vec<AuditDetail>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditDetail {
    #[serde(rename = "type")]
    kind: String,
    value_string: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    id: String,
    status: &'static str,
    intent: &'static str,
    code: CodeableConcept,
    description: String,
    #[serde(rename = "for")]
    subject: Reference,
    #[serde(skip_serializing_if = "Option::is_none")]
    authored_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_modified: Option<String>,
    owner: Reference,
    #[serde(skip_serializing_if = "Option::is_none")]
    execution_period: Option<Period>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note: Vec<Annotation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    id: String,
    status: &'static str,
    code: CodeableConcept,
    subject: Reference,
    effective_date_time: String,
    issued: String,
    performer: Vec<Reference>,
    component: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note: Vec<Annotation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    code: CodeableConcept,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_string: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_quantity: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_period: Option<Period>,
}

#[derive(Serialize)]
pub struct Quantity {
    value: u32,
    unit: &'static str,
}

#[derive(Serialize)]
pub struct CarePlan {
    id: String,
    status: &'static str,
    intent: &'static str,
    category: Vec<CodeableConcept>,
    description: String,
    subject: Reference,
    period: Period,
    created: String,
    author: Reference,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note: Vec<Annotation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    id: String,
    category: Vec<CodeableConcept>,
    code: CodeableConcept,
    subject: Reference,
    recorded_date: String,
    recorder: Reference,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note: Vec<Annotation>,
}

// Helpers.

fn instant(t: Timestamp) -> String {
    DateTime::from_timestamp_millis(t.ms()).unwrap_or_default().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn to(reference: String) -> Reference {
    Reference { reference: Some(reference), display: None }
}

fn shown(display: impl Into<String>) -> Reference {
    Reference { reference: None, display: Some(display.into()) }
}

fn code(system: &str, code: &str) -> Coding {
    Coding { system: format!("{CODES}/{system}"), code: code.into(), display: None }
}

fn standard(system: &str, code: &str, display: &str) -> Coding {
    Coding { system: system.into(), code: code.into(), display: Some(display.into()) }
}

fn concept(coding: Coding) -> CodeableConcept {
    CodeableConcept { coding: vec![coding], text: None }
}

fn text(t: impl Into<String>) -> CodeableConcept {
    CodeableConcept { coding: vec![], text: Some(t.into()) }
}

fn words(t: &str) -> Option<String> {
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn telecom(email: &str, phone: Option<&str>) -> Vec<ContactPoint> {
    let mut out = vec![ContactPoint { system: "email", value: email.into() }];
    out.extend(phone.and_then(words).map(|p| ContactPoint { system: "phone", value: p }));
    out
}

/// Where a team member is referred to: the employer as a related person,
/// everyone else by their role in the team.
fn member(p: ParticipantId, team: &[RecordMember]) -> Reference {
    match team.iter().find(|m| m.id == p) {
        Some(m) if m.role == Role::Employer => to(format!("RelatedPerson/participant-{p}")),
        Some(_) => to(format!("PractitionerRole/role-{p}")),
        None => shown(format!("participant {p}")),
    }
}

/// What DICOM's audit actions call an operation: a read, a deletion, or
/// an update of the record.
fn audit_action(op: Operation) -> &'static str {
    let id = op.id();
    if ["read_", "view_", "see_", "preview", "follow_", "export_"].iter().any(|p| id.starts_with(p)) {
        "R"
    } else if id.starts_with("delete_") {
        "D"
    } else {
        "U"
    }
}

/// The bundle of one case's record. `base` is the portal's public address.
pub fn bundle(r: &Record, base: &str) -> Bundle {
    let case = r.case.id;
    let patient = || to(format!("Patient/worker-{case}"));
    let mut out: Vec<Resource> = Vec::new();
    out.push(Resource::Patient(Patient {
        id: format!("worker-{case}"),
        name: vec![HumanName { text: r.case.worker_name.clone() }],
        telecom: telecom(&r.case.email, None),
    }));

    // The care team: a practitioner and their role in this case for each
    // professional, a related person for the employer's contact.
    for m in &r.team {
        let name = vec![HumanName { text: m.name.clone() }];
        let active = m.removed_at.is_none();
        if m.role == Role::Employer {
            out.push(Resource::RelatedPerson(RelatedPerson {
                id: format!("participant-{}", m.id),
                active,
                patient: patient(),
                relationship: vec![CodeableConcept {
                    coding: vec![code("role", m.role.id())],
                    text: Some(words(&m.organisation).unwrap_or_else(|| "employer".into())),
                }],
                name,
                telecom: telecom(&m.email, m.phone.as_deref()),
            }));
        } else {
            out.push(Resource::Practitioner(Practitioner {
                id: format!("participant-{}", m.id),
                name,
                telecom: telecom(&m.email, m.phone.as_deref()),
            }));
            out.push(Resource::PractitionerRole(PractitionerRole {
                id: format!("role-{}", m.id),
                active,
                practitioner: to(format!("Practitioner/participant-{}", m.id)),
                organization: words(&m.organisation).map(shown),
                code: vec![concept(code("role", m.role.id()))],
            }));
        }
    }
    out.push(Resource::CareTeam(CareTeam {
        id: format!("team-{case}"),
        status: if r.case.closed_on.is_some() { "inactive" } else { "active" },
        name: "Return to work".into(),
        subject: patient(),
        participant: r
            .team
            .iter()
            .map(|m| {
                let mut role = vec![concept(code("role", m.role.id()))];
                if m.coordinator && m.removed_at.is_none() {
                    role.push(concept(code("team-role", "coordinator")));
                }
                CareTeamParticipant {
                    role,
                    member: member(m.id, &r.team),
                    period: Period { start: Some(instant(m.added_at)), end: m.removed_at.map(instant) },
                }
            })
            .collect(),
    }));

    // One consent per grant: who, what category, for what, for how long.
    for g in &r.grants {
        let ended = match g.status {
            GrantStatus::InForce | GrantStatus::Expired => None,
            GrantStatus::Revoked { at } | GrantStatus::Replaced { at } => Some(at),
        };
        out.push(Resource::Consent(Consent {
            id: format!("grant-{}", g.grant.id),
            status: if g.status == GrantStatus::InForce { "active" } else { "inactive" },
            scope: concept(standard(
                "http://terminology.hl7.org/CodeSystem/consentscope",
                "patient-privacy",
                "Privacy Consent",
            )),
            category: vec![concept(standard("http://loinc.org", "59284-0", "Patient Consent"))],
            patient: patient(),
            date_time: instant(g.granted_at),
            performer: vec![patient()],
            policy_rule: text("Sharing chosen by the worker in rtw-portal, per person, category, purpose and period"),
            provision: Provision {
                kind: "permit",
                period: Period {
                    start: Some(day(g.grant.from)),
                    end: ended.map(instant).or_else(|| g.grant.until.map(day)),
                },
                actor: vec![ProvisionActor {
                    role: concept(standard(
                        "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                        "IRCP",
                        "information recipient",
                    )),
                    reference: member(g.grant.participant, &r.team),
                }],
                purpose: vec![code("purpose", g.grant.purpose.id())],
                class: vec![code("category", g.grant.category.id())],
            },
        }));
    }

    // Workplace adjustments: a task the employer is asked to carry out.
    for a in &r.adjustments {
        let t = &a.text;
        let period =
            a.agreement.as_ref().map(|g| Period { start: Some(day(g.start)), end: Some(day(g.review)) }).or_else(
                || {
                    (t.from.is_some() || t.until.is_some())
                        .then(|| Period { start: t.from.map(day), end: t.until.map(day) })
                },
            );
        out.push(Resource::Task(Task {
            id: format!("adjustment-{}", a.id),
            status: match a.status {
                AdjustmentStatus::Draft => "draft",
                AdjustmentStatus::Proposed => "requested",
                AdjustmentStatus::Agreed => "accepted",
                AdjustmentStatus::InPlace => "in-progress",
                AdjustmentStatus::Ended => "completed",
                AdjustmentStatus::Declined => "rejected",
            },
            intent: "plan",
            code: CodeableConcept {
                coding: vec![code("adjustment", t.kind.id())],
                text: Some("Workplace adjustment".into()),
            },
            description: [t.help.trim(), t.benefit.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" — "),
            subject: patient(),
            authored_on: a.history.first().map(|h| instant(h.at)),
            last_modified: a.history.last().map(|h| instant(h.at)),
            owner: a.sent_to.first().map_or_else(patient, |p| member(*p, &r.team)),
            execution_period: period,
            note: a
                .history
                .iter()
                .map(|h| Annotation {
                    time: Some(instant(h.at)),
                    text: match &h.reason {
                        Some(why) => format!("{}: {why}", h.step.id()),
                        None => h.step.id().to_string(),
                    },
                })
                .collect(),
        }));
    }

    // What the care team wrote: work ability as an observation, a treatment
    // plan as a care plan, a diagnosis as a condition.
    for s in &r.statements {
        let id = format!("statement-{}", s.id);
        let author = member(s.author, &r.team);
        match &s.body {
            StatementBody::WorkAbility(w) => {
                let mut component: Vec<Component> = w
                    .sections
                    .iter()
                    .map(|x| Component {
                        code: concept(code("fml-section", x.section.id())),
                        value_string: Some(match words(&x.words) {
                            Some(said) => format!("{}: {said}", x.limit.id()),
                            None => x.limit.id().to_string(),
                        }),
                        value_quantity: None,
                        value_period: None,
                    })
                    .collect();
                let quantity = |code_id: &str, v: Option<u8>, unit| {
                    v.map(|v| Component {
                        code: concept(code("work-ability", code_id)),
                        value_string: None,
                        value_quantity: Some(Quantity { value: v.into(), unit }),
                        value_period: None,
                    })
                };
                component.extend(quantity("hours-a-day", w.hours_a_day, "h/d"));
                component.extend(quantity("days-a-week", w.days_a_week, "d/wk"));
                component.extend(w.build_up.iter().map(|b| Component {
                    code: concept(code("work-ability", "build-up")),
                    value_string: Some(format!(
                        "from {}: {} hours a day, {} days a week",
                        b.from, b.hours_a_day, b.days_a_week
                    )),
                    value_quantity: None,
                    value_period: None,
                }));
                component.extend(w.advice.iter().map(|a| Component {
                    code: concept(code("adjustment", a.kind.id())),
                    value_string: Some(a.words.clone()),
                    value_quantity: None,
                    value_period: None,
                }));
                if w.next_assessment.is_some() || w.valid_until.is_some() {
                    component.push(Component {
                        code: concept(code("work-ability", "valid")),
                        value_string: None,
                        value_quantity: None,
                        value_period: Some(Period {
                            start: Some(instant(s.written_at)),
                            end: w.valid_until.or(w.next_assessment).map(day),
                        }),
                    });
                }
                out.push(Resource::Observation(Observation {
                    id,
                    status: "final",
                    code: CodeableConcept {
                        coding: vec![code("statement", "work_ability")],
                        text: Some("Work-ability statement".into()),
                    },
                    subject: patient(),
                    effective_date_time: instant(s.written_at),
                    issued: instant(s.written_at),
                    performer: vec![author],
                    component,
                    note: words(&w.course).map(|c| Annotation { time: None, text: c }).into_iter().collect(),
                }));
            }
            StatementBody::Treatment(t) => out.push(Resource::CarePlan(CarePlan {
                id,
                status: "active",
                intent: "plan",
                category: vec![CodeableConcept {
                    coding: vec![code("statement", "treatment")],
                    text: Some("Treatment plan".into()),
                }],
                description: t.what.clone(),
                subject: patient(),
                period: Period { start: t.since.map(day), end: t.until.map(day) },
                created: instant(s.written_at),
                author,
                note: [
                    words(&t.how_often).map(|w| format!("How often: {w}")),
                    t.next_appointment.map(|d| format!("Next appointment: {d}")),
                    words(&t.for_work).map(|w| format!("For work: {w}")),
                ]
                .into_iter()
                .flatten()
                .map(|text| Annotation { time: None, text })
                .collect(),
            })),
            StatementBody::Diagnosis(d) => out.push(Resource::Condition(Condition {
                id,
                category: vec![concept(standard(
                    "http://terminology.hl7.org/CodeSystem/condition-category",
                    "encounter-diagnosis",
                    "Encounter Diagnosis",
                ))],
                code: CodeableConcept {
                    coding: d
                        .code
                        .as_deref()
                        .and_then(words)
                        .map(|c| Coding { system: "http://hl7.org/fhir/sid/icd-10".into(), code: c, display: None })
                        .into_iter()
                        .collect(),
                    text: Some(d.words.clone()),
                },
                subject: patient(),
                recorded_date: instant(s.written_at),
                recorder: author,
                note: words(&d.summary).map(|t| Annotation { time: None, text: t }).into_iter().collect(),
            })),
        }
    }

    let mut entry: Vec<Entry> = out.into_iter().map(|resource| entry(resource, base)).collect();
    // The log last, as in the JSON file: the download writes it a page at a time.
    entry.extend(r.access_log.iter().map(|l| audit_entry(l, case, &r.team, base)));
    Bundle {
        kind: "Bundle",
        id: format!("record-{case}"),
        bundle_type: "collection",
        timestamp: instant(r.exported_at),
        entry,
    }
}

fn entry(resource: Resource, base: &str) -> Entry {
    let (kind, id) = resource.kind_and_id();
    Entry { full_url: format!("{base}/fhir/{kind}/{id}"), resource }
}

/// The audit event of one row of the case's log, as an entry of its bundle.
pub fn audit_entry(l: &LogRow, case: CaseId, team: &[RecordMember], base: &str) -> Entry {
    let patient = || to(format!("Patient/worker-{case}"));
    let who = match (l.by.as_str(), l.participant) {
        ("worker", _) => patient(),
        ("portal", _) => shown("rtw-portal"),
        (_, Some(p)) => member(p, team),
        (by, None) => shown(by.to_string()),
    };
    let mut detail = Vec::new();
    if let Some(c) = l.category {
        detail.push(AuditDetail { kind: "category".into(), value_string: c.id().into() });
    }
    if let Some(g) = l.grant {
        detail.push(AuditDetail { kind: "grant".into(), value_string: g.to_string() });
    }
    entry(
        Resource::AuditEvent(AuditEvent {
            id: format!("log-{}", l.id),
            kind: standard("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"),
            subtype: vec![code("operation", l.action.id())],
            action: audit_action(l.action),
            recorded: instant(l.at),
            // 0: success; 4: minor failure (refused, nothing shown).
            outcome: if l.allowed { "0" } else { "4" },
            purpose_of_event: l.purpose.map(|p| concept(code("purpose", p.id()))).into_iter().collect(),
            agent: vec![AuditAgent { kind: concept(code("actor", &l.by)), who, requestor: true }],
            source: AuditSource { observer: shown("rtw-portal") },
            entity: vec![AuditEntity { what: patient(), detail }],
        }),
        base,
    )
}
