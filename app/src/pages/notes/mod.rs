//! Notes: in the `notes` section of a professional's page (what they wrote
//! and what was written to them, and a note to write), and the worker's
//! list of every note about them.

use crate::api::kept;
use crate::api::notes::{load_notes, WriteNote};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// The worker's list: every note, who wrote it to whom, and when.
#[component]
pub fn NotesPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let list = Resource::new(move || case_id.get(), load_notes);
    signed_in_page(list, move |list| {
        let places = case_id.get_untracked().parse().map(CaseId).unwrap_or(CaseId(0));
        view! {
            <h1>{t!(i18n, notes_title)}</h1>
            <p>{t!(i18n, notes_intro)}</p>
            {list.is_empty().then(|| view! { <p class="card">{t!(i18n, notes_none)}</p> })}
            <NoteList list/>
            <Places case_id=places here=Place::Case/>
        }
    })
}

#[component]
fn NoteList(list: Vec<Note>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="plain">
            {list.into_iter().map(|n| view! {
                <li class="card note" data-testid="note">
                    <p class="label">{t!(i18n, note_from_to,
                        from = format!("{}, {}", n.from_name, text::role_name(i18n, n.from_role)),
                        to = format!("{}, {}", n.to_name, text::role_name(i18n, n.to_role)))}</p>
                    <p class="words">{n.text.clone()}</p>
                    <p class="hint">{text::date(i18n, n.written_at_date())}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The `notes` section of a professional's page: the notes from and to
/// them, and (on their own page, not the worker's preview) a new one.
#[component]
pub fn NotesSection(
    case_id: CaseId,
    list: Vec<Note>,
    addressees: Vec<(ParticipantId, String)>,
    act: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let write = ServerAction::<WriteNote>::new();
    let error = action_error(write);
    let to_errors = field_messages(error, "to".into());
    let chosen = kept::or::<WriteNote>("to", "");
    let none = list.is_empty();
    view! {
        {none.then(|| view! { <p>{t!(i18n, nothing_recorded)}</p> })}
        <NoteList list/>
        {(act && !addressees.is_empty()).then(|| view! {
            // Open while a refused note is shown, so its message is seen.
            <details open=move || error.get().is_some()>
                <summary>{t!(i18n, note_write_title)}</summary>
                <ActionForm action=write attr:class="form" attr:novalidate=true attr:data-testid="note-form">
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <div class="field">
                        <label for="note-to">{t!(i18n, note_to_label)}</label>
                        <select id="note-to" name="to" aria-describedby="note-to-error">
                            {addressees.iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=chosen == id.to_string()>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <p class="error" id="note-to-error" aria-live="polite">{move || to_errors.get().join(" ")}</p>
                    </div>
                    <TextArea id="note-text" name="text" label=t_string!(i18n, note_text_label).to_string()
                        hint=t_string!(i18n, note_text_hint, max = NOTE_MAX).to_string()
                        value={kept::or::<WriteNote>("text", "")} max=NOTE_MAX error/>
                    <FormError error/>
                    <button type="submit">{t!(i18n, note_send)}</button>
                </ActionForm>
            </details>
        })}
    }
}
