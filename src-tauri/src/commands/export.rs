use std::path::{Path, PathBuf};

use studio_service::{export_draft, Exported, Paper};
use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

use crate::{ApiError, ApiResult, AppState};

/// Writes the submission package into `dir`. The service refuses a final
/// export while problems block submission (code `not_ready`).
#[tauri::command(async)]
pub async fn export_package(
    app: AppHandle,
    id: String,
    dir: String,
    review_copy: bool,
    letter: bool,
) -> ApiResult<Exported> {
    let paper = if letter { Paper::Letter } else { Paper::A4 };
    // Typesetting runs off the main thread; the store is locked only to
    // read the draft and to record the export.
    let exported = tauri::async_runtime::spawn_blocking(move || {
        export_draft(
            app.state::<AppState>().inner(),
            &id,
            Path::new(&dir),
            review_copy,
            paper,
        )
    })
    .await
    .map_err(|e| ApiError::new(studio_core::ErrorCode::Internal, e.to_string()))??;
    tracing::info!(version = exported.version, review_copy, "package exported");
    Ok(exported)
}

/// Opens an exported PDF, or shows it in its folder.
#[tauri::command(async)]
pub fn open_exported(app: AppHandle, path: String, reveal: bool) -> ApiResult<()> {
    let p = PathBuf::from(&path);
    let ours = p.extension().is_some_and(|e| e == "pdf" || e == "zip") && p.is_file();
    if !ours {
        return Err(ApiError::new(
            studio_core::ErrorCode::Refused,
            "only an exported package or PDF can be opened from here",
        ));
    }
    let result = if reveal {
        app.opener().reveal_item_in_dir(&p)
    } else {
        app.opener().open_path(path, None::<&str>)
    };
    result.map_err(|e| ApiError::new(studio_core::ErrorCode::OpenFailed, e.to_string()))
}
