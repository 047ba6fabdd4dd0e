//! One app per data folder. The first instance holds a lock on a file in the
//! data folder; a second one started on the same folder leaves a handover
//! note there and exits, and the first brings its window to the front. Two
//! processes therefore never write the same database, and instances on
//! different data folders (a reviewer's test library, say) run side by side.
//! Only files: no sockets, nothing on the network.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

const LOCK_FILE: &str = "proposal-studio.lock";
const HANDOVER_FILE: &str = "proposal-studio.handover";

pub enum Instance {
    /// This process owns the data folder; keep the guard for its lifetime.
    First(Guard),
    /// Another process does; a handover note was left for it.
    Second,
}

pub struct Guard {
    _lock: File,
    dir: PathBuf,
}

pub fn claim(dir: &Path) -> std::io::Result<Instance> {
    std::fs::create_dir_all(dir)?;
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))?;
    match lock.try_lock() {
        Ok(()) => {
            // A note left while no instance ran is stale.
            let _ = std::fs::remove_file(dir.join(HANDOVER_FILE));
            Ok(Instance::First(Guard {
                _lock: lock,
                dir: dir.to_path_buf(),
            }))
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            std::fs::write(dir.join(HANDOVER_FILE), std::process::id().to_string())?;
            Ok(Instance::Second)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

impl Guard {
    /// Calls `on_handover` whenever a second instance asks to be let in.
    pub fn watch(&self, on_handover: impl Fn() + Send + 'static) {
        let note = self.dir.join(HANDOVER_FILE);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(300));
            if note.exists() && std::fs::remove_file(&note).is_ok() {
                on_handover();
            }
        });
    }
}
