//! The record download's JSON schema: `docs/record.schema.json` is what the
//! types of `app::domain::Record` generate, so a change of any type the file
//! is made of shows up as a change of the published schema (and, where an
//! older reader would misread it, of `RECORD_VERSION`). After a deliberate
//! change: `RECORD_SCHEMA=write cargo test -p server --test record`.

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
