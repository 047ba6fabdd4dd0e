use serde::Serialize;
use studio_core::Template;
use tauri::State;

use crate::{AppState, ApiResult};

#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    data_dir: String,
    template: &'static Template,
}

/// Version, data folder and the template the UI renders from.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    state.with(|store| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION"),
            data_dir: store.path().parent().map(|p| p.display().to_string()).unwrap_or_default(),
            template: store.template(),
        })
    })
}

/// Puts the latest backup in place of a damaged database, keeping the damaged
/// file beside it, and opens the library again.
#[tauri::command]
pub fn restore_backup(state: State<'_, AppState>) -> ApiResult<String> {
    let db = studio_store::data_dir()?.join(studio_store::DATABASE_FILE);
    let kept = studio_store::restore_latest(&db)?;
    state.reopen()?;
    Ok(kept.display().to_string())
}
