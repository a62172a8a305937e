//! The worker's five places, as a bar at the bottom of the phone screen (on
//! wide screens it moves to the side, in CSS). Labelled icons, 44 px
//! targets, the current place marked for screen readers.

use crate::domain::CaseId;
use crate::i18n::*;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Case,
    Sharing,
    Work,
    Concerns,
    Activity,
}

#[component]
pub fn Places(case_id: CaseId, here: Place) -> impl IntoView {
    let i18n = use_i18n();
    let places = [
        (Place::Case, "/case".to_string(), t_string!(i18n, place_case).to_string(), ICON_CASE),
        (Place::Sharing, format!("/case/{case_id}/sharing"), t_string!(i18n, place_sharing).to_string(), ICON_SHARING),
        (Place::Work, format!("/case/{case_id}/work"), t_string!(i18n, place_work).to_string(), ICON_WORK),
        (
            Place::Concerns,
            format!("/case/{case_id}/concerns"),
            t_string!(i18n, place_concerns).to_string(),
            ICON_CONCERNS,
        ),
        (
            Place::Activity,
            format!("/case/{case_id}/activity"),
            t_string!(i18n, place_activity).to_string(),
            ICON_ACTIVITY,
        ),
    ];
    view! {
        <nav class="places-bar" aria-label=t_string!(i18n, places_label)>
            <ul>
                {places.into_iter().map(|(place, href, label, icon)| view! {
                    <li>
                        <a href=href aria-current=(place == here).then_some("page") data-place=format!("{place:?}").to_lowercase()>
                            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=icon/></svg>
                            <span>{label}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

// Simple line icons (24×24 paths), drawn with `stroke` in CSS.
const ICON_CASE: &str = "M4 10 12 4l8 6v10H4z M9 20v-6h6v6";
const ICON_SHARING: &str =
    "M7 12a3 3 0 1 0 0 .01 M17 6a3 3 0 1 0 0 .01 M17 18a3 3 0 1 0 0 .01 M9.5 10.7l5-3.2 M9.5 13.3l5 3.2";
const ICON_WORK: &str = "M4 8h16v11H4z M9 8V5h6v3 M4 13h16";
const ICON_CONCERNS: &str = "M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.5A4 4 0 0 1 19 10c0 5.5-7 10-7 10z";
const ICON_ACTIVITY: &str = "M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16 M12 8v4l3 2";
