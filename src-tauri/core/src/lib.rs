//! The Tauri-free heart of Proposal Studio: what a Joint Programme proposal is,
//! the Fund's template it is written against, and the rules that say whether it
//! is ready to submit.

pub mod annexes;
pub mod budget;
pub mod catalogue;
pub mod cells;
pub mod compare;
pub mod date;
pub mod diff;
pub mod document;
pub mod error;
pub mod json;
pub mod limits;
pub mod markdown;
pub mod markers;
pub mod merge;
pub mod merge_text;
pub mod messages;
pub mod money;
pub mod patch;
pub mod proposal;
pub mod review;
pub mod rules;
pub mod rules_fonts;
pub mod schedule;
pub mod share;
pub mod template;
pub mod text;
pub mod words;

pub use error::{CoreError, ErrorCode};
pub use patch::Patch;
pub use proposal::{draft_name, Cover, DocumentKind, Partner, Proposal, Puno};
pub use rules::{validate, validate_in, Problem, Report, SectionState, Severity};
pub use template::Template;

/// The built-in example proposal, in the interchange format.
pub const EXAMPLE_PROPOSAL_JSON: &str = include_str!("../../../assets/example/example-proposal.json");

/// The example parsed and checked. The test suite proves it parses, so a
/// failure here is a build defect rather than user input.
pub fn example_proposal() -> Result<Proposal, CoreError> {
    Proposal::from_json_bytes(EXAMPLE_PROPOSAL_JSON.as_bytes(), Template::builtin()?)
}
