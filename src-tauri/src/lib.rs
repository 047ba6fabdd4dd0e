//! The Tauri shell: opens the store, registers the commands, nothing more.
//! Every rule lives in studio-core, every use case in studio-service; every
//! byte on disk goes through studio-store and studio-export.

mod commands;
mod error;
mod instance;
#[cfg(test)]
mod ipc_map;

use std::sync::{Mutex, MutexGuard};

use studio_service::{Library, ServiceError};
use studio_store::Store;

pub use error::{ApiError, ApiResult};

/// The app's state: the open store, or why it could not be opened (shown to
/// the user by the UI instead of a crash).
pub struct AppState {
    store: Mutex<Result<Store, ApiError>>,
    /// The interface language: readiness problems and marker texts come in it.
    language: Mutex<String>,
}

impl AppState {
    /// The interface language the UI said it uses ("en" until it says).
    pub fn language(&self) -> String {
        self.language.lock().map(|l| l.clone()).unwrap_or_else(|_| "en".into())
    }

    pub fn set_language(&self, lang: &str) {
        if let Ok(mut l) = self.language.lock() {
            *l = lang.to_string();
        }
    }

    fn locked(&self) -> ApiResult<MutexGuard<'_, Result<Store, ApiError>>> {
        self.store.lock().map_err(|_| {
            ApiError::new(
                studio_core::ErrorCode::Internal,
                "an earlier failure left the store locked; restart the app",
            )
        })
    }

    /// Replaces the store (after a restore), returning the new one's state.
    pub fn reopen(&self) -> ApiResult<()> {
        let mut guard = self.locked()?;
        *guard = Err(ApiError::new(
            studio_core::ErrorCode::Reopening,
            "the database is being reopened",
        ));
        *guard = open_store();
        guard.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// Runs `f` with the store, mapping a failed start-up or a poisoned lock
    /// to an error for the UI.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> ApiResult<T>) -> ApiResult<T> {
        match self.locked()?.as_mut() {
            Ok(store) => f(store),
            Err(e) => Err(e.clone()),
        }
    }
}

/// The use cases reach the store the same way, for their short reads and
/// writes only.
impl Library for AppState {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, ServiceError>) -> Result<T, ServiceError> {
        let unavailable = |e: &ApiError| ServiceError::Unavailable {
            code: e.code,
            message: e.message.clone(),
        };
        match self.locked().map_err(|e| unavailable(&e))?.as_mut() {
            Ok(store) => f(store),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Opens the store; a brand-new library starts with the example proposal in it.
pub(crate) fn open_store() -> Result<Store, ApiError> {
    let mut store = Store::open_default()?;
    if store.was_created() {
        let example = studio_core::example_proposal()?;
        store.create(&example)?;
    }
    Ok(store)
}

/// Rolling daily log files in the data folder's `logs`, seven kept. They
/// record what happened (start, saves, exports, error codes), never what a
/// proposal says.
fn init_logs(dir: &std::path::Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    // The appender lists the folder to prune old files as it starts: on a
    // first start it must already exist, or it complains on standard error.
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("proposal-studio")
        .filename_suffix("log")
        .max_log_files(7)
        .build(logs)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .try_init()
        .ok()?;
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Where, not what: a panic's message could quote user text.
        tracing::error!(location = %info.location().map(|l| l.to_string()).unwrap_or_default(), "panic");
        default_hook(info);
    }));
    Some(guard)
}

