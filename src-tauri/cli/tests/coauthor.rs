//! Co-authoring as processes: the convening agency shares a draft with two
//! PUNOs, each on its own data folder writes its parts and returns a
//! contribution, and the author merges both back, settling the one
//! collision. Then the files a merge must refuse.

use serde_json::Value;
use studio_store::Store;

mod common;
use common::{proposal, text};

struct Team {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Team {
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        Team { _dir: dir, root }
    }
    fn data(&self, who: &str) -> std::path::PathBuf {
        self.root.join(who)
    }
    fn file(&self, name: &str) -> String {
        self.root.join(name).to_string_lossy().into_owned()
    }
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn show(data: &std::path::Path, id: &str) -> Value {
    serde_json::from_str(&ok(&proposal(data, &["show", id]))).unwrap()
}

/// The author's draft of the example, shared with UNDP and UN Women; UNDP
/// is also given the context narrative.
fn shared(team: &Team) -> (String, String, String) {
    let author = team.data("author");
    let example = team.file("example.json");
    std::fs::write(&example, proposal(&author, &["example"]).stdout).unwrap();
    let draft = ok(&proposal(&author, &["import", &example])).trim().to_string();
    let undp = ok(&proposal(
        &author,
        &[
            "share",
            "--draft",
            &draft,
            "--puno",
            "UNDP",
            "--narrative",
            "context.body",
            "--out",
            &team.file("undp"),
        ],
    ));
    let women = ok(&proposal(
        &author,
        &[
            "share",
            "--draft",
            &draft,
            "--puno",
            "UN Women",
            "--narrative",
            "context.body",
            "--out",
            &team.file("women.share.zip"),
        ],
    ));
    (draft, undp.trim().to_string(), women.trim().to_string())
}

/// A PUNO opens its share, edits the proposal file as `edit` says, and
/// returns its contribution; gives the contribution's path.
fn contribute(team: &Team, who: &str, share: &str, edit: impl FnOnce(&mut Value)) -> String {
    let data = team.data(who);
    let draft = ok(&proposal(&data, &["import", &team.file(share)])).trim().to_string();
    let again = ok(&proposal(&data, &["import", &team.file(share)])).trim().to_string();
    assert_eq!(draft, again, "opening a share twice gives the same draft");
    let mut p = show(&data, &draft);
    edit(&mut p);
    let edited = team.file(&format!("{who}-edited.json"));
    std::fs::write(&edited, serde_json::to_vec_pretty(&p).unwrap()).unwrap();
    let out = team.file(&format!("{who}.contribution.json"));
    let printed = ok(&proposal(
        &data,
        &[
            "contribution",
            "--draft",
            &draft,
            "--from",
            &edited,
            "--name",
            "Officer",
            "--out",
            &out,
        ],
    ));
    assert!(printed.starts_with(&out), "{printed}");
    out
}

fn lines_of<'a>(p: &'a Value, puno: &str) -> Vec<&'a Value> {
    p["budget"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["puno"] == puno)
        .collect()
}

