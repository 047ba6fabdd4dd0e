//! `proposal-fuzz [CASES]`: feeds every importer generated and mutated
//! inputs, on every core, and reports cases per second and any failure with
//! its shrunk input. Run by `./studio fuzz` in a release build; not part of
//! the test suite.
//!
//! A failure is a panic, an input accepted whose re-written form is then
//! refused or read differently, or an input refused by the store that
//! changed the store anyway.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use studio_core::review::CommentsFile;
use studio_core::{Proposal, Template};
use studio_store::Store;

/// A small fast generator (xorshift64*); fuzzing needs speed, not quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that JSON readers trip on.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "-0",
    "1e999",
    "18446744073709551616",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\u{feff}",
    "\u{202e}",
    "\"format\":",
    "\"id\":\"x\"",
    "\"budget\":{\"lines\":[]}",
    "[[[[[[[[",
    "\"../../x\"",
    "\u{1F600}",
    "\"quarters\":[0]",
    "\"year\":0",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut b = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(8) {
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] ^= 1 << rng.below(8);
            }
            1 => b.insert(at, rng.next() as u8),
            2 => {
                let end = (at + rng.below(64)).min(b.len());
                b.drain(at..end);
            }
            3 => b.truncate(at),
            4 | 5 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                b.splice(at..at, t.iter().copied());
            }
            6 => {
                // Repeat a slice: duplicate keys, rows and ids.
                let end = (at + rng.below(256)).min(b.len());
                let piece = b[at..end].to_vec();
                b.splice(end..end, piece);
            }
            _ => {
                // Splice in part of another seed.
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let to = (from + rng.below(512)).min(other.len());
                b.splice(at..at, other[from..to].iter().copied());
            }
        }
    }
    b
}

/// Structured mutation: a random place in a JSON seed set to a random value.
fn generate(rng: &mut Rng, seed: &serde_json::Value) -> Vec<u8> {
    let mut v = seed.clone();
    for _ in 0..1 + rng.below(3) {
        // A random place, found by reading; then changed.
        let mut pointer = String::new();
        let mut node = &v;
        for _ in 0..rng.below(6) {
            let step = match node {
                serde_json::Value::Object(m) if !m.is_empty() => {
                    let k = m.keys().nth(rng.below(m.len())).cloned().unwrap_or_default();
                    m.get(&k).map(|n| (k.replace('~', "~0").replace('/', "~1"), n))
                }
                serde_json::Value::Array(a) if !a.is_empty() => {
                    let i = rng.below(a.len());
                    a.get(i).map(|n| (i.to_string(), n))
                }
                _ => None,
            };
            match step {
                Some((token, n)) => {
                    pointer.push('/');
                    pointer.push_str(&token);
                    node = n;
                }
                None => break,
            }
        }
        let Some(node) = v.pointer_mut(&pointer) else {
            continue;
        };
        *node = match rng.below(7) {
            0 => serde_json::Value::Null,
            1 => serde_json::json!(rng.next() as i64),
            2 => serde_json::json!("x".repeat(rng.below(3000))),
            3 => serde_json::json!([]),
            4 => serde_json::json!({}),
            5 => serde_json::json!(-1),
            _ => serde_json::json!(TOKENS[rng.below(TOKENS.len())]),
        };
    }
    serde_json::to_vec_pretty(&v).unwrap_or_default()
}

/// The importers, each checked for what a failure means to it.
#[derive(Clone, Copy, Debug)]
enum Importer {
    ProposalFile,
    Package,
    ReviewFile,
    CommentsFile,
    /// A review copy annotated in a PDF reader.
    AnnotatedPdf,
}

