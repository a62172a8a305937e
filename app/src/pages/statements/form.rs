//! A professional writes a work-ability statement, a treatment plan or a
//! diagnosis: one page per kind, starting from their current entry of it.
//! Every field states its limit; a refused post comes back with what was
//! typed and a message next to each field.

use crate::api::kept;
use crate::api::statements::{load_statement_form, WriteStatement};
use crate::components::*;
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn StatementFormPage() -> impl IntoView {
    let case_id = param("case_id");
    let kind = param("kind");
    let data = Resource::new(move || (case_id.get(), kind.get()), |(c, k)| load_statement_form(c, k));
    signed_in_page(data, move |f| view! { <FormBody f/> })
}

/// What a field shows: what was typed before a refused post, else the
/// author's current entry, else nothing.
#[derive(Clone)]
struct Values(BTreeMap<String, String>);

impl Values {
    fn get(&self, field: &str) -> String {
        kept::value::<WriteStatement>(field).or_else(|| self.0.get(field).cloned()).unwrap_or_default()
    }
}

#[component]
fn FormBody(f: StatementForm) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<WriteStatement>::new();
    let error = action_error(action);
    let values = Values(f.current.as_ref().map(StatementBody::to_form).unwrap_or_default());
    let name = f.worker_first_name.clone();
    let (title, intro) = match f.kind {
        StatementKind::WorkAbility => (
            t_string!(i18n, stf_title_work_ability, name = name.clone()).to_string(),
            t_string!(i18n, stf_intro_work_ability, name = name.clone()).to_string(),
        ),
        StatementKind::Treatment => (
            t_string!(i18n, stf_title_treatment, name = name.clone()).to_string(),
            t_string!(i18n, stf_intro_treatment, name = name.clone()).to_string(),
        ),
        StatementKind::Diagnosis => (
            t_string!(i18n, stf_title_diagnosis, name = name.clone()).to_string(),
            t_string!(i18n, stf_intro_diagnosis, name = name.clone()).to_string(),
        ),
    };
    let case_id = f.case_id;
    view! {
        <p><a href=format!("/shared/{case_id}")>{t!(i18n, stf_back, name = name.clone())}</a></p>
        <h1>{title}</h1>
        <p>{intro}</p>
        {f.current.is_some().then(|| view! { <p class="hint">{t!(i18n, stf_new_version)}</p> })}
        <ActionForm action attr:class="form" attr:novalidate=true attr:data-testid="statement-form">
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="kind" value=f.kind.id()/>
            {match f.kind {
                StatementKind::WorkAbility => view! { <WorkAbilityFields values error/> }.into_any(),
                StatementKind::Treatment => view! { <TreatmentFields values error/> }.into_any(),
                StatementKind::Diagnosis => view! { <DiagnosisFields values error/> }.into_any(),
            }}
            <FormError error/>
            <button type="submit">{t!(i18n, stf_save)}</button>
        </ActionForm>
    }
}

/// `form[field]`: one key of the server function's map argument.
fn input(field: &str) -> String {
    format!("form[{field}]")
}

#[component]
fn Text(
    values: Values,
    field: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <Field id=format!("st-{field}") label name=input(field) error_field=field kind value=values.get(field)
            hint=hint.unwrap_or_default() required inputmode=inputmode.unwrap_or("text") error/>
    }
}

#[component]
fn Words(
    values: Values,
    #[prop(into)] field: String,
    #[prop(into)] label: String,
    #[prop(into)] hint: String,
    max: usize,
    #[prop(optional)] required: bool,
    #[prop(default = 3)] rows: u8,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <TextArea id=format!("st-{field}") label name=input(&field) error_field=field.clone() value=values.get(&field)
            hint max required rows error/>
    }
}

/// A choice from a list, with its own errors.
#[component]
fn Choice(
    #[prop(into)] field: String,
    #[prop(into)] label: String,
    chosen: String,
    /// (value, words); the first may be "" for "not chosen".
    options: Vec<(String, String)>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let messages = field_messages(error, field.clone());
    let id = format!("st-{field}");
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=move || !messages.get().is_empty()>
            <label for=id.clone()>{label}</label>
            <select id=id name=input(&field) aria-describedby=err_id.clone()>
                {options.into_iter().map(|(value, words)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{words}</option> }
                }).collect_view()}
            </select>
            <p class="error" id=err_id aria-live="polite">{move || messages.get().join(" ")}</p>
        </div>
    }
}

