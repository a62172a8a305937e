//! The worker's record to take away (GDPR articles 15 and 20): everything
//! their case holds, as a file in two formats. The JSON file is this
//! portal's own format, `Record` below, whose schema is generated from these
//! types into `docs/record.schema.json` (a test holds the file to them, so a
//! change of any type in it shows up as a change of the schema, and of
//! `RECORD_VERSION` when an older reader would misread it). The FHIR file
//! holds the same as HL7 FHIR R4 resources (`server::services::record::fhir`).

use super::ids::stable_ids;
use super::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The version of the JSON format, named in the file and in its name.
/// Raised when a field changes meaning or goes; a new field keeps it.
pub const RECORD_VERSION: u32 = 1;

stable_ids! {
    /// The two files of the download.
    pub enum RecordFormat {
        /// This portal's own JSON (`docs/record.schema.json`).
        Json = "json",
        /// An HL7 FHIR R4 Bundle of type `collection`.
        Fhir = "fhir",
    }
}

impl RecordFormat {
    /// The file's name: the day it was taken, so two downloads never collide.
    pub fn file_name(self, day: NaiveDate) -> String {
        match self {
            RecordFormat::Json => format!("rtw-record-{day}-v{RECORD_VERSION}.json"),
            RecordFormat::Fhir => format!("rtw-record-{day}.fhir.json"),
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            RecordFormat::Json => "application/json",
            RecordFormat::Fhir => "application/fhir+json",
        }
    }
}

/// What the record page shows: the person's own case, if they have one
/// (a professional without a case of their own has no record here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPage {
    pub case_id: Option<CaseId>,
    /// The day the case is erased, when the worker asked for it.
    pub erasure_on: Option<NaiveDate>,
    /// Days between asking for erasure and the erasure.
    pub grace_days: u32,
}

impl RecordPage {
    /// Where a file is downloaded (`GET`, so a plain link works without JavaScript).
    pub fn href(&self, format: RecordFormat) -> String {
        format!("/case/{}/record/{}", self.case_id.unwrap_or(CaseId(0)), format.id())
    }
}

/// How long a passport link works.
pub const PASSPORT_LINK_VALID_MS: i64 = 14 * 24 * 3600 * 1000;

/// One adjustment on the passport: agreed or in place, in the worker's own
/// words, with its dates. Nothing else of the case is ever on it (the
/// employer ceiling: adjustments only, and only what was agreed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportItem {
    pub kind: AdjustmentKind,
    pub help: String,
    pub benefit: String,
    pub status: AdjustmentStatus,
    pub start: Option<NaiveDate>,
    pub review: Option<NaiveDate>,
}

impl PassportItem {
    /// The passport's items among a case's adjustments.
    pub fn from_adjustments(all: &[Adjustment]) -> Vec<PassportItem> {
        all.iter()
            .filter(|a| matches!(a.status, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace))
            .map(|a| PassportItem {
                kind: a.text.kind,
                help: a.text.help.clone(),
                benefit: a.text.benefit.clone(),
                status: a.status,
                start: a.agreement.as_ref().map(|g| g.start).or(a.text.from),
                review: a.agreement.as_ref().map(|g| g.review),
            })
            .collect()
    }
}

/// A passport link the worker sent, as she sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportLink {
    pub id: PassportLinkId,
    pub name: String,
    pub email: String,
    pub sent_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked: bool,
}

/// The worker's passport page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passport {
    pub worker_name: String,
    pub items: Vec<PassportItem>,
    pub links: Vec<PassportLink>,
    pub now: Timestamp,
    pub zone: Zone,
}

/// What a new manager reads through the link: the passport, read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportView {
    pub worker_name: String,
    pub items: Vec<PassportItem>,
}

/// A new manager the worker shares the passport with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassportShare {
    pub name: String,
    pub email: Email,
}

impl PassportShare {
    pub fn parse(name: &str, email: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = person_name(name).map_err(|k| errors.push(FieldError::new("name", k))).ok();
        let email = Email::parse(email).map_err(|k| errors.push(FieldError::new("email", k))).ok();
        match (name, email) {
            (Some(name), Some(email)) => Ok(PassportShare { name, email }),
            _ => Err(errors),
        }
    }
}

/// Where continuing from a passport link leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PassportOutcome {
    /// Signed in as the addressee: the passport.
    Enter(PassportLinkId),
    /// Signed out: a code went to the addressee's address.
    CodeSent { email: Email, link: PassportLinkId, attempt: String },
}

