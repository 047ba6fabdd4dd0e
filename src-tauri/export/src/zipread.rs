//! Reading a zip someone sent: every entry checked before anything is used.
//! Plain names at the top level only (nothing that could land outside its
//! folder), a bounded number of entries, each bounded when unpacked.
//!
//! Cost is bounded before anything is inflated: the sizes the zip declares
//! (each entry, their sum, and each entry's ratio of unpacked to packed) are
//! checked first, so a zip bomb is refused having cost only its own bytes.
//! A zip that declares small sizes and inflates to more is cut off at what it
//! declared and refused, so no entry ever costs more than the bounds allow.

use std::io::Read;

use studio_core::limits::{MAX_REVIEW_ENTRIES, MAX_REVIEW_ENTRY_BYTES, MAX_ZIP_RATIO, MAX_ZIP_UNPACKED_BYTES};

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
    let too_large = |name: &str| ZipProblem::Refused(format!("the {what}'s entry {name:?} is too large"));
    let damaged = || {
        ZipProblem::Refused(format!(
            "the {what} is damaged or cut short; ask for it to be sent again"
        ))
    };
    // First pass: the central directory only, nothing inflated.
    let mut declared_total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| ZipProblem::NotAZip)?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > MAX_REVIEW_ENTRY_BYTES {
            return Err(too_large(entry.name()));
        }
        if size > packed.max(1).saturating_mul(MAX_ZIP_RATIO) {
            return Err(ZipProblem::Refused(format!(
                "the {what}'s entry {:?} unpacks to {} times its packed size, far more than any real file; it was not opened",
                entry.name(),
                size / packed.max(1)
            )));
        }
        declared_total = declared_total.saturating_add(size);
    }
    if declared_total > MAX_ZIP_UNPACKED_BYTES {
        return Err(ZipProblem::Refused(format!(
            "the {what} unpacks to more than {} MB, more than a {what} holds; it was not opened",
            MAX_ZIP_UNPACKED_BYTES / (1024 * 1024)
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
        // Never more than the entry declared (checked above): one byte past
        // it shows the zip lied about its size.
        let declared = entry.size();
        let mut data = Vec::with_capacity(declared.min(1024 * 1024) as usize);
        entry.take(declared + 1).read_to_end(&mut data).map_err(|_| damaged())?;
        if data.len() as u64 != declared {
            return Err(damaged());
        }
        out.push((name, data));
    }
    Ok(out)
}