pub fn run() {
    let context = tauri::generate_context!();
    if std::env::var_os("PROPOSAL_STUDIO_BARE_WINDOW").is_some() {
        return bare_window(context);
    }
    paint_without_compositing();
    let data = studio_store::data_dir().ok();
    let _logs = data.as_deref().and_then(init_logs);
    let guard = match data.as_deref().map(instance::claim) {
        Some(Ok(instance::Instance::Second)) => {
            eprintln!("Proposal Studio is already open on this data folder; switching to that window.");
            tracing::info!("second instance handed over to the first");
            return;
        }
        Some(Ok(instance::Instance::First(guard))) => Some(guard),
        Some(Err(e)) => {
            tracing::warn!(error = %e, "single-instance lock unavailable");
            None
        }
        None => None,
    };
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "starting");
    let state = AppState {
        store: Mutex::new(open_store()),
        language: Mutex::new("en".into()),
    };
    if let Ok(Err(e)) = state.store.lock().as_deref().map(|r| r.as_ref().map(|_| ())) {
        tracing::error!(code = %e.code, "the library could not be opened");
    }
    let result = tauri::Builder::default()
        .setup(move |app| {
            if let Some(guard) = guard {
                let handle = app.handle().clone();
                guard.watch(move || {
                    tracing::info!("another start on this data folder: bringing the window forward");
                    if let Some(w) = tauri::Manager::get_webview_window(&handle, "main") {
                        let _ = w.unminimize();
                        let _ = w.show();
                        let _ = w.set_focus();
                    }
                    let _ = tauri::Emitter::emit(&handle, "handover", ());
                });
                // The guard (and its lock) lives as long as the app.
                std::mem::forget(guard);
            }
            lighten_webview(app);
            Ok(())
        })
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::read_date,
            commands::app::restore_backup,
            commands::drafts::list_drafts,
            commands::drafts::create_draft,
            commands::drafts::open_draft,
            commands::drafts::rename_draft,
            commands::drafts::duplicate_draft,
            commands::drafts::trash_draft,
            commands::drafts::restore_draft,
            commands::drafts::purge_draft,
            commands::drafts::promote_draft,
            commands::drafts::import_proposal_file,
            commands::drafts::export_proposal_file,
            commands::sections::save_patches,
            commands::export::export_package,
            commands::export::open_exported,
            commands::app::test_pick,
            commands::app::get_settings,
            commands::app::use_language,
            commands::app::set_ui_language,
            commands::drafts::set_draft_language,
            commands::review::list_versions,
            commands::review::save_version,
            commands::review::view_version,
            commands::review::compare_versions,
            commands::review::restore_version,
            commands::review::send_review,
            commands::review::list_comments,
            commands::review::import_comments,
            commands::review::reply_to_comment,
            commands::review::resolve_comment,
            commands::review::accept_suggestion,
            commands::review::open_review_file,
            commands::review::list_review_work,
            commands::review::open_review_work,
            commands::review::set_reviewer,
            commands::review::save_review_comment,
            commands::review::delete_review_comment,
            commands::review::remove_review_work,
            commands::review::return_comments,
            commands::budget::budget_paste,
            commands::budget::budget_cells,
            commands::budget::line_figures,
            commands::budget::shown_amounts,
            commands::budget::budget_sheets,
            commands::budget::budget_columns,
            commands::budget::read_pasted,
            commands::sections::markdown_blocks,
            commands::sections::draft_document,
            commands::sections::proposal_document,
            commands::share::share_defaults,
            commands::share::narrative_paragraphs,
            commands::share::share_draft,
            commands::share::team_work,
            commands::share::open_share,
            commands::share::share_received,
            commands::share::return_contribution,
            commands::share::preview_merge,
            commands::share::apply_merge,
            commands::share::list_authorship,
            commands::share::save_share_comment,
            commands::share::delete_share_comment,
            commands::share::list_share_comments,
        ])
        .run(context);
    if let Err(e) = result {
        eprintln!("Proposal Studio could not start: {e}");
        std::process::exit(1);
    }
}

/// A bare Tauri window, for the memory benchmark's baseline: the same
/// binary and configuration, no plugins, no commands, no library, and a
/// one-line page instead of the interface.
fn bare_window(mut context: tauri::Context) {
    context.config_mut().app.windows.clear();
    let result = tauri::Builder::default()
        .setup(|app| {
            // A page of one line from the app's own files (bare.html), so WebKit starts its web process as for any page.
            let page = tauri::WebviewUrl::App("bare.html".into());
            tauri::WebviewWindowBuilder::new(app, "bare", page)
                .title("bare")
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("the bare window could not start: {e}");
    }
}

/// WebKitGTK paints the page itself instead of through its compositor:
/// a form-and-table app has no animation that needs layers, and on the
/// 2,000-line budget this halves the web process's memory and paints a
/// keystroke in a fifth of the time (`./studio bench`). A value the user set
/// is kept. Only the Linux webview reads it, before any thread starts.
fn paint_without_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// One local page, never a browsing session: WebKit keeps no memory cache
/// of resources and no page cache for it (the document-viewer cache model).
fn lighten_webview(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    if let Some(w) = tauri::Manager::get_webview_window(app, "main") {
        let _ = w.with_webview(|webview| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
