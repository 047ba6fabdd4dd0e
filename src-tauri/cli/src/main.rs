//! `proposal`: the command-line face of Proposal Studio, on the same core and
//! store as the app. Exit codes: 0 fine, 1 the proposal has blocking
//! problems, 2 the input cannot be read or is not a proposal.

use std::io::{Read, Write};
use std::process::ExitCode;

use serde_json::json;
use studio_core::budget::summarize;
use studio_core::limits::MAX_FILE_BYTES;
use studio_core::markers;
use studio_core::{validate, Proposal, Severity, Template};
use studio_store::{Store, StoreError};

const USAGE: &str = "\
proposal — Proposal Studio on the command line

Usage:
  proposal example                  print the built-in example proposal file
  proposal import FILE              import a proposal file (or a submission package .zip)
                                    as a new draft; prints its id
  proposal list [--trash] [--json]  list drafts (or the trash)
  proposal validate FILE [--json]   check a proposal file (FILE may be - for stdin)
  proposal validate --draft ID [--json]
                                    check a draft in the library, as the app does
  proposal export FILE --out DIR [--review-copy] [--letter] [--date YYYY-MM-DD] [--version N]
                                    write the submission package (zip) and its PDF; a final
                                    export is refused (exit 1) while problems block submission
  proposal review export FILE --out REVIEWFILE
                                    import a proposal file as a new draft and send it for review:
                                    writes the review file (snapshot, review-copy PDF, id, hash)
  proposal review export --draft ID --out REVIEWFILE
                                    send a draft already in the library for review
  proposal review import DRAFT_ID COMMENTSFILE
                                    import a reviewer's comments file into the draft the review
                                    was sent from; importing the same file again changes nothing
  proposal show DRAFT_ID            print a draft as a proposal file
  proposal versions DRAFT_ID [--json]
                                    list a draft's saved versions
  proposal --version | --help

Exit codes: 0 ok, 1 blocking problems, 2 unreadable input or not a proposal.
Drafts live in $PROPOSAL_STUDIO_DATA_DIR, or the per-user data folder.";

/// A failure that ends the command: message and exit code.
struct Fail(String, u8);

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail(e.to_string(), 2)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(Fail(message, code)) => {
            eprintln!("proposal: {}", message.replace('\n', " "));
            ExitCode::from(code)
        }
    }
}

/// Options that take a value: `--out DIR`.
const VALUED: [&str; 4] = ["--out", "--date", "--version", "--draft"];

