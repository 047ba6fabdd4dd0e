//! `proposal`: the command-line face of Proposal Studio, on the same core,
//! library and use cases as the app. Exit codes: 0 fine, 1 the proposal has
//! blocking problems, 2 the input cannot be read or is not a proposal, or
//! the command line is wrong.

mod inert;

use std::cell::OnceCell;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Parser, Subcommand};
use serde::Serialize;
use studio_core::budget::BudgetSummary;
use studio_core::limits::MAX_FILE_BYTES;
use studio_core::markers::MarkerReport;
use studio_core::{Report, Severity, Template};
use studio_service::{Library, Paper, ProposalInput, ServiceError};
use studio_store::Store;

use crate::inert::inert;

/// mimalloc rather than the system's allocator: an export makes and drops
/// many short-lived buffers (see the workspace's Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Proposal Studio on the command line: the same core and library as the app.
#[derive(Parser)]
#[command(
    name = "proposal",
    version,
    after_help = "Exit codes: 0 ok, 1 blocking problems, 2 unreadable input, not a proposal, or a wrong command line.\n\
                  Drafts live in $PROPOSAL_STUDIO_DATA_DIR, or the per-user data folder."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the built-in example proposal file
    Example,
    /// Import a proposal file (or a submission package .zip) as a new draft,
    /// or open a share (.share.zip) a convening agency sent; prints the draft's id
    Import {
        /// A proposal file, a submission package or a share file; - reads standard input
        #[arg(value_name = "FILE")]
        file: String,
    },
    /// List the drafts in the library
    List {
        /// List the trash instead
        #[arg(long)]
        trash: bool,
        /// Print JSON instead of lines for people
        #[arg(long)]
        json: bool,
    },
    /// Check a proposal file (or package), or a draft in the library, as the app does
    Validate {
        /// A proposal file or a submission package; - reads standard input
        #[arg(value_name = "FILE", required_unless_present = "draft", conflicts_with = "draft")]
        file: Option<String>,
        /// Check this draft in the library instead
        #[arg(long, value_name = "ID")]
        draft: Option<String>,
        /// Print JSON instead of lines for people
        #[arg(long)]
        json: bool,
    },
    /// Write the submission package (zip) and its PDF into a folder; a final
    /// export is refused (exit 1) while problems block submission
    Export {
        /// A proposal file or a submission package; - reads standard input
        #[arg(value_name = "FILE")]
        file: String,
        /// The folder to write into; created if missing
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// A review copy, watermarked; allowed while problems remain
        #[arg(long)]
        review_copy: bool,
        /// US Letter paper instead of A4
        #[arg(long)]
        letter: bool,
        /// The export date printed in the package (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<String>,
        /// The version printed on the cover
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        version: u32,
    },
    /// Send a proposal for review, or import a reviewer's comments
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Budget lines from an agency's workbook
    #[command(subcommand)]
    Budget(BudgetCommand),
    /// Print a draft as a proposal file
    Show {
        #[arg(value_name = "DRAFT_ID")]
        draft_id: String,
    },
    /// Share a draft with one of its PUNOs: writes a .share.zip holding the
    /// snapshot and what the PUNO is given to write; prints the share id
    Share {
        #[arg(long, value_name = "ID")]
        draft: String,
        /// The PUNO's entity code, as on the cover page (UNDP, IOM...)
        #[arg(long, value_name = "CODE")]
        puno: String,
        /// Also give it this narrative field (section.field); repeatable
        #[arg(long, value_name = "KEY")]
        narrative: Vec<String>,
        /// Also give it this row (an output, indicator, activity, risk or budget line id); repeatable
        #[arg(long = "row", value_name = "ID")]
        rows: Vec<String>,
        /// Keep this row, which it would own by default; repeatable
        #[arg(long, value_name = "ID")]
        withhold: Vec<String>,
        /// Give it one paragraph of a narrative field, numbered from 1 as
        /// read (context.body:3); repeatable
        #[arg(long = "paragraph", value_name = "KEY:N", value_parser = parse_paragraph)]
        paragraphs: Vec<(String, u32)>,
        /// The share file to write, such as undp.share.zip
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write the contribution of a shared draft: its changes against the snapshot received
    Contribution {
        #[arg(long, value_name = "ID")]
        draft: String,
        /// First take the assigned parts from this edited proposal file (its other changes travel as suggestions)
        #[arg(long, value_name = "EDITED.json")]
        from: Option<PathBuf>,
        /// The contributor's name
        #[arg(long, value_name = "NAME", default_value = "")]
        name: String,
        /// The contributor's organization (default: the PUNO)
        #[arg(long, value_name = "ORG", default_value = "")]
        organization: String,
        /// The contribution file to write, such as undp.contribution.json
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Merge a PUNO's contribution into the draft its share was sent from;
    /// exit 1 while collisions need a person
    Merge {
        #[arg(long, value_name = "ID")]
        draft: String,
        #[arg(value_name = "CONTRIBUTION")]
        file: PathBuf,
        /// Print the merge report as JSON
        #[arg(long)]
        json: bool,
        /// Say what the merge would do, and change nothing
        #[arg(long)]
        dry_run: bool,
        /// Settle every collision one way
        #[arg(long, value_name = "SIDE", value_parser = ["ours", "theirs"])]
        take: Option<String>,
    },
    /// List a draft's review comments (from review files and from review
    /// copies annotated in a PDF reader) with their anchors, quoted words,
    /// authors and states
    Comments {
        #[arg(value_name = "DRAFT_ID")]
        draft_id: String,
        /// Print JSON instead of lines for people
        #[arg(long)]
        json: bool,
    },
    /// List a draft's saved versions
    Versions {
        #[arg(value_name = "DRAFT_ID")]
        draft_id: String,
        /// Print JSON instead of lines for people
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ReviewCommand {
    /// Write a review file (snapshot, review-copy PDF, id, checksums) for a
    /// proposal file, imported as a new draft, or for a draft in the library
    Export {
        /// A proposal file to import and send; - reads standard input
        #[arg(value_name = "FILE", required_unless_present = "draft", conflicts_with = "draft")]
        file: Option<String>,
        /// Send this draft in the library instead
        #[arg(long, value_name = "ID")]
        draft: Option<String>,
        /// The review file to write, such as ecuador.review.zip
        #[arg(long, value_name = "REVIEWFILE")]
        out: PathBuf,
    },
    /// Import a reviewer's comments file, or a review copy PDF they annotated
    /// in a PDF reader, into the draft the review was sent from; importing
    /// the same file again changes nothing
    Import {
        #[arg(value_name = "DRAFT_ID")]
        draft_id: String,
        #[arg(value_name = "COMMENTSFILE")]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum BudgetCommand {
    /// Add budget lines for one PUNO from a workbook (.xlsx, .xls, .ods) or
    /// a CSV file: all of them, or none when a cell cannot be read (exit 1,
    /// every problem listed with its row and column)
    Import {
        #[arg(value_name = "DRAFT_ID")]
        draft_id: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The PUNO the lines are for, as on the cover page (UNDP, IOM...)
        #[arg(long, value_name = "CODE")]
        puno: String,
        /// The sheet to read (default: the first with a budget header)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Read and report, add nothing
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of lines for people
        #[arg(long)]
        json: bool,
    },
}

/// The name a version takes when the CLI sends a review.
const SENT_FOR_REVIEW: &str = "Sent for review";

fn parse_date(s: &str) -> Result<String, String> {
    match studio_core::date::Date::parse(s) {
        Some(_) => Ok(s.to_string()),
        None => Err("not a date of the form YYYY-MM-DD".into()),
    }
}

/// A failure that ends the command: what to say, line by line, and the exit code.
struct Fail {
    lines: Vec<String>,
    code: u8,
}

impl Fail {
    fn new(message: impl Into<String>) -> Fail {
        Fail {
            lines: vec![message.into()],
            code: 2,
        }
    }
}

impl From<ServiceError> for Fail {
    fn from(e: ServiceError) -> Self {
        match &e {
            ServiceError::NotReady { blocking } => {
                let mut lines = vec![format!("{e} (a --review-copy can still be exported):")];
                lines.extend(blocking.iter().map(|p| format!("  {}  {}", p.path, p.message)));
                Fail { lines, code: 1 }
            }
            _ => Fail::new(e.to_string()),
        }
    }
}

impl From<studio_store::StoreError> for Fail {
    fn from(e: studio_store::StoreError) -> Self {
        Fail::from(ServiceError::from(e))
    }
}

impl From<studio_core::CoreError> for Fail {
    fn from(e: studio_core::CoreError) -> Self {
        Fail::from(ServiceError::from(e))
    }
}

/// The library in the data folder, opened the first time a use case needs
/// it: a file that cannot be read never gets as far as opening (or
/// creating) the database.
struct DataFolder {
    store: OnceCell<Mutex<Store>>,
}

impl Library for DataFolder {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, ServiceError>) -> Result<T, ServiceError> {
        match self.store.get() {
            Some(store) => store.with(f),
            None => {
                let opened = Store::open_default()?;
                self.store.get_or_init(|| Mutex::new(opened)).with(f)
            }
        }
    }
}

/// `section.field:N`, N counted from 1 as a person reads; kept from 0.
fn parse_paragraph(s: &str) -> Result<(String, u32), String> {
    let (key, n) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("{s:?}: write the field and the paragraph's number, such as context.body:3"))?;
    let n: u32 = n
        .parse()
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| format!("{n:?} is not a paragraph number (1, 2, 3...)"))?;
    if !key.contains('.') {
        return Err(format!(
            "{key:?} is not a narrative field (section.field, such as context.body)"
        ));
    }
    Ok((key.to_string(), n - 1))
}

fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|e| e.exit());
    let library = DataFolder { store: OnceCell::new() };
    match run(cli.command, &library) {
        Ok(code) => ExitCode::from(code),
        Err(fail) => {
            let mut err = std::io::stderr().lock();
            for (i, line) in fail.lines.iter().enumerate() {
                let prefix = if i == 0 { "proposal: " } else { "" };
                let _ = writeln!(err, "{prefix}{}", inert(line));
            }
            ExitCode::from(fail.code)
        }
    }
}

