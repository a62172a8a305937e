//! The mental-health switch: when on, diagnosis, treatment, stigma and notes
//! reach only the people the worker names, whatever else is granted.

use crate::api::sharing::SetProtection;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ProtectionSection(
    case_id: String,
    protection: Protection,
    team: Vec<ParticipantView>,
    action: ServerAction<SetProtection>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    // Only people who could ever see a protected category are offered (never
    // the employer, whom the ceiling keeps to adjustments anyway).
    let team: Vec<ParticipantView> =
        team.into_iter().filter(|p| Category::ALL.iter().any(|c| c.is_sensitive() && p.role.may_receive(*c))).collect();
    // Ticked by default: those named already, or else the curative-care team.
    let named = if protection.on {
        protection.named.clone()
    } else {
        team.iter().filter(|p| p.role.world() == World::CurativeCare).map(|p| p.id).collect()
    };
    let names: Vec<String> =
        team.iter().filter(|p| protection.named.contains(&p.id)).map(|p| p.contact.name.clone()).collect();
    let on = protection.on;
    let case_for_off = case_id.clone();
    let has_team = !team.is_empty();
    view! {
        <section class="card protection" aria-labelledby="protection-title" data-testid="protection">
            <h2 id="protection-title">{t!(i18n, protection_title)}</h2>
            <p>{t!(i18n, protection_intro)}</p>
            <p class="state" data-testid="protection-state">
                <strong>{if on { t_string!(i18n, protection_on) } else { t_string!(i18n, protection_off) }}</strong>
                {on.then(|| if names.is_empty() {
                    view! { " " {t!(i18n, protection_nobody)} }.into_any()
                } else {
                    view! { " " {t!(i18n, protection_named)} " " {names.join(", ")} }.into_any()
                })}
            </p>
            // With nobody in the team there is nobody to name yet.
            <ActionForm action=action attr:class="form" attr:hidden=!has_team>
                <Here/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="on" value="1"/>
                <fieldset>
                    <legend>{t!(i18n, protection_named)}</legend>
                    {team.iter().map(|p| {
                        let field = format!("named[{}]", p.id);
                        let input_id = format!("named-{}", p.id);
                        view! {
                            <div class="check">
                                <input type="checkbox" id=input_id.clone() name=field checked=named.contains(&p.id)/>
                                <label for=input_id>{p.contact.name.clone()} " (" {text::role_name(i18n, p.role)} ")"</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <FormError error/>
                <button type="submit">{if on { t!(i18n, protection_save).into_any() } else { t!(i18n, protection_turn_on).into_any() }}</button>
            </ActionForm>
            {on.then(|| view! {
                <ActionForm action=action>
                    <Here/>
                    <input type="hidden" name="case_id" value=case_for_off/>
                    <input type="hidden" name="on" value="0"/>
                    <button type="submit" class="secondary">{t!(i18n, protection_turn_off)}</button>
                </ActionForm>
            })}
        </section>
    }
}
