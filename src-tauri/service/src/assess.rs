//! What the rules say about a proposal, assembled once for every screen and
//! for the CLI: the readiness report, the budget summary and both markers.

use serde::Serialize;
use studio_core::budget::{summarize, BudgetSummary};
use studio_core::markers::{self, MarkerReport};
use studio_core::{validate_in, Patch, Proposal, Report, Template};
use studio_store::{DraftSummary, SaveResult, Store};
use ts_rs::TS;

use crate::ServiceError;

/// Readiness, budget and markers of one proposal, with texts in one language.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Assessment {
    pub report: Report,
    pub budget: BudgetSummary,
    pub markers: MarkerReport,
    /// The programme's last day (`YYYY-MM-DD`), when its start and duration are set.
    pub end_date: Option<String>,
    /// Quarters, years and the quarters' calendar months, in `lang`.
    pub schedule: studio_core::schedule::Schedule,
    /// The number of every outcome, output, activity and indicator, by its
    /// path in the proposal ("/results_framework/outcomes/0/outputs/1" →
    /// "1.2"): the editor shows these and keeps no numbering of its own.
    pub numbers: std::collections::BTreeMap<String, String>,
}

/// Runs every rule on `p`; problems and marker texts come in `lang`.
pub fn assess(p: &Proposal, t: &Template, lang: &str) -> Assessment {
    Assessment {
        report: validate_in(p, t, lang),
        budget: summarize(&p.budget, &p.results_framework, t),
        markers: markers::report_in(p, t, lang),
        end_date: studio_core::date::programme_end(p.cover.start_date.as_deref(), p.cover.duration_months),
        schedule: studio_core::schedule::schedule(p, lang),
        numbers: p.results_framework.numbers(),
    }
}

/// A draft opened for editing: what the library shows of it, the whole
/// proposal, and what the rules say.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OpenDraft {
    pub summary: DraftSummary,
    pub proposal: Proposal,
    #[serde(flatten)]
    pub assessment: Assessment,
}

pub fn open_draft(store: &Store, id: &str, lang: &str) -> Result<OpenDraft, ServiceError> {
    let proposal = store.load(id)?;
    let assessment = assess(&proposal, store.template(), lang);
    Ok(OpenDraft {
        summary: store.summary(id)?,
        proposal,
        assessment,
    })
}

/// An autosave done: what was saved or refused, and the fresh assessment.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Saved {
    #[serde(flatten)]
    pub result: SaveResult,
    /// The name the draft now goes by (it follows the short title until renamed).
    pub name: String,
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// Autosave: applies a batch of patches (a refused one is reported, the
/// others are saved), takes the day's backup if it is due (for an app left
/// open across midnight), and assesses the draft as it now is.
pub fn save(store: &mut Store, id: &str, patches: &[Patch], lang: &str) -> Result<Saved, ServiceError> {
    let result = store.apply_patches(id, patches)?;
    store.backup_if_due()?;
    let proposal = store.load(id)?;
    Ok(Saved {
        result,
        name: proposal.display_name().to_string(),
        assessment: assess(&proposal, store.template(), lang),
    })
}
