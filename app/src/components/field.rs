//! Labelled form fields that show their own errors, in the reader's language.

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The error of an action's last run, if it failed.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// The errors of one field, as translated sentences (also for fields that
/// are not a `Field`: selects, checkbox groups).
pub fn field_messages(error: Signal<Option<AppError>>, field: String) -> Memo<Vec<String>> {
    let i18n = use_i18n();
    Memo::new(move |_| {
        error
            .get()
            .map(|e| e.for_field(&field).into_iter().map(|k| text::error_key(i18n, k)).collect())
            .unwrap_or_default()
    })
}

/// One input with label, optional hint, and errors announced to screen readers.
#[component]
pub fn Field(
    /// Unique on the page.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    /// The server function argument this input feeds (`form[hours]` for
    /// one key of a map argument).
    #[prop(into)]
    name: String,
    /// Which error field to show; defaults to `name`.
    #[prop(optional, into)]
    error_field: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// A phone keyboard's capitals ("characters" for a code in capitals).
    #[prop(optional)]
    autocapitalize: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let messages = field_messages(error, error_field.unwrap_or_else(|| name.clone()));
    let has_error = move || !messages.get().is_empty();
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let hint = hint.filter(|h| !h.is_empty());
    let described = {
        let (err_id, hint_id, has_hint) = (err_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=has_error>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                maxlength=maxlength
                autocomplete=autocomplete
                inputmode=inputmode
                autocapitalize=autocapitalize
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described
            />
            <p class="error" id=err_id aria-live="polite">
                {move || messages.get().join(" ")}
            </p>
        </div>
    }
}

/// Text in a person's own words: several lines, a stated limit, its errors.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    /// Which error field to show; defaults to `name`.
    #[prop(optional, into)]
    error_field: Option<String>,
    #[prop(into)] value: String,
    #[prop(into)] hint: String,
    max: usize,
    #[prop(optional)] required: bool,
    /// Visible lines.
    #[prop(default = 5)]
    rows: u8,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let messages = field_messages(error, error_field.unwrap_or_else(|| name.clone()));
    let has_error = move || !messages.get().is_empty();
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = format!("{hint_id} {err_id}");
    // Leptos writes a textarea's children unescaped (it groups textarea with
    // script and style), yet the browser ends the element at `</textarea>`:
    // escape here, or a concern could close the field and inject markup.
    // Pages render on the server only, so this is the one place it matters.
    let value = value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    view! {
        <div class="field" class:field-invalid=has_error>
            <label for=id.clone()>{label}</label>
            <p class="hint" id=hint_id>{hint}</p>
            // No maxlength: a browser would cut pasted text silently; the
            // server says the limit instead and keeps what was typed.
            <textarea
                id=id
                name=name
                rows=rows
                required=required
                data-max=max
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described
            >
                {value}
            </textarea>
            <p class="error" id=err_id aria-live="polite">
                {move || messages.get().join(" ")}
            </p>
        </div>
    }
}

/// The page a form is posted from, path and query: pages send
/// `Referrer-Policy: no-referrer`, so the answer returns here by this field
/// (read by the server's `form_post` layer) instead of a Referer.
#[component]
pub fn Here() -> impl IntoView {
    let at = leptos_router::hooks::use_location();
    let (path, query) = (at.pathname.get_untracked(), at.search.get_untracked());
    let query = query.trim_start_matches('?');
    let here = if query.is_empty() { path } else { format!("{path}?{query}") };
    view! { <input type="hidden" name="here" value=here/> }
}

/// Fields that never have an input of their own: a refusal that names one
/// (a step no longer possible, someone no longer in the team, a link meant
/// for someone else, a newer version) belongs to the whole form, so every
/// `FormError` shows it. Without this a refusal could be silent.
pub const FORM_LEVEL_FIELDS: &[&str] = &[
    "step",
    "decision",
    "link",
    "version",
    "milestone",
    "participant",
    "with",
    "grant",
    "mental_health",
    "shown",
    "named",
    "comfort",
    "contact",
    "referral",
    "request",
    "case",
];

/// An error that belongs to the whole form, not to one field: the kind of
/// error in words, or the messages of the form-level fields it names.
/// `fields`: more field errors that have no input of their own on this form.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] fields: &'static [&'static str],
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        let e = error.get()?;
        let mut own: Vec<String> = Vec::new();
        for f in FORM_LEVEL_FIELDS.iter().chain(fields) {
            for k in e.for_field(f) {
                let m = text::error_key(i18n, k);
                if !own.contains(&m) {
                    own.push(m);
                }
            }
        }
        Some(if own.is_empty() { text::app_error(i18n, &e) } else { own.join(" ") })
    };
    view! {
        <p class="form-error" role="status" data-testid="form-error">
            {move || message().unwrap_or_default()}
        </p>
    }
}

/// A time zone among the portal's choices (`Zone::CHOICES`), posted as
/// `time_zone`; `chosen` is kept listed when it is not one of them.
#[component]
pub fn ZoneSelect(id: &'static str, label: String, hint: String, chosen: String) -> impl IntoView {
    use crate::domain::Zone;
    let hint_id = format!("{id}-hint");
    let extra = chosen.parse::<Zone>().ok().filter(|z| !Zone::CHOICES.contains(z));
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <p class="hint" id=hint_id.clone()>{hint}</p>
            <select id=id name="time_zone" aria-describedby=hint_id>
                {extra.into_iter().chain(Zone::CHOICES).map(|z| view! {
                    <option value=z.name() selected=chosen == z.name()>{z.city()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
