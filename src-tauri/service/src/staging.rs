//! Files written beside their destination under temporary names, and moved
//! into place only when the use case is sure to succeed. Dropped before it
//! is done, a staging area removes everything it wrote or moved, and any
//! folder it created.

use std::path::{Path, PathBuf};

use crate::ServiceError;

pub(crate) struct Staging {
    /// The folder the files go to.
    dest: PathBuf,
    /// A hidden folder inside `dest`, on the same file system, so that
    /// moving a file out of it is an atomic rename.
    temp: Option<tempfile::TempDir>,
    /// Files already moved into `dest`, each with where the file it replaced
    /// was kept (inside `temp`), to be put back if the use case fails.
    published: Vec<(PathBuf, Option<PathBuf>)>,
    /// Folders created for `dest`, outermost first.
    created: Vec<PathBuf>,
    done: bool,
}

fn write_error(path: &Path, source: std::io::Error) -> ServiceError {
    ServiceError::Store(studio_store::StoreError::Write {
        path: path.display().to_string(),
        source,
    })
}

impl Staging {
    /// A staging area for files that go into `dest`. With `create`, a missing
    /// `dest` (and its parents) is created, and removed again on failure.
    pub(crate) fn new(dest: &Path, create: bool) -> Result<Staging, ServiceError> {
        let dest = if dest.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dest
        };
        let mut staging = Staging {
            dest: dest.to_path_buf(),
            temp: None,
            published: Vec::new(),
            created: Vec::new(),
            done: false,
        };
        if dest.exists() && !dest.is_dir() {
            return Err(ServiceError::Refused(format!(
                "{} is a file, not a folder",
                dest.display()
            )));
        }
        if !dest.exists() {
            if !create {
                return Err(ServiceError::Refused(format!(
                    "the folder {} does not exist",
                    dest.display()
                )));
            }
            let mut missing: Vec<PathBuf> = dest
                .ancestors()
                .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
                .map(Path::to_path_buf)
                .collect();
            missing.reverse();
            staging.created = missing;
            std::fs::create_dir_all(dest).map_err(|e| write_error(dest, e))?;
        }
        let temp = tempfile::Builder::new()
            .prefix(".proposal-studio-")
            .suffix(".partial")
            .tempdir_in(dest)
            .map_err(|e| write_error(dest, e))?;
        staging.temp = Some(temp);
        Ok(staging)
    }

    /// The folder to write the staged files in.
    pub(crate) fn path(&self) -> &Path {
        self.temp.as_ref().map(|t| t.path()).unwrap_or(&self.dest)
    }

    /// Moves the staged files named into the destination folder, in order,
    /// and returns where each now is.
    pub(crate) fn publish(&mut self, names: &[&std::ffi::OsStr]) -> Result<Vec<PathBuf>, ServiceError> {
        let mut placed = Vec::new();
        for name in names {
            let from = self.path().join(name);
            let to = self.dest.join(name);
            if to.is_dir() {
                return Err(ServiceError::Refused(format!(
                    "{} is a folder; it was left as it is",
                    to.display()
                )));
            }
            let kept = if to.exists() {
                let aside = self.path().join(format!(".previous-{}", self.published.len()));
                std::fs::rename(&to, &aside).map_err(|e| write_error(&to, e))?;
                Some(aside)
            } else {
                None
            };
            if let Err(e) = std::fs::rename(&from, &to) {
                if let Some(aside) = kept {
                    let _ = std::fs::rename(aside, &to);
                }
                return Err(write_error(&to, e));
            }
            self.published.push((to.clone(), kept));
            placed.push(to);
        }
        // The renames themselves reach the disk with the folder's entry.
        if let Ok(dir) = std::fs::File::open(&self.dest) {
            let _ = dir.sync_all();
        }
        Ok(placed)
    }

    /// The use case succeeded: what was published stays.
    pub(crate) fn done(mut self) {
        self.done = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            for (file, kept) in self.published.drain(..).rev() {
                let _ = std::fs::remove_file(&file);
                if let Some(previous) = kept {
                    let _ = std::fs::rename(previous, &file);
                }
            }
        }
        drop(self.temp.take());
        if !self.done {
            for dir in self.created.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

/// The name of a file the export wrote, to publish it by.
pub(crate) fn file_name(path: &Path) -> Result<&std::ffi::OsStr, ServiceError> {
    path.file_name()
        .ok_or_else(|| ServiceError::Refused(format!("{} is not a file name", path.display())))
}
