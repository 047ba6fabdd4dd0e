//! `./studio bench`: timings of the operations users feel, on this machine,
//! against a real database file in a temporary folder.

use std::time::{Duration, Instant};

use serde_json::json;
use studio_core::annexes::{BudgetLine, Indicator, Outcome, Output};
use studio_core::budget::summarize;
use studio_core::money::{Money, Quantity};
use studio_core::{example_proposal, validate, Patch, Proposal, Template};
use studio_export::{render_pdf, Options, Paper};
use studio_store::{Store, VersionReason};

/// The allocator the app and the CLI ship with, so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The example made `k` times larger: every text, table and budget line.
fn scaled(p: &Proposal, k: usize) -> Proposal {
    let mut big = p.clone();
    for text in big.narrative.values_mut() {
        *text = vec![text.as_str(); k].join("\n\n");
    }
    let outcomes = p.results_framework.outcomes.clone();
    for round in 1..k {
        for oc in &outcomes {
            let mut oc = oc.clone();
            oc.id = format!("{}-{round}", oc.id);
            for ind in &mut oc.indicators {
                ind.id = format!("{}-{round}", ind.id);
            }
            for op in &mut oc.outputs {
                op.id = format!("{}-{round}", op.id);
                for ind in &mut op.indicators {
                    ind.id = format!("{}-{round}", ind.id);
                }
                for a in &mut op.activities {
                    a.id = format!("{}-{round}", a.id);
                }
            }
            big.results_framework.outcomes.push(oc);
        }
    }
    let lines = p.budget.lines.clone();
    let risks = p.risk_matrix.risks.clone();
    for round in 1..k {
        big.budget.lines.extend(lines.iter().map(|l| BudgetLine {
            id: format!("{}-{round}", l.id),
            ..l.clone()
        }));
        big.risk_matrix
            .risks
            .extend(risks.iter().map(|r| studio_core::annexes::Risk {
                id: format!("{}-{round}", r.id),
                ..r.clone()
            }));
    }
    big
}