fn run(command: Command, lib: &DataFolder) -> Result<u8, Fail> {
    match command {
        Command::Example => {
            print_json_text(&studio_core::example_proposal()?.to_json_pretty());
            Ok(0)
        }
        Command::Import { file } if file.ends_with(".share.zip") => {
            let draft = studio_service::open_share(lib, Path::new(&file))?;
            print_lines([draft.id]);
            Ok(0)
        }
        Command::Import { file } => {
            let input = read_input(&file)?;
            let summary = studio_service::import_proposal(lib, &input)?;
            print_lines([summary.id]);
            Ok(0)
        }
        Command::List { trash, json } => {
            let drafts = lib.with(|s| Ok(s.list(trash)?))?;
            if json {
                print_json(&drafts);
            } else if drafts.is_empty() {
                print_lines(["No drafts.".to_string()]);
            } else {
                print_lines(drafts.iter().map(|d| {
                    format!(
                        "{}  {:>2}/{:<2} {}  {}  {}",
                        d.id,
                        d.complete_sections,
                        d.total_sections,
                        if d.ready { "ready    " } else { "not ready" },
                        d.name,
                        d.countries.join(", ")
                    )
                }));
            }
            Ok(0)
        }
        Command::Validate { file, draft, json } => {
            let proposal = match (file, draft) {
                (Some(file), _) => read_input(&file)?.proposal,
                (None, Some(id)) => lib.with(|s| Ok(s.load(&id)?))?,
                (None, None) => return Err(Fail::new("validate takes a FILE or --draft ID")),
            };
            let a = studio_service::assess(&proposal, template()?, "en");
            if json {
                print_json(&Validation {
                    report: &a.report,
                    budget: &a.budget,
                    markers: &a.markers,
                });
            } else {
                print_lines(report_lines(&a.report));
            }
            Ok(if a.report.ready { 0 } else { 1 })
        }
        Command::Export {
            file,
            out,
            review_copy,
            letter,
            date,
            version,
        } => {
            let input = read_input(&file)?;
            let date = date.unwrap_or_else(|| studio_core::date::Date::today().to_string());
            let paper = if letter { Paper::Letter } else { Paper::A4 };
            let written =
                studio_service::export_file(&input.proposal, template()?, paper, review_copy, version, &date, &out)?;
            print_lines([written.zip.display().to_string(), written.pdf.display().to_string()]);
            Ok(0)
        }
        Command::Review(ReviewCommand::Export { file, draft, out }) => {
            let sent = match (file, draft) {
                (Some(file), _) => {
                    let input = read_input(&file)?;
                    let sent = studio_service::import_and_send_review(lib, &input, &out, SENT_FOR_REVIEW)?;
                    let mut err = std::io::stderr().lock();
                    let _ = writeln!(err, "proposal: imported {} as draft {}", inert(&file), sent.draft_id);
                    sent
                }
                (None, Some(id)) => studio_service::send_review(lib, &id, &out, SENT_FOR_REVIEW)?,
                (None, None) => return Err(Fail::new("review export takes a FILE or --draft ID")),
            };
            print_lines([sent.path.display().to_string(), sent.draft_id]);
            Ok(0)
        }
        Command::Review(ReviewCommand::Import { draft_id, file }) => {
            let done = studio_service::import_comments(lib, &draft_id, &file)?;
            let from = if done.reviewer.organization.is_empty() {
                done.reviewer.name.clone()
            } else {
                format!("{} ({})", done.reviewer.name, done.reviewer.organization)
            };
            let mut lines = vec![format!(
                "{} new comments from {from}; {} already imported",
                done.added, done.already
            )];
            if !done.others.is_empty() {
                let names: Vec<&str> = done.others.iter().map(|r| r.name.as_str()).collect();
                lines.push(format!("also from: {}", names.join(", ")));
            }
            if done.not_placed > 0 {
                lines.push(format!(
                    "{} notes lie on no part of the proposal; they are kept on their page, listed as not placed",
                    done.not_placed
                ));
            }
            print_lines(lines);
            Ok(0)
        }
        Command::Comments { draft_id, json } => {
            let comments = lib.with(|s| Ok(s.list_comments(&draft_id)?))?;
            if json {
                print_json(&comments);
            } else if comments.is_empty() {
                print_lines(["No comments.".to_string()]);
            } else {
                print_lines(comments.iter().map(|c| {
                    let quote = c
                        .comment
                        .excerpt
                        .as_deref()
                        .map(|e| format!(" «{e}»"))
                        .unwrap_or_default();
                    let suggests = c
                        .comment
                        .suggestion
                        .as_ref()
                        .map(|_| " [suggests text]")
                        .unwrap_or_default();
                    format!(
                        "{:?}  {} — {}{quote}: {}{suggests}",
                        c.status, c.comment.anchor.label, c.reviewer.name, c.comment.body
                    )
                }));
            }
            Ok(0)
        }
        Command::Show { draft_id } => {
            print_json_text(&lib.with(|s| Ok(s.export_json(&draft_id)?))?);
            Ok(0)
        }
        Command::Share {
            draft,
            puno,
            narrative,
            rows,
            withhold,
            paragraphs,
            out,
        } => {
            let mut given: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
            for (key, n) in paragraphs {
                given.entry(key).or_default().push(n);
            }
            let assignment = studio_core::merge::Assignment {
                puno,
                narrative,
                rows,
                withheld: withhold,
                paragraphs: given,
            };
            let sent = studio_service::share_draft(lib, &draft, assignment, &out)?;
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "proposal: wrote {} ({} rows and {} narrative fields given to {})",
                inert(&sent.path.display().to_string()),
                sent.rows,
                sent.assignment.narrative.len(),
                inert(&sent.assignment.puno)
            );
            print_lines([sent.share_id]);
            Ok(0)
        }
        Command::Contribution {
            draft,
            from,
            name,
            organization,
            out,
        } => {
            let who = studio_core::review::Reviewer { name, organization };
            let (path, summary) = studio_service::return_contribution(lib, &draft, from.as_deref(), who, &out)?;
            let lang = lib.with(|s| Ok(s.load(&draft)?.language))?;
            let mut lines = vec![path.display().to_string()];
            lines.extend(studio_core::merge::describe(&summary, template()?, &lang));
            print_lines(lines);
            Ok(0)
        }
        Command::Merge {
            draft,
            file,
            json,
            dry_run,
            take,
        } => {
            let take = match take.as_deref() {
                Some("ours") => Some(studio_core::merge::Take::Ours),
                Some("theirs") => Some(studio_core::merge::Take::Theirs),
                _ => None,
            };
            let report = studio_service::merge_contribution(lib, &draft, &file, &Default::default(), take, dry_run)?;
            if json {
                print_json(&report);
            } else {
                let lang = lib.with(|s| Ok(s.load(&draft)?.language))?;
                let who = template()?.entity_short(&report.puno, &lang).to_string();
                let mut lines = vec![if report.already {
                    format!("This contribution from {who} was merged already; nothing changed.")
                } else if report.merged {
                    format!("Merged {who}'s contribution:")
                } else if report.collisions.is_empty() {
                    format!("{who}'s contribution would merge cleanly (dry run; nothing changed):")
                } else {
                    format!(
                        "{who}'s contribution collides with this draft in {} places; nothing changed yet:",
                        report.collisions.len()
                    )
                }];
                if !report.already {
                    lines.extend(
                        studio_core::merge::describe(&report.changes, template()?, &lang)
                            .into_iter()
                            .map(|l| format!("  {l}")),
                    );
                    if report.suggestions > 0 {
                        lines.push(format!(
                            "  {} changes outside {who}'s part filed as suggestions",
                            report.suggestions
                        ));
                    }
                    for c in &report.collisions {
                        lines.push(format!(
                            "  collision at {}",
                            serde_json::to_string(&c.path).unwrap_or_default()
                        ));
                    }
                }
                print_lines(lines);
            }
            Ok(if report.collisions.is_empty() { 0 } else { 1 })
        }
        Command::Budget(BudgetCommand::Import {
            draft_id,
            file,
            puno,
            sheet,
            dry_run,
            json,
        }) => {
            let lang = lib.with(|s| Ok(s.load(&draft_id)?.language))?;
            let r =
                studio_service::import_budget_lines(lib, &draft_id, &file, &puno, sheet.as_deref(), dry_run, &lang)?;
            let i = &r.import;
            if json {
                print_json(&r);
            } else {
                let mut lines = vec![format!(
                    "{} lines read from sheet {:?}{}; {} rows left out",
                    i.lines.len(),
                    r.sheet,
                    if r.added { ", added" } else { "" },
                    i.skipped.len()
                )];
                lines.extend(
                    i.problems
                        .iter()
                        .map(|p| format!("row {}, column {}: {}", p.row, p.column, p.message)),
                );
                lines.extend(
                    i.skipped
                        .iter()
                        .map(|s| format!("row {} left out: {}", s.row, s.reason)),
                );
                print_lines(lines);
            }
            Ok(if i.problems.is_empty() { 0 } else { 1 })
        }
        Command::Versions { draft_id, json } => {
            let versions = lib.with(|s| Ok(s.list_versions(&draft_id)?))?;
            if json {
                print_json(&versions);
            } else if versions.is_empty() {
                print_lines(["No versions.".to_string()]);
            } else {
                print_lines(versions.iter().map(|v| format!("{}  {:?}  {}", v.id, v.reason, v.name)));
            }
            Ok(0)
        }
    }
}

