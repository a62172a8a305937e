//! The record download's JSON schema: `docs/record.schema.json` is what the
//! types of `app::domain::Record` generate, so a change of any type the file
//! is made of shows up as a change of the published schema (and, where an
//! older reader would misread it, of `RECORD_VERSION`). After a deliberate
//! change: `RECORD_SCHEMA=write cargo test -p server --test record`.

mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::prelude::*;
use common::*;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/record.schema.json");

#[test]
fn the_published_schema_is_the_one_the_types_generate() {
    let generated = app::domain::record_schema();
    if std::env::var("RECORD_SCHEMA").as_deref() == Ok("write") {
        std::fs::write(FILE, &generated).unwrap();
    }
    let published = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        published == generated,
        "docs/record.schema.json differs from the types of the record; after a deliberate change run \
         RECORD_SCHEMA=write cargo test -p server --test record (and raise RECORD_VERSION if a field changed meaning)"
    );
    // It describes the whole file, closed: a field the schema does not name is an error.
    let schema: serde_json::Value = serde_json::from_str(&published).unwrap();
    assert_eq!(schema["additionalProperties"], serde_json::Value::Bool(false));
    for field in ["case", "team", "grants", "access_log", "adjustments", "statements", "plan_versions"] {
        assert!(schema["required"].as_array().unwrap().iter().any(|f| f == field), "{field} is not required");
    }
}

async fn signed_in(e: &Env, addr: &str) -> app::ports::Account {
    account(e, &sign_in(e, addr).await).await
}

/// The token of the newest passport link mailed to `to`.
async fn mailed_token(e: &Env, to: &str) -> String {
    let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
        .bind(to)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    let start = body.find("/passport/").expect("a passport link in the mail") + "/passport/".len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

#[tokio::test]
async fn the_passport_opens_for_its_addressee_only_and_holds_agreed_adjustments_only() {
    let e = env().await;
    assert!(server::seed::seed_demo(&e.s).await.unwrap());
    let sanna = signed_in(&e, "sanna@example.com").await;
    let case = e.s.record_page(&sanna).await.unwrap().case_id.unwrap();
    let passport = e.s.passport(&sanna, case).await.unwrap();
    let work = e.s.work(&sanna, case).await.unwrap();
    let agreed: Vec<&str> = work
        .adjustments
        .iter()
        .filter(|a| matches!(a.status, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace))
        .map(|a| a.text.help.as_str())
        .collect();
    assert!(!agreed.is_empty() && agreed.len() < work.adjustments.len(), "the demo needs agreed and other adjustments");
    let on_it: Vec<&str> = passport.items.iter().map(|i| i.help.as_str()).collect();
    assert_eq!(on_it, agreed, "exactly the agreed and in-place adjustments");

    // Refused input keeps nothing; only the worker shares.
    assert!(PassportShare::parse("", "not an address").is_err());
    let to = PassportShare::parse("Noor Bakker", "noor@example.com").unwrap();
    let pekka = signed_in(&e, "pekka.makinen@example.com").await;
    assert_eq!(e.s.share_passport(&pekka, case, to.clone()).await, Err(AppError::NotFound));
    e.s.share_passport(&sanna, case, to.clone()).await.unwrap();
    let token = mailed_token(&e, "noor@example.com").await;
    assert_eq!(e.s.passport_link_state(&token).await.unwrap(), LinkState::Usable);

    // Signed out: a code goes to the address the link was sent to.
    let link = match e.s.open_passport(None, &token, IP, "en", None).await.unwrap() {
        PassportOutcome::CodeSent { email, link, .. } => {
            assert_eq!(email.as_str(), "noor@example.com");
            link
        }
        other => panic!("expected a code, got {other:?}"),
    };
    // Forwarded to the employer: refused, and the passport stays shut to him.
    assert!(matches!(e.s.open_passport(Some(&pekka), &token, IP, "en", None).await, Err(AppError::Invalid(_))));
    assert_eq!(e.s.view_passport(&pekka, link).await, Err(AppError::NotFound));
    // Its addressee, signed in with her code, reads the passport and nothing else.
    let noor = signed_in(&e, "noor@example.com").await;
    assert_eq!(e.s.open_passport(Some(&noor), &token, IP, "en", None).await.unwrap(), PassportOutcome::Enter(link));
    let seen = e.s.view_passport(&noor, link).await.unwrap();
    assert_eq!(seen.items, passport.items);
    let json = serde_json::to_string(&seen).unwrap();
    let record = e.s.export_record(&sanna, case, RecordFormat::Json).await.unwrap();
    let record: serde_json::Value = serde_json::from_slice(&record.bytes().await.unwrap()).unwrap();
    for secret in [&record["statements"], &record["concerns"], &record["notes"], &record["referrals"]] {
        for entry in secret.as_array().unwrap() {
            for (_, v) in entry.as_object().unwrap() {
                if let Some(t) = v.as_str().filter(|t| t.len() > 12) {
                    assert!(!json.contains(t), "the passport carries \"{t}\"");
                }
            }
        }
    }
    // The worker's log has the opening and the refused tries.
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT outcome, role FROM access_log WHERE action = 'view_passport' AND case_id = $1 ORDER BY id",
    )
    .bind(case)
    .fetch_all(e.s.db.pool())
    .await
    .unwrap();
    assert!(rows.iter().any(|(o, _)| o == "allowed"), "{rows:?}");
    assert!(rows.iter().filter(|(o, _)| o != "allowed").count() >= 2, "{rows:?}");

    // Taken back: dead at once.
    let links = e.s.passport(&sanna, case).await.unwrap().links;
    e.s.revoke_passport(&sanna, case, links[0].id).await.unwrap();
    assert_eq!(e.s.view_passport(&noor, link).await, Err(AppError::NotFound));
    assert_eq!(e.s.passport_link_state(&token).await.unwrap(), LinkState::Dead);
    // A new link expires after two weeks.
    e.s.share_passport(&sanna, case, to).await.unwrap();
    let token = mailed_token(&e, "noor@example.com").await;
    let PassportOutcome::Enter(link) = e.s.open_passport(Some(&noor), &token, IP, "en", None).await.unwrap() else {
        panic!("the addressee is signed in")
    };
    e.clock.advance(chrono::Duration::days(15));
    let noor = signed_in(&e, "noor@example.com").await;
    assert_eq!(e.s.view_passport(&noor, link).await, Err(AppError::NotFound));
    assert_eq!(e.s.passport_link_state(&token).await.unwrap(), LinkState::Dead);
}

