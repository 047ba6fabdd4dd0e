//! Reading what the user hands over: a proposal file or a submission
//! package. Import, validate and export accept the same things.

use std::path::Path;

use studio_core::{Proposal, Template};

use crate::ServiceError;

/// A proposal as the user gave it, read and checked: its proposal-file bytes
/// (a package is unpacked) and the proposal they hold.
#[derive(Debug, Clone)]
pub struct ProposalInput {
    pub bytes: Vec<u8>,
    pub proposal: Proposal,
}

/// Reads a proposal file, or a submission package (whose checksums are
/// checked and whose proposal file is taken out), into a checked proposal.
pub fn read_proposal(bytes: Vec<u8>, t: &Template) -> Result<ProposalInput, ServiceError> {
    let bytes = studio_export::proposal_bytes(bytes, t)?;
    let proposal = Proposal::from_json_bytes(&bytes, t)?;
    Ok(ProposalInput { bytes, proposal })
}

/// The same from a file on disk; every error names the file, once.
pub fn read_proposal_file(path: &Path, t: &Template) -> Result<ProposalInput, ServiceError> {
    // The reader's own errors already name the file.
    let bytes = studio_store::read_bounded(path)?;
    read_proposal(bytes, t).map_err(|e| e.of_file(path))
}

/// Imports a proposal read by `read_proposal` as a new draft.
pub fn import_proposal(
    lib: &impl crate::Library,
    input: &ProposalInput,
) -> Result<studio_store::DraftSummary, ServiceError> {
    lib.with(|s| Ok(s.import_bytes(&input.bytes)?))
}
