//! Hard bounds on everything a user or a file can put into a proposal, stated
//! once. Input past these is refused with a clear error; it is never
//! truncated. (The Fund's own limits, such as word counts, are template data
//! and produce readiness problems instead.)

/// Largest proposal file the importer reads.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Longest narrative field, in characters (a 20,000-word section is ~130,000).
pub const MAX_NARRATIVE_CHARS: usize = 400_000;
/// Longest single-line field (titles, names, roles), in characters.
pub const MAX_LINE_CHARS: usize = 2_000;
/// Most countries, PUNOs and partners on a cover page.
pub const MAX_COUNTRIES: usize = 100;
pub const MAX_PUNOS: usize = 40;
pub const MAX_PARTNERS: usize = 300;
/// Longest programme duration accepted at all, in months.
pub const MAX_DURATION_MONTHS: u32 = 240;
/// Longest patch path.
pub const MAX_PATH_CHARS: usize = 200;
/// Results framework sizes.
pub const MAX_OUTCOMES: usize = 100;
pub const MAX_OUTPUTS_PER_OUTCOME: usize = 100;
pub const MAX_INDICATORS_PER_RESULT: usize = 100;
pub const MAX_ACTIVITIES_PER_OUTPUT: usize = 200;
/// Highest programme quarter an activity may name (60 years' worth).
pub const MAX_QUARTER: u16 = 240;
pub const MAX_RISKS: usize = 1_000;
pub const MAX_BUDGET_LINES: usize = 20_000;
/// Highest programme year a budget line may name.
pub const MAX_YEAR: u8 = 20;
/// Longest id of an item in a list.
pub const MAX_ID_CHARS: usize = 64;
/// Longest marker justification, in characters.
pub const MAX_JUSTIFICATION_CHARS: usize = 20_000;
/// Most evidence links on one marker criterion.
pub const MAX_EVIDENCE: usize = 50;
/// Longest review comment, reply or suggested text, in characters.
pub const MAX_COMMENT_CHARS: usize = 100_000;
/// Most comments one comments file may carry.
pub const MAX_COMMENTS_PER_FILE: usize = 5_000;
/// Largest comments file the importer reads.
pub const MAX_COMMENTS_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Largest review file (snapshot, PDF, manifest) the importer reads.
pub const MAX_REVIEW_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most entries in a review file, and the largest one unpacked.
pub const MAX_REVIEW_ENTRIES: usize = 16;
pub const MAX_REVIEW_ENTRY_BYTES: u64 = 48 * 1024 * 1024;
/// Most named versions kept per draft.
pub const MAX_VERSIONS_PER_DRAFT: usize = 10_000;
/// Longest version name or reviewer name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
