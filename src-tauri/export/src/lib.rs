//! Export: the typeset proposal PDF (and, from the package module, the whole
//! submission package). No Tauri; the app, the CLI and the tests share it.

pub mod anchor_map;
mod breaks;
mod document;
mod fonts;
mod i18n;
mod icc;
mod layout;
mod markdown;
mod package;
mod pdf;
pub mod pdf_notes;
mod review_file;
mod share_file;
mod writer;
mod zipread;

pub use package::{base_name, proposal_bytes, read_package, write_package, Manifest, Written};
pub use review_file::{read_review_file, write_review_file, OpenedReview, ReviewManifest, REVIEW_EXTENSION};
pub use share_file::{
    read_share_file, write_share_file, OpenedShare, ShareManifest, CONTRIBUTION_EXTENSION, SHARE_EXTENSION,
};

use studio_core::document::Document;
use studio_core::{Proposal, Template};
use thiserror::Error;

pub use fonts::{Face, Fonts};

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("font problem: {0}")]
    Font(String),
    #[error("{0}")]
    Refused(String),
    #[error("cannot write {path}: {message}")]
    Io { path: String, message: String },
}

impl ExportError {
    pub fn code(&self) -> studio_core::ErrorCode {
        match self {
            ExportError::Font(_) => studio_core::ErrorCode::Font,
            ExportError::Refused(_) => studio_core::ErrorCode::ExportRefused,
            ExportError::Io { .. } => studio_core::ErrorCode::Io,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    fn geometry(self) -> layout::Geometry {
        let (width, height) = match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        };
        layout::Geometry {
            width,
            height,
            left: 64.0,
            right: 64.0,
            top: 72.0,
            bottom: 68.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub paper: Paper,
    /// Adds the "DRAFT — NOT FOR SUBMISSION" watermark (in the proposal's
    /// language) and a review-copy line in every footer.
    pub review_copy: bool,
    /// The export's version label, printed on the cover.
    pub version: String,
    /// The export date, `YYYY-MM-DD`; the PDF carries no other date.
    pub date: String,
    /// For a review copy: the review it belongs to. Its anchor map then
    /// names the review, the draft and the snapshot, and carries the lines
    /// of text drawn for each anchor, so notes made in a PDF reader can be
    /// read back and placed.
    pub review: Option<anchor_map::MapReview>,
}

/// Typesets the proposal as PDF bytes. The same proposal and options give
/// the same bytes.
pub fn render_pdf(p: &Proposal, t: &Template, opts: &Options) -> Result<Vec<u8>, ExportError> {
    let edition = studio_core::document::Edition {
        version: opts.version.clone(),
        date: opts.date.clone(),
        review_copy: opts.review_copy,
    };
    render_document(&studio_core::document::build(p, t, &edition), opts)
}

/// Typesets a document the core built as PDF bytes, carrying the map of
/// where each of its anchors landed (see [`anchor_map`]).
pub fn render_document(d: &Document, opts: &Options) -> Result<Vec<u8>, ExportError> {
    let date = studio_core::date::Date::parse(&opts.date)
        .ok_or_else(|| ExportError::Refused(format!("{:?} is not a date of the form YYYY-MM-DD", opts.date)))?;
    let mut fonts = Fonts::load().ok_or_else(|| ExportError::Font("the shipped fonts cannot be read".into()))?;
    // printpdf reads the faces on another core while this one lays out.
    let (faces, mut laid) = std::thread::scope(|scope| {
        let faces = scope.spawn(pdf::Faces::read);
        let laid = document::layout(d, opts, &mut fonts);
        (faces.join(), laid)
    });
    let faces = faces.map_err(|_| ExportError::Font("the shipped fonts could not be read".into()))??;
    let geo = opts.paper.geometry();
    let turned: Vec<bool> = laid.pages.iter().map(|p| p.landscape).collect();
    let map = anchor_map::encode(
        d,
        &std::mem::take(&mut laid.placed),
        &geo,
        &turned,
        opts.review.as_ref(),
    );
    let links = std::mem::take(&mut laid.links);
    let meta = pdf::Meta {
        title: fonts.metadata(&d.meta.title),
        author: fonts.metadata(&d.meta.author),
        subject: fonts.metadata(&d.meta.subject),
        keywords: d.meta.keywords.iter().map(|k| fonts.metadata(k)).collect(),
        day: date.unix_days(),
    };
    let tree = std::mem::take(&mut laid.tree);
    let mut doc = pdf::write(laid, &mut fonts, faces, geo.width, geo.height, &meta, &tree)?;
    let link_elements = anchor_map::embed(&mut doc, &map, &links, &geo)?;
    pdf::tag(&mut doc, &tree, &link_elements)?;
    pdf::describe(&mut doc, &meta, &d.language, &opts.date)?;
    pdf::finish(doc)
}
