//! The `proposal` binary as a user runs it, against a real data folder.

use std::process::Output;

mod common;
use common::{proposal, text};

fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

#[test]
fn example_validate_import_list_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("example.json");
    let out = proposal(&data, &["example"]);
    assert!(out.status.success());
    std::fs::write(&file, &out.stdout).unwrap();

    let out = proposal(&data, &["validate", file.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    assert!(report["problems"].is_array());
    assert!(report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "executive_summary"));
    // The built-in example is complete: it is ready, and says so by its exit code.
    assert_eq!(report["ready"], true, "{}", stdout(&out));
    assert_eq!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["severity"] == "blocking")
            .count(),
        0
    );
    assert_eq!(out.status.code(), Some(0));

    let out = proposal(&data, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    assert_eq!(id.len(), 32);

    let out = proposal(&data, &["list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["countries"][0], "Ecuador");
    assert!(stdout(&proposal(&data, &["list"])).contains(&id));
    let by_id = proposal(&data, &["validate", "--draft", &id, "--json"]);
    let from_store: serde_json::Value = serde_json::from_slice(&by_id.stdout).unwrap();
    assert_eq!(from_store["problems"], report["problems"]);
    assert_eq!(from_store["budget"], report["budget"]);
    assert_eq!(proposal(&data, &["validate", "--draft", "nope"]).status.code(), Some(2));
}

#[test]
fn a_proposal_with_blocking_problems_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&proposal(dir.path(), &["example"]).stdout).unwrap();
    v["cover"]["punos"] = serde_json::json!([{"entity": "IOM", "convening": true}]);
    let file = dir.path().join("one-puno.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let out = proposal(dir.path(), &["validate", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ready"], false);
    let p = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "too_few_punos")
        .expect("problem");
    assert_eq!(p["path"], "/cover/punos");
    assert_eq!(p["severity"], "blocking");
    assert!(p["message"].as_str().unwrap().contains("at least 2"));
}

