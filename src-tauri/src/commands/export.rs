use std::path::PathBuf;

use serde::Serialize;
use studio_core::validate;
use studio_export::{write_package, Options, Paper};
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::{ApiError, ApiResult, AppState};

#[derive(Serialize)]
pub struct Exported {
    zip: String,
    pdf: String,
    version: u32,
}

/// Writes the submission package into `dir`. A final export is refused while
/// problems block submission; a review copy is always allowed.
#[tauri::command]
pub async fn export_package(
    state: State<'_, AppState>,
    id: String,
    dir: String,
    review_copy: bool,
    letter: bool,
) -> ApiResult<Exported> {
    let (proposal, version, date) = state.with(|s| {
        let proposal = s.load(&id)?;
        let report = validate(&proposal, s.template());
        if !report.ready && !review_copy {
            let n = report
                .problems
                .iter()
                .filter(|p| p.severity == studio_core::Severity::Blocking)
                .count();
            return Err(ApiError::new(
                "not_ready",
                format!("{n} problems block submission; fix them first, or export a review copy"),
            ));
        }
        let (version, date) = s.record_export(&id, review_copy)?;
        // Every export keeps the state it was made from as a version.
        let name = if review_copy {
            format!("v{version} review copy")
        } else {
            format!("v{version}")
        };
        s.save_version(&id, &name, studio_store::VersionReason::Export)?;
        Ok((proposal, version, date))
    })?;
    let opts = Options {
        paper: if letter { Paper::Letter } else { Paper::A4 },
        review_copy,
        version: version.to_string(),
        date,
    };
    let template = studio_core::Template::builtin()?;
    let written =
        tauri::async_runtime::spawn_blocking(move || write_package(&proposal, template, &opts, &PathBuf::from(dir)))
            .await
            .map_err(|e| ApiError::new("internal", e.to_string()))??;
    tracing::info!(version, review_copy, "package exported");
    Ok(Exported {
        zip: written.zip.display().to_string(),
        pdf: written.pdf.display().to_string(),
        version,
    })
}

/// Opens an exported PDF, or shows it in its folder.
#[tauri::command]
pub fn open_exported(app: AppHandle, path: String, reveal: bool) -> ApiResult<()> {
    let p = PathBuf::from(&path);
    let ours = p.extension().is_some_and(|e| e == "pdf" || e == "zip") && p.is_file();
    if !ours {
        return Err(ApiError::new(
            "refused",
            "only an exported package or PDF can be opened from here",
        ));
    }
    let result = if reveal {
        app.opener().reveal_item_in_dir(&p)
    } else {
        app.opener().open_path(path, None::<&str>)
    };
    result.map_err(|e| ApiError::new("open_failed", e.to_string()))
}
