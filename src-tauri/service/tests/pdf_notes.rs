//! Notes made on a review copy in a PDF reader, brought back into the
//! draft: the real export, the real SQLite library, and annotations written
//! by pikepdf (tests/pdf/annotate.py) the way Acrobat and Okular write them.
//!
//! `./studio test` installs pikepdf in `.venv-tests`; `PS_PYTHON` names
//! another interpreter that has it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

mod common;

use serde_json::{json, Value};
use studio_core::review::AnchorKind;
use studio_export::anchor_map::{self, AnchorMap, Landed, MapLine};
use studio_export::{Face, Fonts};
use studio_service::{Paper, ServiceError};
use studio_store::{CommentStatus, Store};

struct Fixture {
    dir: tempfile::TempDir,
    lib: Mutex<Store>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let lib = Mutex::new(Store::open_in(&dir.path().join("data")).unwrap());
        Fixture { dir, lib }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn example(&self) -> String {
        self.lib
            .lock()
            .unwrap()
            .create(&studio_core::example_proposal().unwrap())
            .unwrap()
            .id
    }

    /// A review copy of the draft, as the export writes it.
    fn review_copy(&self, id: &str, folder: &str) -> PathBuf {
        studio_service::export_draft(&self.lib, id, &self.path(folder), true, Paper::A4)
            .unwrap()
            .pdf
    }

