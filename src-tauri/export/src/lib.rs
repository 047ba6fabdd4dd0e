//! Export: the typeset proposal PDF (and, from the package module, the whole
//! submission package). No Tauri; the app, the CLI and the tests share it.

mod document;
mod fonts;
mod i18n;
mod layout;
mod markdown;
mod package;
mod pdf;
mod review_file;
mod share_file;
mod zipread;

pub use package::{base_name, proposal_bytes, read_package, write_package, Manifest, Written};
pub use review_file::{read_review_file, write_review_file, OpenedReview, ReviewManifest, REVIEW_EXTENSION};
pub use share_file::{
    read_share_file, write_share_file, OpenedShare, ShareManifest, CONTRIBUTION_EXTENSION, SHARE_EXTENSION,
};

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
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Font(_) => "font",
            ExportError::Refused(_) => "export_refused",
            ExportError::Io { .. } => "io",
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
}

/// The document kind's title from the template ("Concept note", ...).
fn kind_title(p: &Proposal, t: &Template) -> String {
    t.document_kinds
        .iter()
        .find(|k| k.id == p.kind)
        .map(|k| k.title.get(&p.language).to_string())
        .unwrap_or_default()
}

/// Typesets the proposal as PDF bytes. The same proposal and options give
/// the same bytes.
pub fn render_pdf(p: &Proposal, t: &Template, opts: &Options) -> Result<Vec<u8>, ExportError> {
    let date = studio_core::date::Date::parse(&opts.date)
        .ok_or_else(|| ExportError::Refused(format!("{:?} is not a date of the form YYYY-MM-DD", opts.date)))?;
    let mut fonts = Fonts::load().ok_or_else(|| ExportError::Font("the shipped fonts cannot be read".into()))?;
    // The first pass only finds the pages the contents point to; its pages
    // are dropped before the second pass lays them out again.
    let anchors = document::layout(p, t, opts, &mut fonts, &[]).anchors;
    let laid = document::layout(p, t, opts, &mut fonts, &anchors);
    let geo = opts.paper.geometry();
    let lang = p.language.as_str();
    let title = if p.cover.title.trim().is_empty() {
        i18n::tr(lang, "doc.untitled")
    } else {
        p.cover.title.trim()
    }
    .to_string();
    let author = p
        .cover
        .punos
        .iter()
        .map(|x| x.entity.trim())
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let mut keywords = vec![
        t.fund.short_name.get(lang).to_string(),
        i18n::tr(lang, "doc.keyword.joint_programme").to_string(),
    ];
    keywords.extend(p.cover.countries.iter().cloned());
    if let Some(a) = p
        .cover
        .thematic_area
        .and_then(|a| t.thematic_areas.iter().find(|x| x.id == a))
    {
        keywords.push(i18n::trf(
            lang,
            "doc.keyword.thematic_area",
            &[("id", &a.id.to_string())],
        ));
    }
    let meta = pdf::Meta {
        title: fonts.metadata(&title),
        author: fonts.metadata(&author),
        subject: fonts.metadata(&i18n::trf(
            lang,
            "doc.subject",
            &[("kind", &kind_title(p, t)), ("fund", t.fund.name.get(lang))],
        )),
        keywords: keywords.iter().map(|k| fonts.metadata(k)).collect(),
        day: date.unix_days(),
    };
    pdf::write(laid, geo.width, geo.height, &meta)
}
