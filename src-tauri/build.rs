//! Generates an allow permission for each of our own commands. With an app
//! manifest, a command is callable from the UI only when the capability in
//! capabilities/default.json names it.

const COMMANDS: &[&str] = &[
    "app_info",
    "read_date",
    "restore_backup",
    "list_drafts",
    "create_draft",
    "open_draft",
    "rename_draft",
    "duplicate_draft",
    "trash_draft",
    "restore_draft",
    "purge_draft",
    "promote_draft",
    "import_proposal_file",
    "export_proposal_file",
    "save_patches",
    "export_package",
    "open_exported",
    "test_pick",
    "get_settings",
    "use_language",
    "set_ui_language",
    "set_draft_language",
    "list_versions",
    "save_version",
    "view_version",
    "compare_versions",
    "restore_version",
    "send_review",
    "list_comments",
    "import_comments",
    "reply_to_comment",
    "resolve_comment",
    "accept_suggestion",
    "open_review_file",
    "list_review_work",
    "open_review_work",
    "set_reviewer",
    "save_review_comment",
    "delete_review_comment",
    "remove_review_work",
    "return_comments",
    "budget_import",
    "budget_paste",
    "share_defaults",
    "narrative_paragraphs",
    "share_draft",
    "team_work",
    "open_share",
    "share_received",
    "return_contribution",
    "preview_merge",
    "apply_merge",
    "list_authorship",
    "save_share_comment",
    "delete_share_comment",
    "list_share_comments",
];

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e}");
    }
}