fn run(args: &[String]) -> Result<u8, Fail> {
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let mut positional: Vec<&str> = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
        } else if VALUED.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with("--") && a.as_str() != "-h" {
            positional.push(a);
        }
    }
    let json_out = flag("--json");
    match positional.as_slice() {
        _ if flag("--help") || flag("-h") => {
            println!("{USAGE}");
            Ok(0)
        }
        _ if flag("--version") && positional.is_empty() => {
            println!("proposal {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        ["example"] => {
            let example = studio_core::example_proposal().map_err(|e| Fail(e.to_string(), 2))?;
            print_out(&example.to_json_pretty());
            Ok(0)
        }
        ["import", file] => {
            let template = template()?;
            let bytes = studio_export::proposal_bytes(read_input(file)?, template)
                .map_err(|e| Fail(format!("{file}: {e}"), 2))?;
            // Parse and check before the database is even opened: a bad file
            // must leave it byte for byte as it was.
            Proposal::from_json_bytes(&bytes, template).map_err(|e| Fail(format!("{file}: {e}"), 2))?;
            let mut store = Store::open_default()?;
            let summary = store
                .import_bytes(&bytes)
                .map_err(|e| Fail(format!("{file}: {e}"), 2))?;
            print_out(&summary.id);
            Ok(0)
        }
        ["list"] => {
            let store = Store::open_default()?;
            let drafts = store.list(flag("--trash"))?;
            if json_out {
                print_out(&serde_json::to_string_pretty(&drafts).unwrap_or_default());
            } else if drafts.is_empty() {
                print_out("No drafts.");
            } else {
                let mut out = String::new();
                for d in drafts {
                    out.push_str(&format!(
                        "{}  {:>2}/{:<2} {}  {}  {}\n",
                        d.id,
                        d.complete_sections,
                        d.total_sections,
                        if d.ready { "ready    " } else { "not ready" },
                        d.name,
                        d.countries.join(", ")
                    ));
                }
                print_out(out.trim_end());
            }
            Ok(0)
        }
        ["validate", rest @ ..] if rest.len() <= 1 => {
            let template = template()?;
            let proposal = match (rest.first(), value("--draft")) {
                (Some(file), None) => {
                    let bytes = read_input(file)?;
                    Proposal::from_json_bytes(&bytes, template).map_err(|e| Fail(format!("{file}: {e}"), 2))?
                }
                (None, Some(id)) => Store::open_default()?.load(&id)?,
                _ => return Err(Fail("validate takes a FILE or --draft ID".into(), 2)),
            };
            let report = validate(&proposal, template);
            if json_out {
                let budget = summarize(&proposal.budget, &proposal.results_framework, template);
                let m = markers::report(&proposal, template);
                let value = json!({
                    "ready": report.ready,
                    "problems": report.problems,
                    "sections": report.sections,
                    "budget": budget,
                    "markers": {
                        "human_rights": {
                            "grade": m.human_rights.grade.map(|g| g.letter()),
                            "score": m.human_rights.score,
                            "max_score": m.human_rights.max_score,
                        },
                        "gender": { "score": m.gender_score, "suggested": m.gender_suggestion.suggested },
                    },
                });
                print_out(&serde_json::to_string_pretty(&value).unwrap_or_default());
            } else {
                let mut out = String::new();
                for p in &report.problems {
                    let sev = if p.severity == Severity::Blocking {
                        "blocking"
                    } else {
                        "warning "
                    };
                    out.push_str(&format!("{sev}  {}  {}\n", p.path, p.message));
                }
                let blocking = report
                    .problems
                    .iter()
                    .filter(|p| p.severity == Severity::Blocking)
                    .count();
                out.push_str(&format!(
                    "{}: {} blocking, {} warnings; {} of {} sections complete",
                    if report.ready { "ready" } else { "not ready" },
                    blocking,
                    report.problems.len() - blocking,
                    report.complete_sections,
                    report.total_sections
                ));
                print_out(&out);
            }
            Ok(if report.ready { 0 } else { 1 })
        }
        ["export", file] => {
            let out = value("--out").ok_or_else(|| Fail("export needs --out DIR".into(), 2))?;
            let bytes = read_input(file)?;
            let template = template()?;
            let proposal = Proposal::from_json_bytes(&bytes, template).map_err(|e| Fail(format!("{file}: {e}"), 2))?;
            let review_copy = flag("--review-copy");
            let report = validate(&proposal, template);
            if !report.ready && !review_copy {
                let mut msg = String::from("the final export is refused: these problems block submission (a --review-copy can still be exported):");
                for p in report.problems.iter().filter(|p| p.severity == Severity::Blocking) {
                    msg.push_str(&format!("\n  {}  {}", p.path, p.message));
                }
                eprintln!("proposal: {msg}");
                return Ok(1);
            }
            let date = value("--date").unwrap_or_else(|| studio_core::date::Date::today().to_string());
            if studio_core::date::Date::parse(&date).is_none() {
                return Err(Fail(format!("--date {date:?} is not a date of the form YYYY-MM-DD"), 2));
            }
            let opts = studio_export::Options {
                paper: if flag("--letter") {
                    studio_export::Paper::Letter
                } else {
                    studio_export::Paper::A4
                },
                review_copy,
                version: value("--version").unwrap_or_else(|| "1".into()),
                date,
            };
            let written = studio_export::write_package(&proposal, template, &opts, std::path::Path::new(&out))
                .map_err(|e| Fail(e.to_string(), 2))?;
            print_out(&format!("{}\n{}", written.zip.display(), written.pdf.display()));
            Ok(0)
        }
        ["review", "export", rest @ ..] if rest.len() <= 1 => {
            let out = value("--out").ok_or_else(|| Fail("review export needs --out REVIEWFILE".into(), 2))?;
            let mut store = Store::open_default()?;
            let draft_id = match (rest.first(), value("--draft")) {
                (Some(file), None) => {
                    let bytes = read_input(file)?;
                    Proposal::from_json_bytes(&bytes, template()?).map_err(|e| Fail(format!("{file}: {e}"), 2))?;
                    let summary = store
                        .import_bytes(&bytes)
                        .map_err(|e| Fail(format!("{file}: {e}"), 2))?;
                    eprintln!("proposal: imported {file} as draft {}", summary.id);
                    summary.id
                }
                (None, Some(id)) => id,
                _ => return Err(Fail("review export takes a FILE or --draft ID".into(), 2)),
            };
            let path = send_review(&mut store, &draft_id, std::path::Path::new(&out))?;
            print_out(&format!("{}\n{draft_id}", path.display()));
            Ok(0)
        }
        ["review", "import", draft_id, file] => {
            let bytes = studio_store::read_limited(
                std::path::Path::new(file),
                studio_core::limits::MAX_COMMENTS_FILE_BYTES,
                "a comments file",
            )
            .map_err(|e| Fail(format!("{file}: {e}"), 2))?;
            let comments =
                studio_core::review::CommentsFile::from_bytes(&bytes).map_err(|e| Fail(format!("{file}: {e}"), 2))?;
            let mut store = Store::open_default()?;
            let done = store
                .import_comments(draft_id, &comments)
                .map_err(|e| Fail(format!("{file}: {e}"), 2))?;
            print_out(&format!(
                "{} new comments from {}{}; {} already imported",
                done.added,
                done.reviewer.name,
                if done.reviewer.organization.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", done.reviewer.organization)
                },
                done.already
            ));
            Ok(0)
        }
        ["show", draft_id] => {
            print_out(&Store::open_default()?.export_json(draft_id)?);
            Ok(0)
        }
        ["versions", draft_id] => {
            let versions = Store::open_default()?.list_versions(draft_id)?;
            if json_out {
                print_out(&serde_json::to_string_pretty(&versions).unwrap_or_default());
            } else {
                let lines: Vec<String> = versions
                    .iter()
                    .map(|v| format!("{}  {:?}  {}", v.id, v.reason, v.name))
                    .collect();
                print_out(
                    if lines.is_empty() {
                        "No versions.".to_string()
                    } else {
                        lines.join("\n")
                    }
                    .as_str(),
                );
            }
            Ok(0)
        }
        _ => Err(Fail(format!("unknown command; see `proposal --help`\n{USAGE}"), 2)),
    }
}

