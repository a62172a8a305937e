//! The care-team directory: the list a participant sees first on their
//! page of a case (and the worker in the preview), and the worker's
//! settings of whom each participant sees.

use crate::api::directory::SetDirectory;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// Who is involved, as this reader may see them: coordinator first.
/// `employer`: the reader is the employer (whose coordinator without a name
/// is "your employee's care coordinator").
#[component]
pub fn DirectoryList(entries: Vec<DirectoryEntry>, employer: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="directory-title" data-testid="directory">
            <h2 id="directory-title">{t!(i18n, directory_title)}</h2>
            <ul class="team">
                {entries.into_iter().map(|e| {
                    let badge = match (e.coordinator, e.you) {
                        (_, true) => Some(t_string!(i18n, directory_you).to_string()),
                        (true, false) => Some(t_string!(i18n, directory_coordinator).to_string()),
                        _ => None,
                    };
                    view! {
                        <li class="card person" data-testid="directory-entry" data-participant=e.id.to_string()>
                            {badge.map(|b| view! { <p class="label">{b}</p> })}
                            {match e.listing {
                                Listing::Named { name, role, organisation, email, phone } => view! {
                                    <p><strong>{name}</strong></p>
                                    <p>{text::role_name(i18n, role)}</p>
                                    {(!organisation.is_empty()).then(|| view! { <p class="hint">{organisation.clone()}</p> })}
                                    <Reach email=Some(email) phone/>
                                }.into_any(),
                                Listing::CareCoordinator { email, phone } => {
                                    let none = email.is_none() && phone.is_none();
                                    let (title, no_contact) = if employer {
                                        (t_string!(i18n, directory_care_coordinator), t_string!(i18n, directory_no_contact))
                                    } else {
                                        (t_string!(i18n, directory_the_care_coordinator), t_string!(i18n, directory_no_contact_pro))
                                    };
                                    view! {
                                        <p><strong>{title}</strong></p>
                                        {none.then(|| view! { <p class="hint">{no_contact}</p> })}
                                        <Reach email phone/>
                                    }.into_any()
                                }
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Reach(email: Option<String>, phone: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="plain reach">
            {email.map(|m| view! { <li>{t!(i18n, email_short)}": "<a href=format!("mailto:{m}")>{m.clone()}</a></li> })}
            {phone.map(|p| view! { <li>{t!(i18n, phone_short)}": "<a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></li> })}
        </ul>
    }
}

/// On the worker's page for one participant: whom they see in the team.
#[component]
pub fn DirectorySettingsSection(
    case_id: CaseId,
    participant: ParticipantId,
    name: String,
    s: DirectorySettings,
) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetDirectory>::new();
    let error = action_error(set);
    let none = s.candidates.is_empty();
    view! {
        <section class="card" aria-labelledby="directory-settings" data-testid="directory-settings">
            <h2 id="directory-settings">{t!(i18n, directory_settings_title, name = name.clone())}</h2>
            <ActionForm action=set attr:class="form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="participant_id" value=participant.to_string()/>
                {if none {
                    view! { <p>{t!(i18n, directory_settings_none)}</p> }.into_any()
                } else {
                    view! {
                        <fieldset>
                            <legend>{t!(i18n, directory_settings_intro)}</legend>
                            {s.candidates.iter().map(|c| {
                                let id = format!("dir-{}-{}", participant, c.id);
                                // What the switch does to them now, whatever is ticked.
                                let held = c.held_back.then(|| {
                                    view! {
                                        <span class="hint block" data-testid="held-back">
                                            {if c.coordinator {
                                                t_string!(i18n, directory_held_back_coordinator)
                                            } else {
                                                t_string!(i18n, directory_held_back)
                                            }}
                                        </span>
                                    }
                                });
                                view! {
                                    <div class="check">
                                        <input type="checkbox" id=id.clone() name=format!("shown[{}]", c.id) checked=c.shown/>
                                        <label for=id>{format!("{}, {}", c.name, text::role_name(i18n, c.role))}{held}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any()
                }}
                {s.asks_contact.then(|| view! {
                    <div class="field">
                        <label for="dir-contact">{t!(i18n, directory_contact_label)}</label>
                        <p class="hint" id="dir-contact-hint">{if s.viewer_role == Role::Employer {
                            t_string!(i18n, directory_contact_hint)
                        } else {
                            t_string!(i18n, directory_contact_hint_protected)
                        }}</p>
                        <select id="dir-contact" name="contact" aria-describedby="dir-contact-hint">
                            {CoordinatorContact::ALL.iter().map(|c| view! {
                                <option value=c.id() selected=*c == s.coordinator_contact>{contact_name(i18n, *c)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <FormError error/>
                {(!none || s.asks_contact).then(|| view! { <button type="submit">{t!(i18n, directory_save)}</button> })}
            </ActionForm>
        </section>
    }
}

fn contact_name(i18n: text::I18n, c: CoordinatorContact) -> String {
    match c {
        CoordinatorContact::Nothing => t_string!(i18n, directory_contact_nothing),
        CoordinatorContact::Email => t_string!(i18n, directory_contact_email),
        CoordinatorContact::Phone => t_string!(i18n, directory_contact_phone),
        CoordinatorContact::Both => t_string!(i18n, directory_contact_both),
    }
    .to_string()
}
