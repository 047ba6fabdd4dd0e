use serde::Serialize;
use studio_core::Template;
use tauri::State;

use crate::{ApiResult, AppState};

#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    version: &'static str,
    data_dir: String,
    template: &'static Template,
    /// How each interface language writes a date in figures.
    date_formats: std::collections::BTreeMap<&'static str, studio_core::date::DateFormat>,
    /// The first and last calendar year a date or an indicator's year may name.
    years: [i32; 2],
}

/// Version, data folder and the template the UI renders from.
#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    state.with(|store| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION"),
            data_dir: store
                .path()
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            template: store.template(),
            years: [studio_core::limits::FIRST_YEAR, studio_core::limits::LAST_YEAR],
            date_formats: ["en", "fr", "es"]
                .into_iter()
                .map(|l| (l, studio_core::date::format_of(l)))
                .collect(),
        })
    })
}

/// A date as the user typed it, read in the interface language's order (or
/// as ISO): the `YYYY-MM-DD` to store, or why it is not a date.
#[tauri::command(async)]
pub fn read_date(state: State<'_, AppState>, text: String) -> ApiResult<String> {
    studio_core::date::read_typed(&text, &state.language())
        .map(|d| d.to_string())
        .map_err(|message| crate::error::ApiError::new(studio_core::ErrorCode::InvalidDate, message))
}

/// Puts the latest backup in place of a damaged database, keeping the damaged
/// file beside it, and opens the library again.
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>) -> ApiResult<String> {
    let db = studio_store::data_dir()?.join(studio_store::DATABASE_FILE);
    let kept = studio_store::restore_latest(&db)?;
    state.reopen()?;
    Ok(kept.display().to_string())
}

/// For the end-to-end tests only: when `PROPOSAL_STUDIO_TEST_PICKS` names a
/// file, each file dialog takes its answer from the file's first line (and
/// removes it) instead of opening, since WebDriver cannot reach native
/// dialogs. Unset, as it always is for users, this returns nothing.
#[tauri::command(async)]
pub fn test_pick() -> Option<String> {
    let file = std::env::var_os("PROPOSAL_STUDIO_TEST_PICKS")?;
    let text = std::fs::read_to_string(&file).ok()?;
    let mut lines = text.lines();
    let first = lines.next()?.trim().to_string();
    let rest: Vec<&str> = lines.collect();
    std::fs::write(&file, rest.join("\n")).ok()?;
    (!first.is_empty()).then_some(first)
}

/// The user's settings as the UI reads them.
#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Settings {
    /// The interface language chosen by the user; `None` follows the system.
    ui_language: Option<String>,
}

const UI_LANGUAGE: &str = "ui_language";

#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> ApiResult<Settings> {
    state.with(|s| {
        Ok(Settings {
            ui_language: s.setting(UI_LANGUAGE)?,
        })
    })
}

/// Sets the interface language: one the template knows, or "" to follow the system.
#[tauri::command(async)]
pub fn set_ui_language(state: State<'_, AppState>, language: String) -> ApiResult<()> {
    state.with(|s| {
        if !language.is_empty() && !s.template().languages.iter().any(|l| l.id == language) {
            return Err(crate::ApiError::new(
                studio_core::ErrorCode::InvalidValue,
                format!("{language:?} is not a language of this app"),
            ));
        }
        Ok(s.set_setting(UI_LANGUAGE, &language)?)
    })
}

/// The interface language now in use (the user's choice or the system's), so
/// that readiness problems and marker texts come in it. Not stored.
#[tauri::command(async)]
pub fn use_language(state: State<'_, AppState>, language: String) -> ApiResult<()> {
    let known = state.with(|s| Ok(s.template().languages.iter().any(|l| l.id == language)))?;
    state.set_language(if known { &language } else { "en" });
    Ok(())
}
