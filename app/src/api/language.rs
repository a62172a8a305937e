use crate::error::AppError;
use leptos::prelude::*;

/// Remembers the chosen language in leptos_i18n's cookie, so the choice
/// also works without JavaScript (the form posts and comes back).
#[server(endpoint = "language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use super::context::*;
    if !["en", "fi", "nl"].contains(&lang.as_str()) {
        return Err(AppError::BadRequest);
    }
    set_cookie(LANGUAGE_COOKIE, &lang, Some(365 * 24 * 3600), false);
    Ok(())
}