fn paragraph_edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the example's context says {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn two_punos_write_their_parts_and_the_author_merges_both() {
    let team = Team::new();
    let author = team.data("author");
    let (draft, undp_share, _) = shared(&team);
    assert_eq!(undp_share.len(), 32);
    assert!(
        std::path::Path::new(&team.file("undp.share.zip")).exists(),
        ".share.zip is added to the name"
    );
    let versions = ok(&proposal(&author, &["versions", &draft]));
    assert!(
        versions.contains("Shared with UNDP") && versions.contains("Shared with UN Women"),
        "{versions}"
    );

    let base = show(&author, &draft);
    let context = base["narrative"]["context.body"].as_str().unwrap().to_string();
    let first_words: String = context
        .split("\n\n")
        .nth(1)
        .unwrap()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let undp_line = lines_of(&base, "UNDP")[0]["id"].as_str().unwrap().to_string();

    // UNDP: rewrites a line of its own, adds one, extends the context, and
    // changes the title (not its part: a suggestion).
    let undp = contribute(&team, "undp", "undp.share.zip", |p| {
        let lines = p["budget"]["lines"].as_array_mut().unwrap();
        let mine = lines.iter_mut().find(|l| l["id"] == undp_line.as_str()).unwrap();
        mine["description"] = "Mobile legal clinics (UNDP, revised)".into();
        let mut added = mine.clone();
        added["id"] = "undp-new-line".into();
        added["description"] = "Interpreters for the clinics".into();
        lines.push(added);
        let text = p["narrative"]["context.body"].as_str().unwrap().to_string();
        p["narrative"]["context.body"] = format!("{text}\n\nUNDP adds a closing paragraph.").into();
        p["cover"]["title"] = "A title UNDP prefers".into();
    });
    // UN Women: rewrites the first words of the paragraph the author
    // rewrites too.
    let women = contribute(&team, "women", "women.share.zip", |p| {
        let text = p["narrative"]["context.body"].as_str().unwrap().to_string();
        p["narrative"]["context.body"] = paragraph_edit(&text, &first_words, "UN Women rewrote this").into();
    });
    // Meanwhile the author rewrites the same words.
    {
        let mut s = Store::open_in(&author).unwrap();
        let text = paragraph_edit(&context, &first_words, "The author rewrote this");
        s.apply_patches(
            &draft,
            &[studio_core::Patch::Set {
                path: "/narrative/context.body".into(),
                value: text.into(),
            }],
        )
        .unwrap();
    }

    let dry = proposal(&author, &["merge", "--draft", &draft, &undp, "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry.stderr));
    assert!(
        text(&dry.stdout).contains("would merge cleanly"),
        "{}",
        text(&dry.stdout)
    );
    assert_eq!(
        show(&author, &draft)["budget"],
        base["budget"],
        "a dry run changes nothing"
    );

    let merged = ok(&proposal(&author, &["merge", "--draft", &draft, &undp]));
    assert!(merged.contains("Merged UNDP's contribution"), "{merged}");
    assert!(
        merged.contains("Budget lines: 1 changed, 1 added, 0 removed"),
        "{merged}"
    );
    assert!(
        merged.contains("1 changes outside UNDP's part filed as suggestions"),
        "{merged}"
    );
    let now = show(&author, &draft);
    assert!(now["budget"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["id"] == "undp-new-line"));
    assert_eq!(
        now["cover"]["title"], base["cover"]["title"],
        "outside the assignment: not applied"
    );
    let ctx = now["narrative"]["context.body"].as_str().unwrap();
    assert!(
        ctx.contains("The author rewrote this") && ctx.ends_with("UNDP adds a closing paragraph."),
        "{ctx}"
    );

    // The same contribution again changes nothing.
    let before = ok(&proposal(&author, &["show", &draft]));
    let again = ok(&proposal(&author, &["merge", "--draft", &draft, &undp]));
    assert!(again.contains("merged already"), "{again}");
    assert_eq!(ok(&proposal(&author, &["show", &draft])), before);

    // UN Women's collides on the words both rewrote: exit 1, nothing changed.
    let collide = proposal(&author, &["merge", "--draft", &draft, &women, "--json"]);
    assert_eq!(collide.status.code(), Some(1), "{}", text(&collide.stderr));
    let report: Value = serde_json::from_slice(&collide.stdout).unwrap();
    assert_eq!(report["collisions"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(
        report["collisions"][0]["path"],
        serde_json::json!(["narrative", "context.body"])
    );
    assert_eq!(report["merged"], false);
    assert_eq!(ok(&proposal(&author, &["show", &draft])), before);
    let taken = ok(&proposal(
        &author,
        &["merge", "--draft", &draft, &women, "--take", "theirs"],
    ));
    assert!(taken.contains("Merged UN Women's contribution"), "{taken}");
    let ctx = show(&author, &draft)["narrative"]["context.body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ctx.contains("UN Women rewrote this") && !ctx.contains("The author rewrote this"),
        "{ctx}"
    );
    assert!(
        ctx.ends_with("UNDP adds a closing paragraph."),
        "UNDP's paragraph stays: {ctx}"
    );

    // History keeps the draft as it was before each merge; the suggestion is
    // a comment the author can accept.
    let versions = ok(&proposal(&author, &["versions", &draft]));
    assert!(versions.contains("Before merging UNDP’s contribution"), "{versions}");
    assert!(
        versions.contains("Before merging UN Women’s contribution"),
        "{versions}"
    );
    let s = Store::open_in(&author).unwrap();
    let comments = s.list_comments(&draft).unwrap();
    assert_eq!(comments.len(), 1);
    let c = &comments[0].comment;
    assert_eq!(c.anchor.path, "/cover/title");
    assert_eq!(c.suggestion.as_deref(), Some("A title UNDP prefers"));
    let who = s.authorship(&draft).unwrap();
    // The line UNDP changed, and the one it added, are named as its own.
    assert!(
        who.iter().any(|a| a.puno == "UNDP" && a.path.contains(&undp_line)),
        "{who:?}"
    );
    assert!(
        who.iter().any(|a| a.puno == "UNDP" && a.path.contains("undp-new-line")),
        "{who:?}"
    );
    assert!(who
        .iter()
        .any(|a| a.puno == "UN Women" && a.path.contains("context.body")));

    // The merged draft is a valid proposal whose budget adds up.
    let v = proposal(&author, &["validate", "--draft", &draft, "--json"]);
    let report: Value = serde_json::from_slice(&v.stdout).unwrap();
    assert!(report["budget"]["direct"].is_string(), "{report}");
}

#[test]
fn bad_contributions_are_refused_and_change_nothing() {
    let team = Team::new();
    let author = team.data("author");
    let (draft, _, _) = shared(&team);
    let good = contribute(&team, "undp", "undp.share.zip", |p| {
        let lines = p["budget"]["lines"].as_array_mut().unwrap();
        let mine = lines.iter_mut().find(|l| l["puno"] == "UNDP").unwrap();
        mine["description"] = "Changed".into();
    });
    let before = ok(&proposal(&author, &["show", &draft]));
    let bytes = std::fs::read(&good).unwrap();
    let refused = |file: &str, says: &str| {
        let out = proposal(&author, &["merge", "--draft", &draft, file]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{file}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains(says), "{file}: {}", text(&out.stderr));
        assert_eq!(
            ok(&proposal(&author, &["show", &draft])),
            before,
            "{file} changed the draft"
        );
    };
    let write = |name: &str, b: &[u8]| {
        let f = team.file(name);
        std::fs::write(&f, b).unwrap();
        f
    };
    refused(
        &write("cut.contribution.json", &bytes[..bytes.len() * 2 / 3]),
        "cut short",
    );
    let tampered = text(&bytes).replace("\"Changed\"", "\"Changed by hand\"");
    refused(&write("tampered.contribution.json", tampered.as_bytes()), "checksum");
    refused(
        &write("big.contribution.json", &vec![b' '; 17 * 1024 * 1024]),
        "larger than",
    );
    refused(
        &write("other.contribution.json", b"{\"format\":\"proposal-studio.comments\"}"),
        "not a Proposal Studio contribution",
    );
    // A contribution for another draft: the same file merged into a copy.
    let example = team.file("example.json");
    let other = ok(&proposal(&author, &["import", &example])).trim().to_string();
    let out = proposal(&author, &["merge", "--draft", &other, &good]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("another proposal"), "{}", text(&out.stderr));
    // A tampered share file does not open.
    let share = std::fs::read(team.file("women.share.zip")).unwrap();
    let mut bad = share.clone();
    let at = bad.len() / 2;
    bad[at] ^= 0x55;
    let f = write("bad.share.zip", &bad);
    let out = proposal(&team.data("women"), &["import", &f]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    // And the good one still merges.
    ok(&proposal(&author, &["merge", "--draft", &draft, &good]));
}

#[test]
fn a_paragraph_is_given_by_its_number_as_read_and_one_the_field_lacks_is_refused() {
    let team = Team::new();
    let author = team.data("author");
    let (draft, _, _) = shared(&team);
    let share = |paragraph: &str, file: &str| {
        proposal(
            &author,
            &[
                "share",
                "--draft",
                &draft,
                "--puno",
                "UNDP",
                "--paragraph",
                paragraph,
                "--out",
                &team.file(file),
            ],
        )
    };
    let out = share("context.body:99", "none.share.zip");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("there is no paragraph 99"),
        "{}",
        text(&out.stderr)
    );
    assert!(!std::path::Path::new(&team.file("none.share.zip")).exists());
    let out = share("context.body:0", "zero.share.zip");
    assert_eq!(
        out.status.code(),
        Some(2),
        "paragraphs count from 1: {}",
        text(&out.stderr)
    );

    // Paragraph 3 as read is the third: UNDP's words there merge, and its
    // words in the first paragraph come back as a suggestion.
    ok(&share("context.body:3", "third.share.zip"));
    let contribution = contribute(&team, "undp3", "third.share.zip", |p| {
        let text = p["narrative"]["context.body"].as_str().unwrap().to_string();
        let mut paras: Vec<String> = text.split("\n\n").map(str::to_string).collect();
        paras[2].push_str(" UNDP was here.");
        paras[0].push_str(" And here.");
        p["narrative"]["context.body"] = paras.join("\n\n").into();
    });
    let report = ok(&proposal(
        &author,
        &["merge", "--draft", &draft, &contribution, "--json"],
    ));
    let report: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["suggestions"], 1, "{report}");
    let merged = show(&author, &draft);
    let body = merged["narrative"]["context.body"].as_str().unwrap();
    let paras: Vec<&str> = body.split("\n\n").collect();
    assert!(paras[2].ends_with(" UNDP was here."), "{body}");
    assert!(!body.contains("And here."), "{body}");
}
