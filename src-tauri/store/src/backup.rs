//! Backups of the database with SQLite's online backup API: one a day (on
//! open and while the app runs), the newest few kept, in `backups/` beside the
//! database. Restoring never deletes the damaged file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::StoreError;

/// How many daily backups are kept.
pub const BACKUPS_KEPT: usize = 7;

fn dir_of(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Backups, newest first (their names sort by date).
fn list(db: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir_of(db))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    all.retain(|p| p.extension().is_some_and(|e| e == "sqlite3"));
    all.sort();
    all.reverse();
    all
}

pub fn latest(db: &Path) -> Option<PathBuf> {
    list(db).into_iter().next()
}

/// Takes today's backup unless it exists or another process is taking it.
/// The copy is written under a name of its own and renamed into place, so
/// two processes never write one file and a backup is whole or absent.
pub fn daily(conn: &Connection, db: &Path) -> Result<(), StoreError> {
    let dir = dir_of(db);
    let target = dir.join(format!("proposal-studio-{}.sqlite3", studio_core::date::Date::today()));
    if target.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let Some(_lock) = Lock::take(&dir.join(".backup.lock")) else {
        return Ok(());
    };
    if target.exists() {
        return Ok(());
    }
    let partial = dir.join(format!(
        ".proposal-studio-{}-{}.partial",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let copied = conn
        .backup(rusqlite::MAIN_DB, &partial, None::<fn(rusqlite::backup::Progress)>)
        .map_err(StoreError::from_sqlite)
        .and_then(|()| std::fs::rename(&partial, &target).map_err(|e| io(&target, e)));
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    copied?;
    for old in list(db).into_iter().skip(BACKUPS_KEPT) {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// A lock file held while a backup is taken; removed on drop. A lock left
/// by a process that died is taken over once it is an hour old.
struct Lock(PathBuf);

impl Lock {
    fn take(path: &Path) -> Option<Lock> {
        let create = || std::fs::OpenOptions::new().write(true).create_new(true).open(path);
        match create() {
            Ok(_) => Some(Lock(path.to_path_buf())),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let stale = std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > Duration::from_secs(3600));
                if stale && std::fs::remove_file(path).is_ok() {
                    create().ok().map(|_| Lock(path.to_path_buf()))
                } else {
                    None
                }
            }
            Err(_) => None,
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Puts the latest backup in place of a damaged database. The damaged file
/// (with its WAL) is renamed, never deleted. Returns where it was moved.
pub fn restore_latest(db: &Path) -> Result<PathBuf, StoreError> {
    let backup = latest(db).ok_or_else(|| StoreError::Refused("there is no backup to restore".into()))?;
    // The backup must itself be sound before anything is moved.
    let check: String = Connection::open_with_flags(&backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            c.busy_timeout(Duration::from_secs(2))?;
            c.query_row("PRAGMA quick_check", [], |r| r.get(0))
        })
        .unwrap_or_else(|e| e.to_string());
    if check != "ok" {
        return Err(StoreError::Refused(format!(
            "the backup {} is damaged too ({check})",
            backup.display()
        )));
    }
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let kept = db.with_extension(format!("damaged-{stamp}.sqlite3"));
    if db.exists() {
        std::fs::rename(db, &kept).map_err(|e| io(db, e))?;
    }
    for side in ["-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{side}", db.display()));
        if from.exists() {
            let _ = std::fs::rename(&from, format!("{}{side}", kept.display()));
        }
    }
    std::fs::copy(&backup, db).map_err(|e| io(db, e))?;
    Ok(kept)
}