/// The Annexes issue's size: 50 outputs, 300 indicators, 2,000 budget lines.
fn large_budget() -> Proposal {
    let mut p = example_proposal().expect("example");
    p.results_framework.outcomes = (0..10)
        .map(|i| Outcome {
            id: format!("o{i}"),
            title: format!("Outcome {i}"),
            indicators: (0..10)
                .map(|k| Indicator {
                    id: format!("o{i}i{k}"),
                    text: "x".into(),
                    ..Default::default()
                })
                .collect(),
            outputs: (0..5)
                .map(|j| Output {
                    id: format!("o{i}p{j}"),
                    title: format!("Output {j}"),
                    indicators: (0..4)
                        .map(|k| Indicator {
                            id: format!("o{i}p{j}i{k}"),
                            text: "y".into(),
                            ..Default::default()
                        })
                        .collect(),
                    activities: vec![],
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    p.budget.lines = (0..2000)
        .map(|n| BudgetLine {
            id: format!("b{n}"),
            description: format!("Line {n}"),
            category: Some((n % 7 + 1) as u8),
            puno: ["IOM", "UNDP", "UN Women"][n % 3].into(),
            output_id: format!("o{}p{}", n % 10, n % 5),
            year: Some((n % 3 + 1) as u8),
            unit: "unit".into(),
            quantity: Quantity((n as i64 % 40 + 1) * 10_000),
            unit_cost: Money((n as i128 * 7919) % 500_000 + 100),
            gender_share: [0, 100, 40, 0][n % 4],
        })
        .collect();
    p
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn time_n(n: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    let mut all: Vec<Duration> = (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    all.sort();
    all
}

fn report(name: &str, samples: &[Duration]) {
    println!(
        "{name:<44} median {:>11}   p99 {:>11}   (n={})",
        ms(percentile(samples, 0.5)),
        ms(percentile(samples, 0.99)),
        samples.len()
    );
}

/// The large proposal of the benchmarks: the example's text ten times over
/// (about 50,000 words) with the large results framework and 2,000 budget lines.
fn large_proposal() -> Proposal {
    let mut big = scaled(&example_proposal().expect("example"), 10);
    let large = large_budget();
    big.results_framework = large.results_framework;
    big.budget = large.budget;
    big
}

/// The worst proposals the limits accept, for the export's cost: every
/// budget line (`MAX_BUDGET_LINES`) with a PUNO of its own; every activity
/// (`MAX_ACTIVITIES`) in one quarter each, or as many as a proposal file
/// holds in every quarter of the longest programme; and the narrative filled with text up to the largest proposal
/// file (`MAX_PROPOSAL_BYTES`).
fn worst(case: &str) -> Option<Proposal> {
    use studio_core::annexes::Activity;
    use studio_core::limits::{
        MAX_ACTIVITIES, MAX_BUDGET_LINES, MAX_DURATION_MONTHS, MAX_LINE_CHARS, MAX_NARRATIVE_CHARS, MAX_PROPOSAL_BYTES,
        MAX_QUARTER,
    };
    let mut p = example_proposal().expect("example");
    match case {
        "distinct-punos" => {
            let template = p.budget.lines[0].clone();
            p.budget.lines = (0..MAX_BUDGET_LINES)
                .map(|n| BudgetLine {
                    id: format!("b{n}"),
                    description: format!("Line {n}"),
                    puno: format!("Participating organization number {n}"),
                    ..template.clone()
                })
                .collect();
        }
        "most-activities" | "wide-workplan" => {
            // 10 outcomes of 10 outputs of 50 activities: every activity
            // the limits allow, within the per-result limits. In every
            // quarter of the longest programme, 18 activities per output
            // are what fits in the largest proposal file.
            let (outcomes, outputs) = (10, 10);
            let (activities, quarters): (usize, Vec<u16>) = if case == "wide-workplan" {
                p.cover.duration_months = Some(MAX_DURATION_MONTHS);
                (18, (1..=MAX_QUARTER).collect())
            } else {
                (MAX_ACTIVITIES / (outcomes * outputs), vec![1])
            };
            p.results_framework.outcomes = (0..outcomes)
                .map(|i| Outcome {
                    id: format!("o{i}"),
                    title: format!("Outcome {i}"),
                    outputs: (0..outputs)
                        .map(|j| Output {
                            id: format!("o{i}p{j}"),
                            title: format!("Output {j}"),
                            activities: (0..activities)
                                .map(|k| Activity {
                                    id: format!("o{i}p{j}a{k}"),
                                    quarters: quarters.clone(),
                                    ..Default::default()
                                })
                                .collect(),
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                })
                .collect();
            for l in &mut p.budget.lines {
                l.output_id = "o0p0".into();
            }
        }
        "longest-texts" => {
            p.cover.title = "T".repeat(MAX_LINE_CHARS);
            // What is left of the file's size, shared among the fields, with
            // room for the JSON around them.
            let left = MAX_PROPOSAL_BYTES as usize - p.to_json_pretty().len() - 64 * 1024;
            let each = (left / p.narrative.len().max(1)).min(MAX_NARRATIVE_CHARS);
            let word = "Migration ".repeat(each / 10);
            for text in p.narrative.values_mut() {
                *text = word.clone();
            }
        }
        _ => return None,
    }
    Some(p)
}

/// This process's peak resident memory, from Linux's /proc.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// `--worst-export CASE DIR`: exports one worst case as a whole package, in
/// a process of its own so that its peak memory is its own.
fn worst_export(case: &str, dir: &str) -> Result<(), Box<dyn std::error::Error>> {
    let template = Template::builtin()?;
    let p = worst(case).ok_or("unknown case")?;
    p.check(template)?;
    let opts = Options {
        review: None,
        paper: Paper::A4,
        review_copy: true,
        version: "1".into(),
        date: "2027-02-15".into(),
    };
    let before = peak_rss_mb().unwrap_or(0.0);
    let t = Instant::now();
    let written = studio_export::write_package(&p, template, &opts, std::path::Path::new(dir))?;
    let took = t.elapsed();
    let zip = std::fs::metadata(&written.zip)?.len();
    println!(
        "{:.2} s, peak {:.0} MB (before export {:.0} MB), package {} KB",
        took.as_secs_f64(),
        peak_rss_mb().unwrap_or(0.0),
        before,
        zip / 1024
    );
    Ok(())
}

/// Co-authoring: a contribution touching every part of the large proposal
/// (every UNDP line rewritten, 50 lines added, a paragraph in every
/// narrative field, the cover), merged against a draft the author also
/// edited (every tenth line, the start of every field).
fn bench_merge(template: &Template) -> Result<(), Box<dyn std::error::Error>> {
    let base = large_proposal();
    let mut theirs = base.clone();
    for l in theirs.budget.lines.iter_mut().filter(|l| l.puno == "UNDP") {
        l.description.push_str(" (UNDP)");
        l.unit_cost += Money(100);
    }
    for n in 0..50 {
        let mut l = theirs.budget.lines[1].clone();
        l.id = format!("undp-new-{n}");
        theirs.budget.lines.push(l);
    }
    for text in theirs.narrative.values_mut() {
        text.push_str("\n\nA paragraph UNDP adds.");
    }
    theirs.cover.title = "A title UNDP suggests".into();
    let mut ours = base.clone();
    for l in ours.budget.lines.iter_mut().step_by(10) {
        l.unit = "units".into();
    }
    for text in ours.narrative.values_mut() {
        *text = format!("Author: {text}");
    }
    let edits = studio_core::merge::changes(&base, &theirs)?;
    let mut assignment = studio_core::merge::Assignment::new("UNDP");
    assignment.narrative = base.narrative.keys().cloned().collect();
    let none = Default::default();
    let samples = time_n(20, |_| {
        let m =
            studio_core::merge::merge_contribution(&base, &ours, &assignment, &edits, &none, template).expect("merge");
        assert!(m.collisions.is_empty() && m.outside.len() == 1);
    });
    report(
        &format!("merge a full contribution ({} changes)", edits.len()),
        &samples,
    );
    Ok(())
}

/// The export every timing uses: A4, final, dated.
fn export_options() -> Options {
    Options {
        review: None,
        paper: Paper::A4,
        review_copy: false,
        version: "1".into(),
        date: "2027-02-15".into(),
    }
}

/// The Document edition of the same export.
fn edition() -> studio_core::document::Edition {
    studio_core::document::Edition {
        version: "1".into(),
        date: "2027-02-15".into(),
        ..Default::default()
    }
}

/// `--profile CASE`: one operation repeated, nothing else, for a profiler
/// (`perf record`, callgrind) to look at alone.
fn profile(what: &str) -> Result<(), Box<dyn std::error::Error>> {
    let template = Template::builtin()?;
    let opts = export_options();
    let edition = edition();
    match what {
        "document" => {
            let largest = large_proposal();
            for _ in 0..200 {
                drop(studio_core::document::build(&largest, template, &edition));
            }
        }
        "export-example" => {
            let example = example_proposal()?;
            for _ in 0..50 {
                drop(render_pdf(&example, template, &opts)?);
            }
        }
        "export-large" => {
            let largest = large_proposal();
            for _ in 0..5 {
                drop(render_pdf(&largest, template, &opts)?);
            }
        }
        other => return Err(format!("no profile case {other:?}").into()),
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `--write-large FILE` writes the large proposal for the app benchmarks.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--worst-export") {
        let case = args.get(i + 1).ok_or("--worst-export needs a case")?;
        let dir = args.get(i + 2).ok_or("--worst-export needs a folder")?;
        return worst_export(case, dir);
    }
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        let what = args.get(i + 1).ok_or("--profile needs a case")?;
        return profile(what);
    }
    if args.iter().any(|a| a == "--merge") {
        return bench_merge(Template::builtin()?);
    }
    if let Some(i) = args.iter().position(|a| a == "--write-large") {
        let path = args.get(i + 1).ok_or("--write-large needs a file")?;
        std::fs::write(path, large_proposal().to_json_pretty())?;
        return Ok(());
    }
    let dir = std::env::temp_dir().join(format!("proposal-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let template = Template::builtin()?;
    let example = example_proposal()?;
    let mut store = Store::open_in(&dir)?;
    let id = store.create(&example)?.id;

    let edits = 10_000;
    let mut text = String::new();
    let samples = time_n(edits, |i| {
        text.push(if i % 6 == 5 { ' ' } else { 'a' });
        let patch = Patch::Set {
            path: "/narrative/context.body".into(),
            value: json!(text),
        };
        store.apply_patches(&id, &[patch]).expect("save");
    });
    report("autosave: one narrative patch to disk", &samples);

    let samples = time_n(2_000, |i| {
        let patch = Patch::Set {
            path: "/cover/title".into(),
            value: json!(format!("Title {i}")),
        };
        store.apply_patches(&id, &[patch]).expect("save");
    });
    report("autosave: one cover patch to disk", &samples);

    report(
        "load a whole draft",
        &time_n(1_000, |_| drop(store.load(&id).expect("load"))),
    );
    report(
        "readiness rules on the example",
        &time_n(1_000, |_| drop(validate(&example, template))),
    );
    report(
        "library list (1 draft)",
        &time_n(500, |_| drop(store.list(false).expect("list"))),
    );

    let samples = time_n(100, |i| {
        drop(
            store
                .save_version(&id, &format!("v{i}"), VersionReason::Manual)
                .expect("version"),
        )
    });
    report("save a version (100 of them)", &samples);
    report(
        "list 100 versions",
        &time_n(200, |_| drop(store.list_versions(&id).expect("versions"))),
    );
    let versions = store.list_versions(&id)?;
    let (oldest, newest) = (&versions[versions.len() - 1].id, &versions[0].id);
    report(
        "compare two versions (whole proposal)",
        &time_n(50, |_| {
            let a = store.load_version(oldest).expect("a").1;
            let b = store.load_version(newest).expect("b").1;
            drop(studio_core::compare::compare(&a, &b, template));
        }),
    );

    bench_merge(template)?;

    let large = large_budget();
    let n_ind: usize = large.results_framework.indicators().count();
    report(
        &format!(
            "budget summaries: {} outputs, {n_ind} indicators, {} lines",
            large.results_framework.numbered_outputs().len(),
            large.budget.lines.len()
        ),
        &time_n(200, |_| {
            drop(summarize(&large.budget, &large.results_framework, template))
        }),
    );
    report(
        "all readiness rules on that proposal",
        &time_n(100, |_| drop(validate(&large, template))),
    );

    let opts = export_options();
    let pdf = render_pdf(&example, template, &opts)?;
    report(
        &format!("export the example to PDF ({} KB)", pdf.len() / 1024),
        &time_n(10, |_| drop(render_pdf(&example, template, &opts).expect("pdf"))),
    );
    let big = scaled(&example, 10);
    let pdf = render_pdf(&big, template, &opts)?;
    report(
        &format!("export a proposal ten times larger ({} KB)", pdf.len() / 1024),
        &time_n(5, |_| drop(render_pdf(&big, template, &opts).expect("pdf"))),
    );

    let largest = large_proposal();
    let edition = edition();
    report(
        "build the Document of the large proposal",
        &time_n(50, |_| drop(studio_core::document::build(&largest, template, &edition))),
    );
    let pdf = render_pdf(&largest, template, &opts)?;
    report(
        &format!(
            "export the large proposal (50,000 words, 2,000 budget lines; {} KB)",
            pdf.len() / 1024
        ),
        &time_n(3, |_| drop(render_pdf(&largest, template, &opts).expect("pdf"))),
    );

    // The worst accepted inputs, each exported whole in a child process;
    // the bar is 30 s and 1 GB.
    for case in ["distinct-punos", "most-activities", "wide-workplan", "longest-texts"] {
        let out = std::process::Command::new(std::env::current_exe()?)
            .args(["--worst-export", case])
            .arg(dir.join(case))
            .output()?;
        let said = if out.status.success() {
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        } else {
            format!("FAILED: {}", String::from_utf8_lossy(&out.stderr).trim())
        };
        println!("{:<44} {said}", format!("worst-case package: {case}"));
    }

    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
