//! Reading and writing user-chosen files safely.

use std::io::{Read, Write};
use std::path::Path;

use studio_core::limits::MAX_FILE_BYTES;

use crate::error::StoreError;

fn read_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Read {
        path: path.display().to_string(),
        source,
    }
}

fn write_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// Reads a proposal file no larger than the importer's limit, refusing a
/// larger one before reading it.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, StoreError> {
    read_limited(path, MAX_FILE_BYTES, "a proposal file")
}

/// Reads a file of at most `limit` bytes (`what` names the kind of file in
/// the refusal), refusing a larger one before reading it.
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, StoreError> {
    let file = std::fs::File::open(path).map_err(|e| read_error(path, e))?;
    let too_big = || {
        StoreError::Refused(format!(
            "{}: the file is larger than {} MB; {what} is smaller",
            path.display(),
            limit / (1024 * 1024)
        ))
    };
    if file.metadata().map(|m| m.len() > limit).unwrap_or(false) {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a
/// crash never leaves a half-written file where a good one was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| StoreError::Refused(format!("{} is not a file name", path.display())))?;
    let tmp = dir.join(format!(".{}.partial", name.to_string_lossy()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(path, e));
    }
    Ok(())
}
