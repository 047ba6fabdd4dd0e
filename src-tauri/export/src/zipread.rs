//! Reading a zip someone sent: every entry checked before anything is used.
//! Plain names at the top level only (nothing that could land outside its
//! folder), a bounded number of entries, each bounded when unpacked.

use std::io::Read;

use studio_core::limits::{MAX_REVIEW_ENTRIES, MAX_REVIEW_ENTRY_BYTES};

pub enum ZipProblem {
    /// Not a zip at all, or cut short.
    NotAZip,
    /// A zip, refused for the reason given.
    Refused(String),
}

/// The entries of a zip, by name, or why they cannot be trusted. `what`
/// names the kind of file in messages ("review file").
pub fn entries(bytes: &[u8], what: &str) -> Result<Vec<(String, Vec<u8>)>, ZipProblem> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ZipProblem::NotAZip)?;
    if zip.len() > MAX_REVIEW_ENTRIES {
        return Err(ZipProblem::Refused(format!(
            "the {what} holds more files than a {what} has"
        )));
    }
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|_| ZipProblem::NotAZip)?;
        let name = entry.name().to_string();
        let plain = entry.enclosed_name().is_some_and(|p| p.components().count() == 1)
            && !name.contains(['/', '\\'])
            && !name.starts_with('.');
        if !plain {
            return Err(ZipProblem::Refused(format!(
                "the {what} contains an entry that points outside its folder ({name:?}); it was not opened"
            )));
        }
        if entry.size() > MAX_REVIEW_ENTRY_BYTES {
            return Err(ZipProblem::Refused(format!("the {what}'s entry {name:?} is too large")));
        }
        let mut data = Vec::new();
        entry
            .take(MAX_REVIEW_ENTRY_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|_| {
                ZipProblem::Refused(format!(
                    "the {what} is damaged or cut short; ask for it to be sent again"
                ))
            })?;
        if data.len() as u64 > MAX_REVIEW_ENTRY_BYTES {
            return Err(ZipProblem::Refused(format!("the {what}'s entry {name:?} is too large")));
        }
        out.push((name, data));
    }
    Ok(out)
}