/// Sends a draft for review: takes a version, writes the review file.
fn send_review(store: &mut Store, draft_id: &str, out: &std::path::Path) -> Result<std::path::PathBuf, Fail> {
    let (header, snapshot) = store.begin_review(draft_id, "Sent for review")?;
    studio_export::write_review_file(&snapshot, template()?, &header, out).map_err(|e| Fail(e.to_string(), 2))?;
    Ok(out.to_path_buf())
}

fn template() -> Result<&'static Template, Fail> {
    Template::builtin().map_err(|e| Fail(e.to_string(), 2))
}

/// Reads a file (or stdin for `-`), refusing anything over the size limit
/// before reading it whole.
fn read_input(file: &str) -> Result<Vec<u8>, Fail> {
    let too_big = || {
        Fail(
            format!(
                "{file}: the file is larger than {} MB; a proposal file is smaller",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            2,
        )
    };
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Fail(format!("stdin: {e}"), 2))?;
    } else {
        let f = std::fs::File::open(file).map_err(|e| Fail(format!("{file}: {e}"), 2))?;
        if f.metadata().map(|m| m.len() > MAX_FILE_BYTES).unwrap_or(false) {
            return Err(too_big());
        }
        f.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Fail(format!("{file}: {e}"), 2))?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Prints to stdout, ignoring a closed pipe (`proposal list | head`).
fn print_out(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{s}");
}
