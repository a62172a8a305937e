//! Ids, stable ids (as text and as JSON) and time-zone names.
#![no_main]

use app::domain::*;
use libfuzzer_sys::fuzz_target;

fn id<T: std::str::FromStr + std::fmt::Display + PartialEq + std::fmt::Debug>(raw: &str) {
    if let Ok(id) = raw.parse::<T>() {
        assert_eq!(id.to_string().parse::<T>().ok(), Some(id));
        assert!(!raw.chars().any(|c| c.is_ascii_alphabetic()), "{raw:?} taken as an id");
    }
}

fn stable<T>(raw: &str, id: fn(T) -> &'static str)
where
    T: std::str::FromStr + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy,
{
    let text = raw.parse::<T>().ok();
    if let Some(v) = text {
        assert_eq!(id(v), raw);
    }
    let json = serde_json::from_value::<T>(serde_json::Value::String(raw.to_string())).ok();
    assert_eq!(json, text);
}

fuzz_target!(|raw: &str| {
    id::<CaseId>(raw);
    id::<ParticipantId>(raw);
    id::<AdjustmentId>(raw);
    id::<ConcernId>(raw);
    id::<ReferralId>(raw);
    id::<RequestId>(raw);
    id::<GrantId>(raw);
    id::<LogId>(raw);
    stable::<Role>(raw, Role::id);
    stable::<Category>(raw, Category::id);
    stable::<Purpose>(raw, Purpose::id);
    stable::<EndReason>(raw, EndReason::id);
    stable::<AdjustmentKind>(raw, AdjustmentKind::id);
    stable::<AdjustmentStatus>(raw, AdjustmentStatus::id);
    stable::<AdjustmentStep>(raw, AdjustmentStep::id);
    stable::<ConcernKind>(raw, ConcernKind::id);
    stable::<Comfort>(raw, Comfort::id);
    stable::<CoordinatorContact>(raw, CoordinatorContact::id);
    stable::<ReferralStatus>(raw, ReferralStatus::id);
    stable::<ReferralMover>(raw, ReferralMover::id);
    stable::<RequestStatus>(raw, RequestStatus::id);
    stable::<Operation>(raw, Operation::id);
    if let Ok(z) = raw.parse::<Zone>() {
        assert_eq!(z.name().parse::<Zone>(), Ok(z));
        assert_eq!(z.name(), raw.trim());
    }
    if let Ok(z) = serde_json::from_value::<Zone>(serde_json::Value::String(raw.to_string())) {
        assert_eq!(raw.parse::<Zone>(), Ok(z));
    }
});
