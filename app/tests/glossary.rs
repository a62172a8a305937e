//! The words of the three translations against the glossary
//! (`docs/GLOSSARY.md`, whose tables are the data): no value of
//! `locales/{en,fi,nl}.json` uses a word the glossary forbids in its
//! language; the three files have the same keys; and every value has the
//! same `{{ placeholders }}` in every language.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const LANGS: [&str; 3] = ["en", "fi", "nl"];

fn locale(lang: &str) -> Map<String, Value> {
    let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn glossary() -> String {
    let path = format!("{}/../docs/GLOSSARY.md", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every text in a value (a plain string, or the strings inside one).
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

fn cells(line: &str) -> Vec<String> {
    let line = line.trim().trim_start_matches('|').trim_end_matches('|');
    line.split('|').map(|c| c.trim().to_string()).collect()
}

/// The rows of the markdown table whose header is `header`.
fn table(md: &str, header: &[&str]) -> Vec<Vec<String>> {
    let mut lines = md.lines().skip_while(|l| cells(l) != header);
    assert!(lines.next().is_some(), "GLOSSARY.md has no table | {} |", header.join(" | "));
    lines
        .skip(1) // |---|---|
        .take_while(|l| l.trim_start().starts_with('|'))
        .map(cells)
        .inspect(|row| assert_eq!(row.len(), header.len(), "a row of the wrong width: {row:?}"))
        .collect()
}

/// What is in backticks: patterns, keys.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The words of a text, lower case, without its placeholders.
fn words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        plain.push_str(&rest[..open]);
        plain.push(' ');
        rest = rest[open..].find("}}").map_or("", |close| &rest[open + close + 2..]);
    }
    plain.push_str(rest);
    plain.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn token_matches(token: &str, word: &str) -> bool {
    let (any_before, t) = token.strip_prefix('*').map_or((false, token), |t| (true, t));
    let (any_after, t) = t.strip_suffix('*').map_or((false, t), |t| (true, t));
    match (any_before, any_after) {
        (false, false) => word == t,
        (false, true) => word.starts_with(t),
        (true, false) => word.ends_with(t),
        (true, true) => word.contains(t),
    }
}

/// Whether `pattern` (one or more words, each perhaps with `*`) is in `text`.
fn matches(pattern: &str, text: &str) -> bool {
    let tokens: Vec<String> = pattern.split_whitespace().map(str::to_lowercase).collect();
    let words = words(text);
    !tokens.is_empty() && words.windows(tokens.len()).any(|w| w.iter().zip(&tokens).all(|(w, t)| token_matches(t, w)))
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else { break };
        found.insert(rest[open + 2..open + close].trim().to_string());
        rest = &rest[open + close + 2..];
    }
    found
}

struct Rule {
    concept: String,
    lang: String,
    pattern: String,
    why: String,
}

fn rules(md: &str) -> Vec<Rule> {
    let rows = table(md, &["concept", "lang", "use", "do not use", "why"]);
    let mut rules = Vec::new();
    let mut langs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        let [concept, lang, term, forbidden, why] = &row[..] else { unreachable!() };
        assert!(LANGS.contains(&lang.as_str()), "{concept}: no language {lang:?}");
        assert!(!term.is_empty(), "{concept} ({lang}) has no term");
        langs.entry(concept.clone()).or_default().insert(lang.clone());
        let patterns = ticked(forbidden);
        assert_eq!(forbidden.is_empty(), patterns.is_empty(), "{concept} ({lang}): patterns go in backticks");
        assert!(patterns.is_empty() || !why.is_empty(), "{concept} ({lang}): say why");
        for pattern in patterns {
            let ok = pattern.chars().all(|c| c.is_alphanumeric() || c == '*' || c == ' ');
            assert!(ok && !pattern.trim().is_empty(), "{concept} ({lang}): a pattern of letters and *: {pattern:?}");
            rules.push(Rule { concept: concept.clone(), lang: lang.clone(), pattern, why: why.clone() });
        }
    }
    for (concept, has) in &langs {
        assert_eq!(has.len(), LANGS.len(), "{concept} needs a row for each of {LANGS:?}");
    }
    assert!(langs.len() >= 15, "the glossary lost its terms: {} concepts", langs.len());
    rules
}

