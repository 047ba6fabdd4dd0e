//! The Tauri shell: opens the store, registers the commands, nothing more.
//! Every rule lives in studio-core; every byte on disk goes through studio-store.

mod commands;
mod error;

use std::sync::Mutex;

use studio_store::Store;

pub use error::{ApiError, ApiResult};

/// The app's state: the open store, or why it could not be opened (shown to
/// the user by the UI instead of a crash).
pub struct AppState {
    store: Mutex<Result<Store, ApiError>>,
}

impl AppState {
    /// Runs `f` with the store, mapping a failed start-up or a poisoned lock
    /// to an error for the UI.
    /// Replaces the store (after a restore), returning the new one's state.
    pub fn reopen(&self) -> ApiResult<()> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| ApiError::new("internal", "an earlier failure left the store locked; restart the app"))?;
        *guard = Err(ApiError::new("reopening", "the database is being reopened"));
        *guard = open_store();
        guard.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> ApiResult<T>) -> ApiResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| ApiError::new("internal", "an earlier failure left the store locked; restart the app"))?;
        match guard.as_mut() {
            Ok(store) => f(store),
            Err(e) => Err(e.clone()),
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

pub fn run() {
    let state = AppState { store: Mutex::new(open_store()) };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
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
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Proposal Studio could not start: {e}");
        std::process::exit(1);
    }
}
