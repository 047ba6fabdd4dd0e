//! What the CLI's process tests share: running the real `proposal` binary
//! on a data folder, and reading what it printed.
#![allow(dead_code)] // each test file uses its own part of this

use std::path::Path;
use std::process::{Command, Output};

/// Runs `proposal ARGS` with `data` as its data folder, to the end.
pub fn proposal(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_proposal"))
        .args(args)
        .env("PROPOSAL_STUDIO_DATA_DIR", data)
        .output()
        .expect("run proposal")
}

/// Printed bytes as text (lossy: a test about bytes reads them raw).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