/// (lang, pattern) → the keys where the pattern means something else.
fn exceptions(md: &str) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut allowed: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for row in table(md, &["lang", "pattern", "keys", "why"]) {
        let [lang, pattern, keys, why] = &row[..] else { unreachable!() };
        assert!(!why.is_empty(), "say why {pattern} is allowed");
        for pattern in ticked(pattern) {
            allowed.entry((lang.clone(), pattern)).or_default().extend(ticked(keys));
        }
    }
    allowed
}

#[test]
fn the_matcher_reads_patterns_as_the_glossary_says() {
    assert!(matches("zorgen", "Uw zorgen over stigma."));
    assert!(!matches("zorgen", "Uw zorgteam en psychische zorg."));
    assert!(matches("*koordinaattori*", "Näkyy nimellä hoidonkoordinaattorin."));
    assert!(matches("koordinoi*", "Valitsi, kuka koordinoi hoitoasi"));
    assert!(matches("tilante*", "Avasi TILANTEESI"));
    assert!(!matches("tilante*", "Avasi asiasi"));
    assert!(matches("*verzuim*", "Verzuimdata en ziekteverzuim"));
    assert!(matches("tämä päivä", "Tämä päivä on jo mennyt."));
    assert!(!matches("tämä päivä", "Tämä päivämäärä on jo mennyt."));
    assert!(!matches("tämä päivä", "Tämä on päivä."));
    assert!(matches("*verwijz* naar de bedrijfsarts", "Kan u doorverwijzen naar de bedrijfsarts."));
    assert!(!matches("name", "Avaa asia: {{ name }}"), "placeholders are not words");
    assert_eq!(placeholders("{{ a }} and {{b}}, {{ a }}"), BTreeSet::from(["a".to_string(), "b".to_string()]));
}

/// No value of a language uses a word the glossary forbids in it.
#[test]
fn no_value_uses_a_word_the_glossary_forbids() {
    let md = glossary();
    let rules = rules(&md);
    let allowed = exceptions(&md);
    let files: BTreeMap<&str, Map<String, Value>> = LANGS.iter().map(|l| (*l, locale(l))).collect();
    for ((lang, pattern), keys) in &allowed {
        assert!(
            rules.iter().any(|r| &r.lang == lang && &r.pattern == pattern),
            "an exception to no rule: {lang} {pattern}"
        );
        for key in keys {
            assert!(files[lang.as_str()].contains_key(key), "an exception for a key that does not exist: {key}");
        }
    }
    let mut found = Vec::new();
    for rule in &rules {
        let except = allowed.get(&(rule.lang.clone(), rule.pattern.clone()));
        for (key, value) in &files[rule.lang.as_str()] {
            if except.is_some_and(|keys| keys.contains(key)) {
                continue;
            }
            for text in strings(value).iter().filter(|t| matches(&rule.pattern, t)) {
                found.push(format!(
                    "{}: {key} = {text:?} uses `{}` ({}: {})",
                    rule.lang, rule.pattern, rule.concept, rule.why
                ));
            }
        }
    }
    assert!(found.is_empty(), "words the glossary forbids (docs/GLOSSARY.md):\n{}", found.join("\n"));
}

/// A key missing in one language would silently show English there.
#[test]
fn the_three_files_have_the_same_keys() {
    let en: BTreeSet<String> = locale("en").keys().cloned().collect();
    assert!(en.len() > 50);
    for lang in ["fi", "nl"] {
        let other: BTreeSet<String> = locale(lang).keys().cloned().collect();
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, not in en {extra:?}");
    }
}

/// The code fills in the same names whatever the language, so a value's
/// placeholders are the same in all three.
#[test]
fn every_value_has_the_same_placeholders_in_every_language() {
    let files: Vec<(&str, Map<String, Value>)> = LANGS.iter().map(|l| (*l, locale(l))).collect();
    let mut differ = Vec::new();
    for (key, value) in &files[0].1 {
        let en: BTreeSet<String> = strings(value).iter().flat_map(|t| placeholders(t)).collect();
        for (lang, file) in &files[1..] {
            let Some(other) = file.get(key) else { continue };
            let theirs: BTreeSet<String> = strings(other).iter().flat_map(|t| placeholders(t)).collect();
            if theirs != en {
                differ.push(format!("{key}: en {en:?}, {lang} {theirs:?}"));
            }
        }
    }
    assert!(differ.is_empty(), "placeholders differ between languages:\n{}", differ.join("\n"));
}