/// `validate --json`: the report's fields at the top, then the budget and
/// the markers, all as the app receives them.
#[derive(Serialize)]
struct Validation<'a> {
    #[serde(flatten)]
    report: &'a Report,
    budget: &'a BudgetSummary,
    markers: &'a MarkerReport,
}

/// The readiness report for people: one line a problem, then the verdict.
fn report_lines(report: &Report) -> Vec<String> {
    let mut lines: Vec<String> = report
        .problems
        .iter()
        .map(|p| {
            let sev = if p.severity == Severity::Blocking {
                "blocking"
            } else {
                "warning "
            };
            format!("{sev}  {}  {}", p.path, p.message)
        })
        .collect();
    let blocking = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Blocking)
        .count();
    lines.push(format!(
        "{}: {} blocking, {} warnings; {} of {} sections complete",
        if report.ready { "ready" } else { "not ready" },
        blocking,
        report.problems.len() - blocking,
        report.complete_sections,
        report.total_sections
    ));
    lines
}

fn template() -> Result<&'static Template, Fail> {
    Ok(Template::builtin()?)
}

/// Reads a proposal file or package, or standard input for `-`; errors name
/// the file once.
fn read_input(file: &str) -> Result<ProposalInput, Fail> {
    if file != "-" {
        return Ok(studio_service::read_proposal_file(Path::new(file), template()?)?);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Fail::new(format!("cannot read standard input: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Fail::new(format!(
            "standard input: larger than {} MB; a proposal file is smaller",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    studio_service::read_proposal(bytes, template()?).map_err(|e| Fail::new(format!("standard input: {e}")))
}

/// Prints lines for people, each made inert: nothing in a name reaches the
/// terminal as a control. A closed pipe (`proposal list | head`) is not an error.
fn print_lines(lines: impl IntoIterator<Item = String>) {
    let mut out = std::io::stdout().lock();
    for line in lines {
        if writeln!(out, "{}", inert(&line)).is_err() {
            return;
        }
    }
}

/// Prints JSON, whose strings serde has already escaped.
fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print_json_text(&text),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "proposal: {e}");
        }
    }
}

fn print_json_text(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}
