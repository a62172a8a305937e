//! "Your record": the worker downloads everything their case holds, as
//! this portal's JSON and as HL7 FHIR R4, with what each file is for.

mod passport;

pub use passport::{PassportLinkPage, PassportPage, PassportViewPage};

use crate::api::record::{load_record_page, AskErasure, CancelErasure};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn RecordPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = Resource::new(|| (), |_| load_record_page());
    signed_in_page(page, move |p: RecordPage| {
        let Some(case_id) = p.case_id else {
            return view! {
                <h1>{t!(i18n, record_title)}</h1>
                <p class="card">{t!(i18n, record_no_case)}</p>
                <p><a href="/shared">{t!(i18n, invitations_title)}</a></p>
            }
            .into_any();
        };
        view! {
            <h1>{t!(i18n, record_title)}</h1>
            <p>{t!(i18n, record_intro)}</p>
            <section class="card" aria-labelledby="record-files">
                <h2 id="record-files">{t!(i18n, record_files_title)}</h2>
                <ul class="plain record-files">
                    <li>
                        <a class="button" href=p.href(RecordFormat::Json) download data-testid="record-json">
                            {t!(i18n, record_json)}
                        </a>
                        <p class="hint">{t!(i18n, record_json_hint)}</p>
                    </li>
                    <li>
                        <a class="button secondary" href=p.href(RecordFormat::Fhir) download data-testid="record-fhir">
                            {t!(i18n, record_fhir)}
                        </a>
                        <p class="hint">{t!(i18n, record_fhir_hint)}</p>
                    </li>
                </ul>
                <p class="hint">{t!(i18n, record_logged)}</p>
            </section>
            <p class="card">
                <a href=format!("/case/{case_id}/passport") data-testid="passport-page">{t!(i18n, passport_link)}</a>
            </p>
            <Erasure case_id erasure_on=p.erasure_on grace_days=p.grace_days/>
            <Places case_id here=Place::Case/>
        }
        .into_any()
    })
}

/// Erasing the case: what goes and what stays, asked for with a tick, and
/// while the grace period runs, the day and the way to keep it.
#[component]
fn Erasure(case_id: CaseId, erasure_on: Option<chrono::NaiveDate>, grace_days: u32) -> impl IntoView {
    let i18n = use_i18n();
    let ask = ServerAction::<AskErasure>::new();
    let keep = ServerAction::<CancelErasure>::new();
    let ask_error = action_error(ask);
    let keep_error = action_error(keep);
    match erasure_on {
        Some(day) => view! {
            <section class="card notice" aria-labelledby="erase-title" data-testid="erasure-pending">
                <h2 id="erase-title">{t!(i18n, erase_title)}</h2>
                <p>{t!(i18n, erase_pending, date = text::date(i18n, day))}</p>
                <ActionForm action=keep attr:class="form">
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <FormError error=keep_error/>
                    <button type="submit">{t!(i18n, erase_cancel)}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        None => view! {
            <details class="card" data-testid="erasure" open=move || ask_error.get().is_some()>
                <summary>{t!(i18n, erase_title)}</summary>
                <p>{t!(i18n, erase_what)}</p>
                <p>{t!(i18n, erase_kept)}</p>
                <p>{t!(i18n, erase_grace, days = grace_days)}</p>
                <ActionForm action=ask attr:class="form" attr:novalidate=true>
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <div class="check">
                        <input type="checkbox" id="erase-confirm" name="confirm" value="1" required=true/>
                        <label for="erase-confirm">{t!(i18n, erase_confirm)}</label>
                    </div>
                    <FormError error=ask_error fields=&["confirm"]/>
                    <button type="submit" class="secondary">{t!(i18n, erase_button)}</button>
                </ActionForm>
            </details>
        }
        .into_any(),
    }
}