impl Importer {
    /// `Err` is a failure, with what went wrong.
    fn check(self, input: &[u8], t: &Template) -> Result<(), String> {
        match self {
            Importer::ProposalFile => match Proposal::from_json_bytes(input, t) {
                Ok(p) => {
                    let again = Proposal::from_json_bytes(p.to_json_pretty().as_bytes(), t)
                        .map_err(|e| format!("accepted, then its own file was refused: {e}"))?;
                    (again == p)
                        .then_some(())
                        .ok_or("accepted, then read back differently".into())
                }
                Err(_) => Ok(()),
            },
            Importer::Package => match studio_export::read_package(input, t) {
                Ok(p) => Proposal::from_json_bytes(p.to_json_pretty().as_bytes(), t)
                    .map(drop)
                    .map_err(|e| format!("package accepted, its proposal then refused: {e}")),
                Err(_) => Ok(()),
            },
            Importer::ReviewFile => match studio_export::read_review_file(input, t) {
                Ok(r) => Proposal::from_json_bytes(r.proposal.to_json_pretty().as_bytes(), t)
                    .map(drop)
                    .map_err(|e| format!("review accepted, its snapshot then refused: {e}")),
                Err(_) => Ok(()),
            },
            Importer::CommentsFile => match CommentsFile::from_bytes(input) {
                Ok(f) => {
                    let again = CommentsFile::from_bytes(&f.to_bytes())
                        .map_err(|e| format!("accepted, then its own file was refused: {e}"))?;
                    (again.comments == f.comments)
                        .then_some(())
                        .ok_or("read back differently".into())
                }
                Err(_) => Ok(()),
            },
            Importer::AnnotatedPdf => match studio_export::pdf_notes::read_notes(input) {
                Ok(pdf) => {
                    let snapshot = studio_core::example_proposal().map_err(|e| e.to_string())?;
                    let placed = studio_export::pdf_notes::place_notes(&pdf, &snapshot, 0)
                        .map_err(|e| format!("read, then not placed: {e}"))?;
                    for (_, comments) in &placed.by_reviewer {
                        for c in comments {
                            c.check()
                                .map_err(|e| format!("a note became a comment the store refuses: {e}"))?;
                        }
                    }
                    Ok(())
                }
                Err(_) => Ok(()),
            },
        }
    }
}

fn run_one(importer: Importer, input: &[u8], t: &Template) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| importer.check(input, t))) {
        Ok(r) => r,
        Err(_) => Err("panicked".into()),
    }
}

/// Removes ever smaller pieces of a failing input while it still fails.
fn shrink(importer: Importer, mut input: Vec<u8>, t: &Template) -> Vec<u8> {
    let mut chunk = input.len() / 2;
    while chunk > 0 {
        let mut at = 0;
        while at + chunk <= input.len() {
            let mut smaller = input.clone();
            smaller.drain(at..at + chunk);
            if run_one(importer, &smaller, t).is_err() {
                input = smaller;
            } else {
                at += chunk;
            }
        }
        chunk /= 2;
    }
    input
}

/// A store refusing an input must be left as it was.
fn store_check(store: &mut Store, input: &[u8]) -> Result<(), String> {
    let before = store.list(false).map_err(|e| e.to_string())?.len();
    if store.import_bytes(input).is_err() {
        let after = store.list(false).map_err(|e| e.to_string())?.len();
        if after != before {
            return Err("a refused proposal changed the store".into());
        }
    }
    Ok(())
}

