//! The mental-health switch: when on, diagnosis, treatment, stigma and notes
//! reach only the people the worker names, whatever else is granted, and
//! nobody else learns that mental-health care is involved; and the mark that
//! makes a GP or medical specialist mental-health care.

use crate::api::sharing::{MarkMentalHealth, SetProtection};
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
    let everyone: Vec<(ParticipantId, Role)> = team.iter().map(|p| (p.id, p.role)).collect();
    let marked: Vec<ParticipantId> = team.iter().filter(|p| p.mental_health_care).map(|p| p.id).collect();
    let name_of = {
        let team = team.clone();
        move |id: ParticipantId| team.iter().find(|p| p.id == id).map(|p| p.contact.name.clone()).unwrap_or_default()
    };
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
    // What the switch does to the directory and the rest, by the rule
    // itself: as saved when on, with the default ticks when off.
    let switched = Involvement { protection: Protection { on: true, named: named.clone() }, marked };
    let consequences: Vec<(String, String)> =
        switched.kept_apart(&everyone).into_iter().map(|(v, m)| (name_of(v), name_of(m))).collect();
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
            {(!consequences.is_empty()).then(|| view! {
                <div data-testid="protection-consequences">
                    <p>{if on { t!(i18n, protection_kept_now).into_any() } else { t!(i18n, protection_kept_if_on).into_any() }}</p>
                    <ul>
                        {consequences.into_iter().map(|(viewer, other)| view! {
                            <li>{if on {
                                t_string!(i18n, protection_does_not_see, viewer, other).to_string()
                            } else {
                                t_string!(i18n, protection_will_not_see, viewer, other).to_string()
                            }}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
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

/// On a GP's or medical specialist's sharing page: the worker marks them as
/// mental-health care (they treat the worker's mental health), so the
/// switch keeps their involvement to the people it names.
#[component]
pub fn MentalHealthMark(case_id: CaseId, participant: ParticipantId, name: String, marked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<MarkMentalHealth>::new();
    let error = action_error(action);
    view! {
        <section class="card" aria-labelledby="mental-health-title" data-testid="mental-health-mark">
            <h2 id="mental-health-title">{t!(i18n, mental_health_title)}</h2>
            <p>{t!(i18n, mental_health_intro, name = name.clone())}</p>
            <p class="state" data-testid="mental-health-state">
                {if marked {
                    t_string!(i18n, mental_health_marked, name = name.clone()).to_string()
                } else {
                    t_string!(i18n, mental_health_not_marked, name = name.clone()).to_string()
                }}
            </p>
            <ActionForm action=action>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="participant_id" value=participant.to_string()/>
                <input type="hidden" name="on" value=if marked { "0" } else { "1" }/>
                <FormError error/>
                <button type="submit" class=if marked { "secondary" } else { "" }>
                    {if marked { t!(i18n, mental_health_unmark).into_any() } else { t!(i18n, mental_health_mark).into_any() }}
                </button>
            </ActionForm>
        </section>
    }
}
