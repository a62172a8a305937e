//! "Your record": the worker downloads everything their case holds, as
//! this portal's JSON and as HL7 FHIR R4, with what each file is for.

use crate::api::record::load_record_page;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
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
            <Places case_id here=Place::Case/>
        }
        .into_any()
    })
}
