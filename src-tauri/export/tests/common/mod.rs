//! What the export tests share: the options they export with, and reading
//! and writing zips and PDFs with real tools.
#![allow(dead_code)] // each test file uses its own part of this

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use studio_export::{Options, Paper};

/// A4, version 1, a fixed date, so every export is the same bytes.
pub fn options(review_copy: bool) -> Options {
    Options {
        review: None,
        paper: Paper::A4,
        review_copy,
        version: "1".into(),
        date: "2027-02-15".into(),
    }
}

/// Every entry of a zip, by name, in the order written.
pub fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

/// Every entry of the zip file at `path`.
pub fn zip_file_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    zip_entries(&std::fs::read(path).unwrap())
}

/// A zip of the given entries, deflated, as any zip tool writes one.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// The entries, zipped again (after a test changed some of them).
pub fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    zip_of(
        &files
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect::<Vec<_>>(),
    )
}

/// The bytes of the entry `name`.
pub fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| b.as_slice())
        .unwrap_or_else(|| panic!("{name} in the zip"))
}

/// What a command-line tool printed; the test fails if it is missing or
/// fails.
pub fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text poppler reads from a PDF file.
pub fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// Writes `bytes` to `dir/name` and gives the path, for a tool's command line.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// The Python that has pikepdf and outloud (`./studio test` installs them
/// in .venv-tests; `PS_PYTHON` names it there).
pub fn python() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("PS_PYTHON") {
        return p.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-tests/bin/python");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}