    /// Every row of every table (what "nothing changed" means).
    fn tables(&self) -> String {
        common::tables(self.lib.lock().unwrap().path())
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("PS_PYTHON") {
        return p.into();
    }
    let venv = repo().join(".venv-tests/bin/python");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}

/// Writes `out` from `pdf` with the notes of `spec`, through pikepdf.
fn annotate(pdf: &Path, out: &Path, spec: &Value) {
    let spec_path = out.with_extension("json");
    std::fs::write(&spec_path, serde_json::to_vec(spec).unwrap()).unwrap();
    let run = Command::new(python())
        .arg(repo().join("tests/pdf/annotate.py"))
        .arg(pdf)
        .arg(out)
        .arg(&spec_path)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "annotate.py failed (pikepdf missing? ./studio test installs it): {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn map_of(pdf: &Path) -> AnchorMap {
    anchor_map::read(&std::fs::read(pdf).unwrap()).unwrap().unwrap()
}

fn face(l: &MapLine) -> Face {
    anchor_map::face_named(&l.face)
}

/// The box of words `from..to` (word indexes) of a line, as a reader draws
/// a highlight over them.
fn words_box(fonts: &mut Fonts, l: &MapLine, from: usize, to: usize) -> ([f32; 4], String) {
    let words: Vec<&str> = l.text.split(' ').collect();
    let before = words[..from].iter().map(|w| format!("{w} ")).collect::<String>();
    let marked = words[from..to].join(" ");
    let x1 = l.x + fonts.width(face(l), l.size, &before);
    let x2 = x1 + fonts.width(face(l), l.size, &marked);
    ([x1 - 0.5, l.y - l.size * 0.22, x2 + 0.5, l.y + l.size * 0.85], marked)
}

/// The first anchor of `kind` whose first line has at least `words` words.
fn anchor_with(map: &AnchorMap, kind: AnchorKind, words: usize, skip: usize) -> &Landed {
    map.anchors
        .iter()
        .filter(|l| l.anchor.kind == kind && l.lines.first().is_some_and(|f| f.text.split(' ').count() >= words))
        .nth(skip)
        .unwrap_or_else(|| panic!("no {kind:?} anchor with {words} words"))
}

fn centre(l: &Landed) -> (u32, f32, f32) {
    let b = &l.boxes[0];
    (b.page, (b.rect[0] + b.rect[2]) / 2.0, (b.rect[1] + b.rect[3]) / 2.0)
}

fn import(f: &Fixture, id: &str, pdf: &Path) -> Result<studio_store::ImportSummary, ServiceError> {
    studio_service::import_comments(&f.lib, id, pdf)
}

#[test]
fn every_kind_of_note_lands_on_its_part_with_its_words_author_and_suggestion() {
    let f = Fixture::new();
    let id = f.example();
    let copy = f.review_copy(&id, "out");
    let map = map_of(&copy);
    let review = map.review.clone().expect("a review copy names its review");
    assert_eq!(review.draft_id, id);
    let mut fonts = Fonts::load().unwrap();

    // A highlight over three words of a paragraph, with a note.
    let para = anchor_with(&map, AnchorKind::Paragraph, 8, 0);
    let (hl_box, hl_words) = words_box(&mut fonts, &para.lines[0], 1, 4);
    // A strike-through over one word of another paragraph, replaced.
    let struck = anchor_with(&map, AnchorKind::Paragraph, 8, 1);
    let (st_box, st_word) = words_box(&mut fonts, &struck.lines[0], 2, 3);
    // A caret after the first word of a third paragraph.
    let careted = anchor_with(&map, AnchorKind::Paragraph, 8, 2);
    let (first_box, _) = words_box(&mut fonts, &careted.lines[0], 0, 1);
    let caret = [first_box[2] - 2.0, first_box[1], first_box[2] + 2.0, first_box[3]];
    let budget = map
        .anchors
        .iter()
        .find(|l| l.anchor.kind == AnchorKind::BudgetLine)
        .unwrap();
    let criterion = map
        .anchors
        .iter()
        .find(|l| l.anchor.kind == AnchorKind::Criterion)
        .unwrap();
    let (bp, bx, by) = centre(budget);
    let (cp, cx, cy) = centre(criterion);
    let page = |l: &MapLine| l.page;
    let spec = json!({
        "style": "acrobat",
        "notes": [
            {"kind": "Highlight", "page": page(&para.lines[0]), "quads": [hl_box], "author": "Amina Diallo",
             "contents": "Say who provides these.", "date": "D:20270103101500+01'00'"},
            {"kind": "StrikeOut", "page": page(&struck.lines[0]), "quads": [st_box], "author": "Amina Diallo",
             "contents": "", "date": "D:20270103101600+01'00'"},
            {"kind": "Caret", "page": page(&struck.lines[0]), "rect": [st_box[2], st_box[1], st_box[2] + 4.0, st_box[3]],
             "author": "Amina Diallo", "contents": "REPLACEMENT", "reply_to": 1, "group": true},
            {"kind": "Caret", "page": page(&careted.lines[0]), "rect": caret, "author": "Jorge Ruiz", "contents": "INSERTED"},
            {"kind": "Text", "page": bp, "rect": [bx - 8.0, by - 8.0, bx + 8.0, by + 8.0], "author": "Jorge Ruiz",
             "contents": "Is this unit cost current?"},
            {"kind": "Text", "page": bp, "rect": [bx - 8.0, by - 8.0, bx + 8.0, by + 8.0], "author": "Amina Diallo",
             "contents": "It is the 2026 rate.", "reply_to": 4},
            {"kind": "FreeText", "page": cp, "rect": [cx - 40.0, cy - 6.0, cx + 40.0, cy + 6.0], "author": "Jorge Ruiz",
             "contents": "Name the complaint mechanism."},
            {"kind": "Ink", "page": cp, "rect": [cx - 20.0, cy - 4.0, cx + 20.0, cy + 4.0], "author": "Jorge Ruiz"},
            {"kind": "Text", "page": 3, "rect": [8.0, 400.0, 24.0, 416.0], "author": "Jorge Ruiz",
             "contents": "A note in the margin."}
        ]
    });
    let annotated = f.path("annotated.pdf");
    annotate(&copy, &annotated, &spec);

    let done = import(&f, &id, &annotated).unwrap();
    assert_eq!(done.added, 8, "{done:?}");
    assert_eq!(done.not_placed, 1);
    assert_eq!(done.reviewer.name, "Amina Diallo");
    assert_eq!(
        done.others.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Jorge Ruiz"]
    );

    let comments = f.lib.lock().unwrap().list_comments(&id).unwrap();
    let by_body = |b: &str| {
        comments
            .iter()
            .find(|c| c.comment.body == b)
            .unwrap_or_else(|| panic!("no comment {b:?}"))
    };

    let hl = by_body("Say who provides these.");
    assert_eq!(hl.comment.anchor, para.anchor);
    assert_eq!(hl.comment.excerpt.as_deref(), Some(hl_words.as_str()));
    assert_eq!(hl.reviewer.name, "Amina Diallo");
    assert_eq!(
        hl.comment.created_at,
        studio_export::pdf_notes::pdf_date("D:20270103091500Z").unwrap()
    );
    assert!(!hl.outdated);

    let strike = comments
        .iter()
        .find(|c| c.comment.excerpt.as_deref() == Some(st_word.as_str()))
        .unwrap();
    assert_eq!(strike.comment.anchor, struck.anchor);
    let suggested = strike
        .comment
        .suggestion
        .clone()
        .expect("a strike-through suggests text");
    assert!(
        suggested.contains("REPLACEMENT") && !suggested.contains(&format!(" {st_word} ")),
        "{suggested}"
    );

    let insert = comments
        .iter()
        .find(|c| c.comment.suggestion.as_deref().is_some_and(|s| s.contains("INSERTED")))
        .expect("the caret suggests an insertion");
    assert_eq!(insert.comment.anchor, careted.anchor);
    assert_eq!(insert.reviewer.name, "Jorge Ruiz");
    let first_word = careted.lines[0].text.split(' ').next().unwrap();
    let alnum = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    assert!(
        alnum(insert.comment.suggestion.as_deref().unwrap()).starts_with(&format!("{}INSERTED", alnum(first_word))),
        "{:?}",
        insert.comment.suggestion
    );

    let question = by_body("Is this unit cost current?");
    assert_eq!(question.comment.anchor, budget.anchor);
    let reply = by_body("It is the 2026 rate.");
    assert_eq!(reply.comment.in_reply_to.as_deref(), Some(question.comment.id.as_str()));
    assert_eq!(reply.comment.anchor, budget.anchor);

    assert_eq!(
        by_body("Name the complaint mechanism.").comment.anchor,
        criterion.anchor
    );
    let ink = comments.iter().find(|c| c.comment.body.contains("drawing")).unwrap();
    assert_eq!(ink.comment.anchor, criterion.anchor);

    let margin = by_body("A note in the margin.");
    assert_eq!(margin.comment.anchor.kind, AnchorKind::Page);
    assert_eq!(margin.comment.anchor.path, "/pages/3");
    assert!(margin.comment.anchor.label.contains('3'));

    // The author accepts the strike-through: the paragraph now reads with
    // the replacement.
    let accepted = f
        .lib
        .lock()
        .unwrap()
        .accept_suggestion(&id, &strike.review_id, &strike.comment.id)
        .unwrap();
    assert_eq!(accepted.status, CommentStatus::Accepted);
    let now = studio_core::review::target_text(&f.lib.lock().unwrap().load(&id).unwrap(), &struck.anchor).unwrap();
    assert_eq!(now, suggested);

    // The same PDF again adds nothing.
    let before = f.tables();
    let again = import(&f, &id, &annotated).unwrap();
    assert_eq!((again.added, again.already), (0, 8));
    assert_eq!(f.tables(), before);

    // A second round on the same copy adds only the new note.
    let mut round2 = spec.clone();
    round2["notes"].as_array_mut().unwrap().push(
        json!({"kind": "Text", "page": bp, "rect": [bx - 8.0, by - 8.0, bx + 8.0, by + 8.0],
                     "author": "Jorge Ruiz", "contents": "One more thing."}),
    );
    let annotated2 = f.path("annotated-round2.pdf");
    annotate(&copy, &annotated2, &round2);
    let third = import(&f, &id, &annotated2).unwrap();
    assert_eq!((third.added, third.already), (1, 8));

    // The CLI's list has them all, as JSON.
    let listed = f.lib.lock().unwrap().list_comments(&id).unwrap();
    assert_eq!(listed.len(), 9);
}

/// On a landscape page (the results framework), a highlight over a row's
/// words and a sticky note beside another row land on those rows: the
/// page's height there is the paper's width.
#[test]
fn notes_on_a_landscape_page_land_on_their_rows() {
    let f = Fixture::new();
    let id = f.example();
    let copy = f.review_copy(&id, "out");
    let map = map_of(&copy);
    assert!(!map.turned.is_empty(), "the example's framework is turned");
    let rows: Vec<&Landed> = map
        .anchors
        .iter()
        .filter(|l| {
            l.anchor.kind == AnchorKind::Row
                && l.anchor.path.starts_with("/results_framework")
                && l.boxes.iter().all(|b| map.turned.contains(&b.page))
                && l.lines.iter().any(|x| x.text.split(' ').count() >= 4)
        })
        .collect();
    assert!(rows.len() >= 2, "rows on turned pages: {}", rows.len());
    let (row, other) = (rows[0], rows[rows.len() - 1]);
    let line = row.lines.iter().find(|x| x.text.split(' ').count() >= 4).unwrap();
    // Past where an upright page would end.
    assert!(line.y > 0.0 && line.y < map.size_of(line.page)[1]);
    let mut fonts = Fonts::load().unwrap();
    let (quad, words) = words_box(&mut fonts, line, 1, 3);
    let (op, ox, oy) = centre(other);
    assert!(ox > map.page_size[0] / 2.0, "the row's box spans the turned page");
    let spec = json!({
        "style": "acrobat",
        "notes": [
            {"kind": "Highlight", "page": line.page, "quads": [quad], "author": "Amina Diallo",
             "contents": "Which survey?"},
            {"kind": "Text", "page": op, "rect": [ox - 8.0, oy - 8.0, ox + 8.0, oy + 8.0], "author": "Amina Diallo",
             "contents": "Check this target."}
        ]
    });
    let annotated = f.path("annotated.pdf");
    annotate(&copy, &annotated, &spec);
    let done = import(&f, &id, &annotated).unwrap();
    assert_eq!((done.added, done.not_placed), (2, 0), "{done:?}");
    let comments = f.lib.lock().unwrap().list_comments(&id).unwrap();
    let by_body = |b: &str| comments.iter().find(|c| c.comment.body == b).unwrap();
    let hl = by_body("Which survey?");
    assert_eq!(hl.comment.anchor, row.anchor);
    assert_eq!(hl.comment.excerpt.as_deref(), Some(words.as_str()));
    assert_eq!(by_body("Check this target.").comment.anchor, other.anchor);
}

#[test]
fn notes_without_names_from_okular_or_evince_import_once_and_merge_with_another_reviewer() {
    let f = Fixture::new();
    let id = f.example();
    let copy = f.review_copy(&id, "out");
    let map = map_of(&copy);
    let para = anchor_with(&map, AnchorKind::Paragraph, 8, 0);
    let (p, x, y) = centre(para);
    let spec = |author: &str, text: &str| {
        json!({"style": "okular", "notes": [
            {"kind": "Text", "page": p, "rect": [x - 8.0, y - 8.0, x + 8.0, y + 8.0], "author": author, "contents": text,
             "date": "D:20270104"}
        ]})
    };
    let (a, b) = (f.path("a.pdf"), f.path("b.pdf"));
    annotate(&copy, &a, &spec("Lina Haddad", "Too long."));
    annotate(&copy, &b, &spec("Omar Said", "Add a source."));
    assert_eq!(import(&f, &id, &a).unwrap().added, 1);
    assert_eq!(import(&f, &id, &a).unwrap().added, 0);
    assert_eq!(import(&f, &id, &b).unwrap().added, 1);
    let comments = f.lib.lock().unwrap().list_comments(&id).unwrap();
    assert_eq!(comments.len(), 2);
    assert!(comments.iter().all(|c| c.comment.anchor == para.anchor));
    let names: Vec<&str> = comments.iter().map(|c| c.reviewer.name.as_str()).collect();
    assert_eq!(names, ["Lina Haddad", "Omar Said"]);
}

#[test]
fn what_is_not_an_annotated_review_copy_of_this_draft_is_refused_in_words_and_changes_nothing() {
    let f = Fixture::new();
    let id = f.example();
    let other = f.example();
    let copy = f.review_copy(&id, "mine");
    let theirs = f.review_copy(&other, "theirs");
    let final_export = {
        let mut p = studio_core::example_proposal().unwrap();
        p.language = "en".into();
        studio_service::export_file(
            &p,
            studio_core::Template::builtin().unwrap(),
            Paper::A4,
            true,
            1,
            "2027-01-05",
            &f.path("file-export"),
        )
        .unwrap()
        .pdf
    };
    let plain = f.path("plain.pdf");
    std::fs::write(
        &plain,
        studio_export::render_pdf(
            &studio_core::example_proposal().unwrap(),
            studio_core::Template::builtin().unwrap(),
            &studio_export::Options {
                review: None,
                paper: Paper::A4,
                review_copy: false,
                version: "1".into(),
                date: "2027-01-05".into(),
            },
        )
        .unwrap(),
    )
    .unwrap();
    let bytes = std::fs::read(&copy).unwrap();
    let truncated = f.path("truncated.pdf");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let scripted = f.path("scripted.pdf");
    annotate(
        &copy,
        &scripted,
        &json!({"style": "acrobat", "javascript": true, "notes": []}),
    );
    let flattened = f.path("flattened.pdf");
    annotate(&copy, &flattened, &json!({"flatten": true}));
    let twins = f.path("twins.pdf");
    annotate(
        &copy,
        &twins,
        &json!({"style": "acrobat", "notes": [
            {"kind": "Text", "page": 2, "rect": [100.0, 500.0, 116.0, 516.0], "author": "A", "contents": "One", "name": "same"},
            {"kind": "Text", "page": 4, "rect": [100.0, 500.0, 116.0, 516.0], "author": "A", "contents": "Two", "name": "same"}
        ]}),
    );
    let elsewhere = f.path("elsewhere.pdf");
    let run = Command::new(python())
        .arg("-c")
        .arg("import pikepdf,sys; p=pikepdf.new(); p.add_blank_page(); p.save(sys.argv[1])")
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let not_pdf = f.path("notes.pdf");
    std::fs::write(&not_pdf, b"these are my notes").unwrap();

    let before = f.tables();
    let cases: [(&Path, &str); 9] = [
        (&twins, "same name"),
        (&theirs, "another draft"),
        (&final_export, "not a review copy sent from a draft"),
        (&plain, "final export"),
        (&elsewhere, "not a review copy made by Proposal Studio"),
        (&truncated, "damaged or cut short"),
        (&scripted, "JavaScript"),
        (&flattened, "flattened"),
        (&not_pdf, "not"),
    ];
    for (pdf, says) in cases {
        let e = import(&f, &id, pdf).expect_err(&pdf.display().to_string());
        assert!(e.to_string().contains(says), "{}: {e}", pdf.display());
        assert_eq!(f.tables(), before, "{} changed the library", pdf.display());
    }
}

#[test]
fn mangled_review_copies_are_refused_without_a_panic() {
    let f = Fixture::new();
    let id = f.example();
    let bytes = std::fs::read(f.review_copy(&id, "out")).unwrap();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    for round in 0..150 {
        let mut b = bytes.clone();
        match round % 3 {
            0 => b.truncate(next(b.len())),
            1 => {
                for _ in 0..1 + next(40) {
                    let i = next(b.len());
                    b[i] = next(256) as u8;
                }
            }
            _ => {
                let at = next(b.len());
                let len = next(2000).min(b.len() - at);
                b.drain(at..at + len);
            }
        }
        // Whatever it says, it says it in a Result.
        let _ = studio_export::pdf_notes::read_notes(&b);
    }
}