fn main() {
    let cases: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let t = Template::builtin().expect("the built-in template");
    let example = studio_core::example_proposal().expect("the example");
    let work = std::env::temp_dir().join(format!("proposal-fuzz-{}", std::process::id()));
    let opts = studio_export::Options {
        review: None,
        paper: studio_export::Paper::A4,
        review_copy: true,
        version: "1".into(),
        date: "2026-01-01".into(),
    };
    let package = studio_export::write_package(&example, t, &opts, &work).expect("a package");
    let header = studio_core::review::ReviewHeader {
        review_id: "fuzz".into(),
        draft_id: "fuzz".into(),
        title: example.cover.title.clone(),
        sent_on: "2026-01-01".into(),
        snapshot_sha256: studio_core::review::sha256_hex(example.to_json_pretty().as_bytes()),
    };
    let review_path = work.join("fuzz.review");
    studio_export::write_review_file(&example, t, &header, &review_path).expect("a review file");
    let comments = serde_json::json!({
        "format": studio_core::review::COMMENTS_FORMAT,
        "format_version": studio_core::review::COMMENTS_FORMAT_VERSION,
        "review_id": "r1", "draft_id": "d1", "snapshot_sha256": "00",
        "reviewer": { "name": "Ana", "organization": "Ministry" },
        "comments": [{ "id": "c1", "anchor": { "kind": "field", "path": "/cover/title", "label": "Title" },
                       "quoted": "Old", "body": "Shorter.", "suggestion": "New", "created_at": 1 }],
        "checksum": ""
    });
    let comments_file: CommentsFile = serde_json::from_value(comments).expect("a comments file");
    let review_copy = studio_export::render_pdf(
        &example,
        t,
        &studio_export::Options {
            review: Some(studio_export::anchor_map::MapReview {
                review_id: "fuzz".into(),
                draft_id: "fuzz".into(),
                snapshot_sha256: header.snapshot_sha256.clone(),
            }),
            ..opts.clone()
        },
    )
    .expect("a review copy");
    let seeds: Vec<(Importer, Vec<Vec<u8>>)> = vec![
        (Importer::ProposalFile, vec![example.to_json_pretty().into_bytes()]),
        (
            Importer::Package,
            vec![std::fs::read(&package.zip).expect("the package")],
        ),
        (
            Importer::ReviewFile,
            vec![std::fs::read(&review_path).expect("the review file")],
        ),
        (Importer::CommentsFile, vec![comments_file.to_bytes()]),
        (Importer::AnnotatedPdf, vec![review_copy]),
    ];
    // Panics are caught and reported as failures; keep their messages quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    println!("proposal-fuzz: {cases} cases per importer, {threads} threads");
    let mut failed = false;
    for (importer, seeds) in &seeds {
        let json_seed: Option<serde_json::Value> = serde_json::from_slice(&seeds[0]).ok();
        let done = AtomicU64::new(0);
        let failure = std::sync::Mutex::new(None::<(String, Vec<u8>)>);
        let stop = AtomicBool::new(false);
        let started = Instant::now();
        std::thread::scope(|scope| {
            for thread in 0..threads {
                let (done, failure, stop, json_seed) = (&done, &failure, &stop, &json_seed);
                let work = work.join(format!("store-{thread}-{importer:?}"));
                scope.spawn(move || {
                    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((thread as u64 + 1) * 0x1000_0001));
                    let mut store =
                        matches!(importer, Importer::ProposalFile).then(|| Store::open_in(&work).expect("a store"));
                    while !stop.load(Ordering::Relaxed) {
                        let n = done.fetch_add(1, Ordering::Relaxed);
                        if n >= cases {
                            break;
                        }
                        let input = match json_seed {
                            Some(seed) if rng.below(2) == 0 => generate(&mut rng, seed),
                            _ => mutate(&mut rng, seeds),
                        };
                        let mut result = run_one(*importer, &input, t);
                        // The store is slow (every import is on disk): a sample.
                        if result.is_ok() && n % 500 == 0 {
                            if let Some(store) = store.as_mut() {
                                result = store_check(store, &input);
                            }
                        }
                        if let Err(why) = result {
                            stop.store(true, Ordering::Relaxed);
                            let small = shrink(*importer, input, t);
                            *failure.lock().unwrap_or_else(|e| e.into_inner()) = Some((why, small));
                        }
                    }
                });
            }
        });
        let secs = started.elapsed().as_secs_f64();
        let ran = done.load(Ordering::Relaxed).min(cases);
        println!(
            "{importer:?}: {ran} cases in {secs:.1} s, {:.0} cases/s",
            ran as f64 / secs.max(1e-9)
        );
        if let Some((why, input)) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
            failed = true;
            println!("  FAILURE: {why}");
            println!(
                "  shrunk input ({} bytes): {:?}",
                input.len(),
                String::from_utf8_lossy(&input)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    std::process::exit(if failed { 1 } else { 0 });
}