/// The whole case, as the JSON file holds it (server side only: the browser
/// never builds one). Times are Unix milliseconds (UTC); days are ISO dates.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Always "rtw-portal-record".
    pub format: String,
    /// `RECORD_VERSION` of the portal that wrote the file.
    pub version: u32,
    pub exported_at: Timestamp,
    pub case: RecordCase,
    /// Everyone who is or was in the care team, removed people included.
    pub team: Vec<RecordMember>,
    /// Every grant ever given, newest first, with how it ended.
    pub grants: Vec<GrantHistory>,
    /// Workplace adjustments with their history.
    pub adjustments: Vec<Adjustment>,
    pub concerns: Vec<Concern>,
    pub disclosure_plan: DisclosurePlan,
    pub referrals: Vec<Referral>,
    pub information_requests: Vec<InfoRequest>,
    pub notes: Vec<Note>,
    /// Work-ability statements, treatment plans and diagnoses, every version.
    pub statements: Vec<StoredStatement>,
    /// The worker's own views on statements.
    pub own_views: Vec<RecordOwnView>,
    /// Milestones of the road back marked done.
    pub milestones: Vec<Mark>,
    /// Every version of the plan of action, newest first.
    pub plan_versions: Vec<PlanVersion>,
    pub plan_evaluations: Vec<Evaluation>,
    // Last, because it is the part that grows: the server writes it a page
    // at a time after everything else (services/record/download.rs).
    /// Every row of the access log about the case, oldest first: who did
    /// or saw what, when, and whether it was allowed.
    pub access_log: Vec<LogRow>,
}

/// The case itself.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordCase {
    pub id: CaseId,
    pub worker_name: String,
    /// The address the worker signs in with.
    pub email: String,
    pub dates: CaseDates,
    pub country: Country,
    /// The worker's time zone (IANA name).
    pub time_zone: String,
    /// What the team may learn of how to reach the coordinator.
    pub coordinator_contact: CoordinatorContact,
    /// The mental-health switch, and the people it names.
    pub protection: Protection,
    pub closed_on: Option<NaiveDate>,
}

/// A person in the care team, now or before.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordMember {
    pub id: ParticipantId,
    pub role: Role,
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub phone: Option<String>,
    pub coordinator: bool,
    pub mental_health_care: bool,
    pub added_at: Timestamp,
    pub removed_at: Option<Timestamp>,
}

/// One row of the access log, as the worker may read it: the person by
/// their place in the team (never another account's internal id).
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogRow {
    pub id: LogId,
    pub at: Timestamp,
    /// "worker", "portal", a role id, or "outsider" (someone outside the team).
    pub by: String,
    /// The team member acting, or whom the worker's action was about.
    pub participant: Option<ParticipantId>,
    pub action: Operation,
    pub category: Option<Category>,
    pub purpose: Option<Purpose>,
    pub grant: Option<GrantId>,
    pub allowed: bool,
}

/// The worker's view on one statement.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordOwnView {
    pub statement: StatementId,
    pub view: OwnView,
}

/// The JSON schema of `Record`, as `docs/record.schema.json` holds it.
#[cfg(feature = "ssr")]
pub fn record_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Record>().to_value();
    schema["$id"] = format!("https://rtw-portal.example/schema/record/v{RECORD_VERSION}").into();
    closed(&mut schema);
    serde_json::to_string_pretty(&schema).expect("a schema is JSON") + "\n"
}

/// Every object the schema describes names all its fields: a reader learns
/// of a field the schema does not know as an error, not by luck. Except
/// where serde's internal tag joins an object to its variant's fields (an
/// `allOf` beside `properties`): both halves stay open, as each sees only
/// its own fields.
#[cfg(feature = "ssr")]
fn closed(schema: &mut serde_json::Value) {
    use serde_json::Value;
    fn joined(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if let (true, Some(Value::Array(all))) = (o.contains_key("properties"), o.get("allOf")) {
                    out.extend(all.iter().filter_map(|a| a["$ref"].as_str()).map(|r| r.replace("#/definitions/", "")));
                }
                o.values().for_each(|x| joined(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| joined(x, out)),
            _ => {}
        }
    }
    fn close(v: &mut Value, open: &[String]) {
        match v {
            Value::Object(o) => {
                if o.contains_key("properties") && !o.contains_key("allOf") && !o.contains_key("additionalProperties") {
                    o.insert("additionalProperties".into(), false.into());
                }
                for (k, x) in o.iter_mut() {
                    if !open.contains(k) {
                        close(x, open);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| close(x, open)),
            _ => {}
        }
    }
    let mut open = Vec::new();
    joined(schema, &mut open);
    close(schema, &open);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_the_day_and_the_format() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(RecordFormat::Json.file_name(day), "rtw-record-2026-12-07-v1.json");
        assert_eq!(RecordFormat::Fhir.file_name(day), "rtw-record-2026-12-07.fhir.json");
        let page = RecordPage { case_id: Some(CaseId(4)), erasure_on: None, grace_days: 30 };
        assert_eq!(page.href(RecordFormat::Fhir), "/case/4/record/fhir");
    }
}
