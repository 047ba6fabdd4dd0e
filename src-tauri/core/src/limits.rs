//! Hard bounds on everything a user or a file can put into a proposal, stated
//! once. Input past these is refused with a clear error; it is never
//! truncated. (The Fund's own limits, such as word counts, are template data
//! and produce readiness problems instead.)
//!
//! How they were chosen. A real Joint Programme has 2 to 5 PUNOs, one to a
//! handful of countries, 2 to 5 outcomes with 2 to 4 outputs each, 30 to 60
//! indicators, a few hundred activities at most, 10 to 30 risks and 50 to
//! 150 budget lines; its whole file is under 100 KB (the built-in example,
//! a complete proposal, is 75 KB). Each count below is 10 to 50 times the
//! real one. Counts alone do not bound the size (5,000 activities with
//! 2,000-character titles would be 40 MB), so the whole proposal is bounded
//! too: at most `MAX_PROPOSAL_BYTES` as the app writes it, about fifty
//! times the example. The file limit is above that with room for a file
//! written by another tool with wider indentation, so what the app writes it
//! always reads back; a test builds a proposal at every limit at once and
//! proves it exports and imports back.
//!
//! Every count is also a bound on cost: a refused file is refused after one
//! pass over at most `MAX_FILE_BYTES`, and nothing larger is read.

/// The largest a proposal may be, as the app writes it (pretty-printed
/// JSON, UTF-8). Checked on import and on every save.
pub const MAX_PROPOSAL_BYTES: u64 = 4 * 1024 * 1024;
/// Largest proposal file the importer reads (also a submission package).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Longest narrative field, in characters (a 20,000-word section is ~130,000).
pub const MAX_NARRATIVE_CHARS: usize = 400_000;
/// Longest single-line field (titles, names, roles, table cells), in characters.
pub const MAX_LINE_CHARS: usize = 2_000;
/// Most countries, PUNOs and partners on a cover page.
pub const MAX_COUNTRIES: usize = 60;
pub const MAX_PUNOS: usize = 40;
pub const MAX_PARTNERS: usize = 200;
/// Longest programme duration accepted at all, in months (20 years).
pub const MAX_DURATION_MONTHS: u32 = 240;
/// Highest programme quarter an activity may name: the longest duration.
pub const MAX_QUARTER: u16 = (MAX_DURATION_MONTHS / 3) as u16;
/// The calendar years a date or an indicator's year may fall in.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;
/// Most columns a table pasted or imported as budget lines may have.
pub const MAX_TABLE_COLUMNS: usize = 200;
/// Highest programme year a budget line may name: the longest duration.
pub const MAX_YEAR: u8 = (MAX_DURATION_MONTHS / 12) as u8;
/// Longest patch path.
pub const MAX_PATH_CHARS: usize = 200;
/// Results framework sizes: per parent, and in the whole framework.
pub const MAX_OUTCOMES: usize = 30;
pub const MAX_OUTPUTS_PER_OUTCOME: usize = 30;
pub const MAX_OUTPUTS: usize = 300;
pub const MAX_INDICATORS_PER_RESULT: usize = 50;
pub const MAX_INDICATORS: usize = 1_000;
pub const MAX_ACTIVITIES_PER_OUTPUT: usize = 500;
pub const MAX_ACTIVITIES: usize = 5_000;
pub const MAX_RISKS: usize = 300;
pub const MAX_BUDGET_LINES: usize = 3_000;
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
/// Most entries in a review file or package, and the largest one unpacked:
/// no entry may be larger than the file limit (a snapshot is a proposal
/// file; the PDF of a proposal at the limits is smaller).
pub const MAX_REVIEW_ENTRIES: usize = 16;
pub const MAX_REVIEW_ENTRY_BYTES: u64 = MAX_FILE_BYTES;
/// All entries of one zip together, unpacked: what one refused zip may cost.
pub const MAX_ZIP_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Highest ratio of unpacked to packed size an entry may declare. Text
/// deflates about 10 to 1; a larger ratio is a zip bomb, refused before it
/// is inflated.
pub const MAX_ZIP_RATIO: u64 = 200;
/// Most named versions kept per draft.
pub const MAX_VERSIONS_PER_DRAFT: usize = 10_000;
/// Longest version name or reviewer name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// A contribution file: its size and how many changes it may carry.
pub const MAX_CONTRIBUTION_FILE_BYTES: u64 = MAX_FILE_BYTES;
pub const MAX_CONTRIBUTION_EDITS: usize = 50_000;
/// How deep a change's path may go (the deepest is a field of an activity).
pub const MAX_EDIT_DEPTH: usize = 12;