#[test]
fn bad_files_get_one_line_exit_2_and_leave_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let example = dir.path().join("example.json");
    std::fs::write(&example, proposal(&data, &["example"]).stdout).unwrap();
    assert!(proposal(&data, &["import", example.to_str().unwrap()]).status.success());
    let db = data.join(studio_store::DATABASE_FILE);
    let snapshot = || {
        let mut all = std::fs::read(&db).unwrap();
        for side in ["-wal", "-shm"] {
            let p = format!("{}{side}", db.display());
            all.extend(std::fs::read(p).unwrap_or_default());
        }
        all
    };
    let before = snapshot();

    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&example).unwrap()).unwrap();
    v["template"]["id"] = serde_json::json!("other-fund");
    let wrong_template = v.to_string();
    v["template"]["id"] = serde_json::json!("mptf-jp");
    v["cover"]["duration_months"] = serde_json::json!("thirty");
    let wrong_schema = v.to_string();
    let junk: Vec<u8> = (0..50 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not-json.json", b"<html>hello</html>".to_vec(), "not valid JSON"),
        (
            "not-proposal.json",
            br#"{"hello": "world"}"#.to_vec(),
            "not a proposal file",
        ),
        ("wrong-template.json", wrong_template.into_bytes(), "other-fund"),
        ("wrong-schema.json", wrong_schema.into_bytes(), "cover.duration_months"),
        ("junk.bin", junk, "larger than 16 MB"),
    ];
    for (name, bytes, expect) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        for cmd in ["import", "validate"] {
            let out = proposal(&data, &[cmd, file.to_str().unwrap()]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{cmd} {name}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{cmd} {name}: one line: {err}");
            assert!(err.contains(expect), "{cmd} {name}: {err}");
            assert!(stdout(&out).is_empty());
        }
    }
    let missing = proposal(&data, &["import", "/no/such/file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(snapshot(), before, "the database did not change");
}

#[test]
fn unknown_commands_exit_2_with_usage() {
    let dir = tempfile::tempdir().unwrap();
    let out = proposal(dir.path(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--help"));
    assert!(proposal(dir.path(), &["--help"]).status.success());
}

#[test]
fn validate_json_reports_the_budget_as_decimal_strings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("example.json");
    std::fs::write(&file, proposal(dir.path(), &["example"]).stdout).unwrap();
    let out = proposal(dir.path(), &["validate", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "the example is ready");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &v["budget"];
    assert_eq!(b["direct"], "2240000.00");
    assert_eq!(b["indirect"], "156800.00");
    assert_eq!(b["total"], "2396800.00");
    assert_eq!(b["by_puno"]["IOM"]["total"], "1070000.00");
    assert_eq!(b["by_puno"]["UNDP"]["total"], "749000.00");
    assert_eq!(b["by_puno"]["UN Women"]["total"], "577800.00");
    let categories: f64 = b["by_category"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(categories, 2240000.0);
    assert_eq!(v["markers"]["human_rights"]["grade"], "A");
    assert_eq!(v["markers"]["gender_score"], 2);
}

/// The app reads a draft from the store and runs the core's rules; the CLI
/// reads a file and runs the same rules. On the example and on broken
/// variants of it, both must report the same problems.
#[test]
fn the_cli_and_the_app_agree_on_readiness() {
    use studio_core::{validate, Template};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let example: serde_json::Value = serde_json::from_slice(&proposal(&data, &["example"]).stdout).unwrap();
    let mut variants = vec![example.clone()];
    let mut v = example.clone();
    v["cover"]["punos"][1]["convening"] = serde_json::json!(true);
    variants.push(v);
    let mut v = example.clone();
    v["narrative"].as_object_mut().unwrap().remove("principles.c");
    v["cover"]["title"] = serde_json::json!("");
    variants.push(v);
    let mut v = example.clone();
    v["budget"]["lines"][0]["unit_cost"] = serde_json::json!("-5");
    v["cover"]["duration_months"] = serde_json::json!(12);
    variants.push(v);
    let mut v = example.clone();
    v["narrative"]["executive_summary.body"] = serde_json::json!("word ".repeat(700));
    v["kind"] = serde_json::json!("concept_note");
    variants.push(v);

    for (i, variant) in variants.iter().enumerate() {
        let file = dir.path().join(format!("variant-{i}.json"));
        std::fs::write(&file, variant.to_string()).unwrap();
        let out = proposal(&data, &["validate", file.to_str().unwrap(), "--json"]);
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

        let id = stdout(&proposal(&data, &["import", file.to_str().unwrap()]))
            .trim()
            .to_string();
        let store = studio_store::Store::open_in(&data).unwrap();
        let app = validate(&store.load(&id).unwrap(), Template::builtin().unwrap());
        assert_eq!(
            cli["problems"],
            serde_json::to_value(&app.problems).unwrap(),
            "variant {i}"
        );
        assert_eq!(
            cli["sections"],
            serde_json::to_value(&app.sections).unwrap(),
            "variant {i}"
        );
        assert_eq!(cli["ready"], app.ready, "variant {i}");
        assert_eq!(out.status.code(), Some(if app.ready { 0 } else { 1 }));
        if i > 0 {
            assert!(!app.problems.is_empty(), "variant {i} is broken");
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn export_writes_a_package_whose_manifest_matches_and_whose_spreadsheets_add_up() {
    use calamine::{Data, Reader, Xlsx};
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("example.json");
    std::fs::write(&file, proposal(dir.path(), &["example"]).stdout).unwrap();
    let out_dir = dir.path().join("out");
    let out = proposal(
        dir.path(),
        &[
            "export",
            file.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--date",
            "2027-02-15",
            "--version",
            "3",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let zip_path = out_dir.join("livelihoods-together-imbabura-and-sucumbíos-v3.zip");
    assert!(stdout(&out).contains(zip_path.to_str().unwrap()), "{}", stdout(&out));
    let pdf_beside = std::fs::read(out_dir.join("livelihoods-together-imbabura-and-sucumbíos-v3.pdf")).unwrap();

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut buf = Vec::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the zip"))
            .read_to_end(&mut buf)
            .unwrap();
        buf
    };
    let manifest: serde_json::Value = serde_json::from_slice(&read("manifest.json")).unwrap();
    assert_eq!(manifest["template"]["id"], "mptf-jp");
    assert_eq!(manifest["export_time"], "2027-02-15T00:00:00Z");
    assert!(manifest["app_version"].as_str().is_some());
    let files = manifest["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    for expected in [
        "budget.xlsx",
        "budget.csv",
        "results-framework.xlsx",
        "results-framework.csv",
    ] {
        assert!(names.contains(&expected), "{expected} listed");
    }
    assert!(names.iter().any(|n| n.ends_with(".pdf")) && names.iter().any(|n| n.ends_with(".proposal.json")));
    for f in files {
        let bytes = read(f["name"].as_str().unwrap());
        assert_eq!(f["sha256"], sha256_hex(&bytes), "{} checksum", f["name"]);
        assert_eq!(f["bytes"], bytes.len() as u64);
    }
    let pdf_name = names.iter().find(|n| n.ends_with(".pdf")).unwrap().to_string();
    assert_eq!(read(&pdf_name), pdf_beside, "the PDF beside the zip is the one inside");

    // The proposal file in the package is a proposal file this tool reads.
    let json_name = names
        .iter()
        .find(|n| n.ends_with(".proposal.json"))
        .unwrap()
        .to_string();
    let inner = dir.path().join("inner.json");
    std::fs::write(&inner, read(&json_name)).unwrap();
    assert_eq!(
        proposal(dir.path(), &["validate", inner.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );

    // A real reader sees the core's totals in the workbook.
    let xlsx_path = dir.path().join("budget.xlsx");
    std::fs::write(&xlsx_path, read("budget.xlsx")).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let last = summary.rows().next_back().unwrap().to_vec();
    assert_eq!(last[0], Data::String("Total".into()));
    let number = |d: &Data| match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::String(s) => s.parse().unwrap(),
        other => panic!("not a number: {other:?}"),
    };
    assert_eq!(number(last.last().unwrap()), 2_396_800.0);
    let formulas = wb.worksheet_formula("Summary").unwrap();
    assert!(
        formulas.rows().flatten().any(|f| f.starts_with("SUMIFS(")),
        "working formulas"
    );
    let lines = wb.worksheet_range("Budget lines").unwrap();
    let direct = lines
        .rows()
        .find(|r| r.get(1) == Some(&Data::String("Total direct costs".into())))
        .unwrap();
    assert_eq!(number(&direct[9]), 2_240_000.0);
    let csv = String::from_utf8(read("budget.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 43);
}

#[test]
fn a_final_export_is_refused_while_problems_block_it_but_a_review_copy_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&proposal(dir.path(), &["example"]).stdout).unwrap();
    v["cover"]["title"] = serde_json::json!("");
    let file = dir.path().join("broken.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let out_dir = dir.path().join("out");
    let out = proposal(
        dir.path(),
        &["export", file.to_str().unwrap(), "--out", out_dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/cover/title"), "{}", stderr(&out));
    assert!(!out_dir.exists(), "nothing written");
    let out = proposal(
        dir.path(),
        &[
            "export",
            file.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--review-copy",
            "--letter",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("-review-copy.zip"));
}