/// The ids of the case's log rows, oldest first, up to `upto`.
async fn log_ids(e: &Env, case: CaseId, upto: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM access_log WHERE case_id = $1 AND id <= $2 ORDER BY id")
        .bind(case)
        .bind(upto)
        .fetch_all(e.s.db.pool())
        .await
        .unwrap()
}

/// The download writes the log a page at a time (`LOG_PAGE` rows): a log of
/// more than two pages comes whole, every row once and oldest first, in both
/// formats; rows written while the file is on its way are not in it.
#[tokio::test]
async fn a_log_of_several_pages_is_downloaded_whole_and_as_of_the_download() {
    use server::services::record::download::LOG_PAGE;
    let e = env().await;
    let (me, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM access_log WHERE case_id = $1")
            .bind(case)
            .fetch_one(e.s.db.pool())
            .await
            .unwrap()
    };
    while count().await <= 2 * LOG_PAGE + 10 {
        for _ in 0..100 {
            e.s.my_case(&me).await.unwrap();
        }
    }
    for format in [RecordFormat::Json, RecordFormat::Fhir] {
        let newest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM access_log WHERE case_id = $1")
            .bind(case)
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
        // The download's own row is the next file's (as it was when files
        // were written whole): this one ends with the row before it.
        let file = e.s.export_record(&me, case, format).await.unwrap();
        // Views while the file is being sent, before any of it is read.
        for _ in 0..3 {
            e.s.my_case(&me).await.unwrap();
        }
        let bytes = file.bytes().await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("the file is one JSON document");
        let ids: Vec<i64> = match format {
            RecordFormat::Json => {
                v["access_log"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
            }
            RecordFormat::Fhir => v["entry"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|en| en["resource"]["resourceType"] == "AuditEvent")
                .map(|en| en["resource"]["id"].as_str().unwrap().trim_start_matches("log-").parse().unwrap())
                .collect(),
        };
        assert!(ids.len() as i64 > 2 * LOG_PAGE, "{format:?}: {} rows", ids.len());
        let expected = log_ids(&e, case, newest).await;
        assert!(
            ids == expected,
            "{format:?}: the log as of the download, oldest first: it ends {:?}, not {:?}",
            &ids[ids.len().saturating_sub(3)..],
            &expected[expected.len() - 3..]
        );
        if format == RecordFormat::Json {
            // Everything else is in the same file, around the log.
            assert_eq!(v["case"]["id"].as_i64(), Some(case.0));
            assert!(v["team"].as_array().is_some_and(|t| !t.is_empty()));
        }
    }
}
