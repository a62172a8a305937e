//! "Your time zone": the zone the person reads every time in.

use crate::api::sign_in::{signed_in, SetTimeZone};
use crate::components::*;
use crate::domain::Timestamp;
use crate::error::AppError;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn TimeZonePage() -> impl IntoView {
    let me = Resource::new(
        || (),
        |_| async {
            if signed_in().await? {
                Ok(())
            } else {
                Err(AppError::SignInRequired)
            }
        },
    );
    signed_in_page(me, move |()| {
        let i18n = use_i18n();
        let save = ServerAction::<SetTimeZone>::new();
        let error = action_error(save);
        let now = Timestamp(chrono::Utc::now().timestamp_millis());
        view! {
            <h1>{t!(i18n, zone_title)}</h1>
            <p>{t!(i18n, zone_intro)}</p>
            <p class="card" data-testid="zone-now">{t!(i18n, zone_now, time = text::moment(i18n, now))}</p>
            <ActionForm action=save attr:class="form card">
                <Here/>
                <ZoneSelect id="zone" label=t_string!(i18n, zone_label).to_string() hint=t_string!(i18n, zone_hint).to_string()
                    chosen=text::reader_zone(i18n).name().to_string()/>
                <FormError error/>
                <button type="submit">{t!(i18n, zone_save)}</button>
            </ActionForm>
        }
    })
}