#[component]
fn WorkAbilityFields(values: Values, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let levels = move || {
        let mut o = vec![(String::new(), t_string!(i18n, stf_choose).to_string())];
        o.extend(Limit::ALL.iter().map(|l| (l.id().to_string(), text::limit(i18n, *l))));
        o
    };
    let kinds = move || {
        let mut o = vec![(String::new(), t_string!(i18n, stf_no_advice).to_string())];
        o.extend(AdjustmentKind::ALL.iter().map(|k| (k.id().to_string(), text::adjustment_kind(i18n, *k))));
        o
    };
    view! {
        <h2>{t!(i18n, stf_sections)}</h2>
        <p class="hint">{t!(i18n, stf_sections_hint)}</p>
        {AbilitySection::ALL.iter().map(|&s| {
            let (limit, words) = section_fields(s);
            view! {
                <fieldset class="card">
                    <legend>{text::ability_section(i18n, s)}</legend>
                    <p class="hint">{text::ability_section_about(i18n, s)}</p>
                    <Choice field=limit.clone() label=t_string!(i18n, stf_level).to_string() chosen=values.get(&limit) options=levels() error/>
                    <Words values=values.clone() field=words label=t_string!(i18n, stf_can_cannot).to_string()
                        hint=t_string!(i18n, limit_hint, max = ABILITY_WORDS_MAX).to_string() max=ABILITY_WORDS_MAX error/>
                </fieldset>
            }
        }).collect_view()}
        <h2>{t!(i18n, stf_hours)}</h2>
        <div class="card pair">
            <Text values=values.clone() field="hours_a_day" label=t_string!(i18n, stf_hours_a_day).to_string()
                hint=t_string!(i18n, stf_number_hint, max = HOURS_MAX).to_string() kind="number" inputmode="numeric" error/>
            <Text values=values.clone() field="days_a_week" label=t_string!(i18n, stf_days_a_week).to_string()
                hint=t_string!(i18n, stf_number_hint, max = DAYS_MAX).to_string() kind="number" inputmode="numeric" error/>
        </div>
        <h2>{t!(i18n, stf_build_up)}</h2>
        <p class="hint">{t!(i18n, stf_build_up_hint)}</p>
        {(1..=BUILD_UP_ROWS).map(|i| {
            let (from, hours, days) = (format!("step{i}_from"), format!("step{i}_hours"), format!("step{i}_days"));
            view! {
                <fieldset class="card">
                    <legend>{t!(i18n, stf_step, n = i)}</legend>
                    <Field id=format!("st-{from}") label=t_string!(i18n, stf_step_from).to_string() name=input(&from)
                        error_field=from.clone() kind="date" value=values.get(&from) error/>
                    <div class="pair">
                        <Field id=format!("st-{hours}") label=t_string!(i18n, stf_hours_a_day).to_string() name=input(&hours)
                            error_field=hours.clone() kind="number" inputmode="numeric" value=values.get(&hours) error/>
                        <Field id=format!("st-{days}") label=t_string!(i18n, stf_days_a_week).to_string() name=input(&days)
                            error_field=days.clone() kind="number" inputmode="numeric" value=values.get(&days) error/>
                    </div>
                </fieldset>
            }
        }).collect_view()}
        <h2>{t!(i18n, stf_advice)}</h2>
        <p class="hint">{t!(i18n, stf_advice_hint)}</p>
        {(1..=ADVICE_ROWS).map(|i| {
            let (kind, words) = (format!("advice{i}_kind"), format!("advice{i}_words"));
            view! {
                <fieldset class="card">
                    <legend>{t!(i18n, stf_advice_n, n = i)}</legend>
                    <Choice field=kind.clone() label=t_string!(i18n, stf_advice_kind).to_string() chosen=values.get(&kind) options=kinds() error/>
                    <Words values=values.clone() field=words label=t_string!(i18n, stf_advice_words).to_string()
                        hint=t_string!(i18n, limit_hint, max = ADVICE_WORDS_MAX).to_string() max=ADVICE_WORDS_MAX rows=2 error/>
                </fieldset>
            }
        }).collect_view()}
        <h2>{t!(i18n, stf_course_title)}</h2>
        <div class="card">
            <Words values=values.clone() field="course" label=format!("{} ({})", t_string!(i18n, stf_course), t_string!(i18n, optional))
                hint=t_string!(i18n, stf_course_hint, max = COURSE_MAX).to_string() max=COURSE_MAX error/>
            <Text values=values.clone() field="next_assessment" label=format!("{} ({})", t_string!(i18n, st_next_assessment), t_string!(i18n, optional))
                kind="date" error/>
            <Text values=values.clone() field="valid_until" label=format!("{} ({})", t_string!(i18n, st_valid_until), t_string!(i18n, optional))
                kind="date" error/>
        </div>
    }
}

#[component]
fn TreatmentFields(values: Values, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let optional = move |label: String| format!("{label} ({})", t_string!(i18n, optional));
    view! {
        <Words values=values.clone() field="what" label=t_string!(i18n, stf_what).to_string()
            hint=t_string!(i18n, stf_what_hint, max = TREATMENT_WHAT_MAX).to_string() max=TREATMENT_WHAT_MAX required=true rows=4 error/>
        <Text values=values.clone() field="how_often" label=optional(t_string!(i18n, st_how_often).to_string())
            hint=t_string!(i18n, stf_how_often_hint, max = HOW_OFTEN_MAX).to_string() error/>
        <Text values=values.clone() field="since" label=optional(t_string!(i18n, stf_since).to_string()) kind="date" error/>
        <Text values=values.clone() field="until" label=optional(t_string!(i18n, stf_until).to_string()) kind="date" error/>
        <Text values=values.clone() field="next_appointment" label=optional(t_string!(i18n, st_next_appointment).to_string()) kind="date" error/>
        <Words values=values.clone() field="for_work" label=optional(t_string!(i18n, st_for_work).to_string())
            hint=t_string!(i18n, stf_for_work_hint, max = FOR_WORK_MAX).to_string() max=FOR_WORK_MAX error/>
    }
}

#[component]
fn DiagnosisFields(values: Values, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Text values=values.clone() field="words" label=t_string!(i18n, stf_diagnosis_words).to_string()
            hint=t_string!(i18n, limit_hint, max = DIAGNOSIS_MAX).to_string() required=true error/>
        <Text values=values.clone() field="code" label=format!("{} ({})", t_string!(i18n, stf_code), t_string!(i18n, optional))
            hint=t_string!(i18n, stf_code_hint).to_string() error/>
        <Words values=values.clone() field="summary" label=format!("{} ({})", t_string!(i18n, st_summary), t_string!(i18n, optional))
            hint=t_string!(i18n, limit_hint, max = SUMMARY_MAX).to_string() max=SUMMARY_MAX rows=5 error/>
    }
}
