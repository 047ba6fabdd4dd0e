//! `proposal budget import`: an agency's workbook or CSV file into the
//! budget, as a process on a real data folder. Workbooks are written by
//! rust_xlsxwriter with what agencies' files hold: a title row, a PUNO cell
//! merged down the rows, a subtotal formula with its cached value, a blank
//! row.

use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::Value;

mod common;
use common::{proposal, text};

struct Library {
    dir: tempfile::TempDir,
    draft: String,
}

impl Library {
    fn new() -> Library {
        let dir = tempfile::tempdir().unwrap();
        let example = dir.path().join("example.json");
        let out = proposal(dir.path(), &["example"]);
        std::fs::write(&example, &out.stdout).unwrap();
        let out = proposal(dir.path(), &["import", example.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let draft = text(&out.stdout).trim().to_string();
        Library { dir, draft }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        proposal(self.dir.path(), args)
    }

    fn lines(&self) -> usize {
        let out = self.run(&["show", &self.draft]);
        let p: Value = serde_json::from_slice(&out.stdout).unwrap();
        p["budget"]["lines"].as_array().unwrap().len()
    }

    /// `proposal budget import DRAFT FILE --puno PUNO --json` (with `--dry-run` when asked): the report, once the exit is 0.
    fn import_json(&self, file: &std::path::Path, puno: &str, dry_run: bool) -> Value {
        let file = file.to_str().unwrap();
        let mut args = vec!["budget", "import", &self.draft, file, "--puno", puno, "--json"];
        if dry_run {
            args.push("--dry-run");
        }
        let out = self.run(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn file(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

fn workbook(path: &str, bad: bool) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Notes").unwrap();
    sheet.write_string(0, 0, "Prepared by the UNDP country office").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Budget UNDP").unwrap();
    sheet
        .write_string(0, 0, "UNDP budget, Joint Programme 2027-2029")
        .unwrap();
    for (c, h) in [
        "Description",
        "PUNO",
        "Category",
        "Output",
        "Year",
        "Unit",
        "Quantity",
        "Unit cost (USD)",
        "Total",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, &str, u32, &str, f64, f64); 3] = [
        ("Value-chain studies", "3", "1.1", 1, "study", 4.0, 12_500.0),
        (
            "Lab facilitators",
            "Staff and other personnel",
            "1.2",
            2,
            "month",
            12.0,
            1_234.5,
        ),
        (
            "Seed grants",
            if bad { "Furniture" } else { "6" },
            "1.1",
            1,
            "grant",
            30.0,
            600.0,
        ),
    ];
    for (i, (d, cat, out, year, unit, q, cost)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_string(r, 0, *d).unwrap();
        sheet.write_string(r, 2, *cat).unwrap();
        sheet.write_string(r, 3, *out).unwrap();
        sheet.write_number(r, 4, *year).unwrap();
        sheet.write_string(r, 5, *unit).unwrap();
        sheet.write_number(r, 6, *q).unwrap();
        sheet.write_number(r, 7, *cost).unwrap();
        let formula = Formula::new(format!("=G{}*H{}", r + 1, r + 1)).set_result((q * cost).to_string());
        sheet.write_formula(r, 8, formula).unwrap();
    }
    // The PUNO written once, merged down the three lines.
    sheet.merge_range(2, 1, 4, 1, "UNDP", &Format::new()).unwrap();
    sheet.write_string(6, 0, "Subtotal").unwrap();
    sheet
        .write_formula(6, 8, Formula::new("=SUM(I3:I5)").set_result("82814"))
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn an_agency_workbook_is_read_exactly_and_added_whole_after_a_dry_run() {
    let lib = Library::new();
    let before = lib.lines();
    let file = lib.file("undp.xlsx");
    workbook(&file, false);

    let r = lib.import_json(std::path::Path::new(&file), "UNDP", true);
    assert_eq!(r["sheet"], "Budget UNDP", "the sheet with a budget header is found");
    assert_eq!(r["header_row"], 1);
    assert_eq!(r["added"], false);
    let lines = r["import"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["unit_cost"], "1234.50");
    assert_eq!(lines[1]["category"], 1);
    assert_eq!(lines[1]["year"], 2);
    assert!(lines.iter().all(|l| l["puno"] == "UNDP"));
    let skipped: Vec<u64> = r["import"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["row"].as_u64().unwrap())
        .collect();
    assert_eq!(skipped, vec![6, 7], "the blank row and the subtotal");
    assert_eq!(lib.lines(), before, "a dry run adds nothing");

    let done = lib.run(&["budget", "import", &lib.draft, &file, "--puno", "UNDP"]);
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    assert!(
        text(&done.stdout).contains("3 lines read from sheet \"Budget UNDP\", added"),
        "{}",
        text(&done.stdout)
    );
    assert_eq!(lib.lines(), before + 3);
    let versions = text(&lib.run(&["versions", &lib.draft]).stdout);
    assert!(
        versions.contains("Before importing budget lines from undp.xlsx"),
        "{versions}"
    );
    // The draft's budget adds up to the cent: 50,000 + 14,814 + 18,000 more direct costs.
    let v = lib.run(&["validate", "--draft", &lib.draft, "--json"]);
    let report: Value = serde_json::from_slice(&v.stdout).unwrap();
    assert!(report["budget"]["direct"].is_string(), "{report}");
}

#[test]
fn a_bad_cell_is_named_with_its_place_and_nothing_is_added() {
    let lib = Library::new();
    let before = lib.lines();
    let file = lib.file("undp-bad.xlsx");
    workbook(&file, true);
    let out = lib.run(&["budget", "import", &lib.draft, &file, "--puno", "UNDP"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("row 5, column 3: “Furniture” is not a budget category"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(lib.lines(), before);
    // Lines for another PUNO, a PUNO the proposal lacks, a damaged file: refused, nothing added.
    let out = lib.run(&["budget", "import", &lib.draft, &file, "--puno", "IOM"]);
    assert_eq!(out.status.code(), Some(1));
    let out = lib.run(&["budget", "import", &lib.draft, &file, "--puno", "UNICEF"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let junk = lib.file("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 not really a workbook").unwrap();
    let out = lib.run(&["budget", "import", &lib.draft, &junk, "--puno", "UNDP"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a workbook"), "{}", text(&out.stderr));
    assert_eq!(lib.lines(), before);
}

#[test]
fn a_semicolon_csv_with_decimal_commas_reads_too() {
    let lib = Library::new();
    let before = lib.lines();
    let file = lib.file("onu-mujeres.csv");
    std::fs::write(
        &file,
        "Descripción;Categoría;Producto;Cantidad;Costo unitario;Total\n\
         Cuidado infantil;Servicios;2.1;24;1.234,50;29.628,00\n\
         ;;;;;\n\
         Total;;;;;29.628,00\n",
    )
    .unwrap();
    let r = lib.import_json(std::path::Path::new(&file), "UN Women", false);
    assert_eq!(r["import"]["lines"][0]["unit_cost"], "1234.50");
    assert_eq!(r["import"]["lines"][0]["quantity"], "24");
    assert_eq!(lib.lines(), before + 1);
}

/// Converts `src` with LibreOffice (`soffice --headless --convert-to EXT`)
/// into `dir`, with a profile of its own so parallel runs do not collide.
fn libreoffice(src: &std::path::Path, ext: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let profile = dir.join("lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(dir)
        .arg(src)
        .output()
        .expect("LibreOffice (soffice) is installed by ./studio test");
    let made = dir.join(src.with_extension(ext).file_name().unwrap());
    assert!(
        made.exists(),
        "soffice made no {ext}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    made
}

/// A sheet as a country office keeps it, in LibreOffice's flat XML: a title,
/// the header, three lines with the PUNO cell merged down them, a blank row
/// and a subtotal formula.
const FLAT_ODS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="Presupuesto">
<table:table-row><table:table-cell office:value-type="string"><text:p>Presupuesto PNUD 2027-2029</text:p></table:table-cell></table:table-row>
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>Descripción</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Agencia</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Categoría</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Cantidad</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Costo unitario</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Total</text:p></table:table-cell>
</table:table-row>
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>Talleres municipales</text:p></table:table-cell>
 <table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>PNUD</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="4"><text:p>4</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="1234.5"><text:p>1234.5</text:p></table:table-cell>
 <table:table-cell table:formula="of:=[.D3]*[.E3]" office:value-type="float" office:value="14814"><text:p>14814</text:p></table:table-cell>
</table:table-row>
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>Consultoría jurídica</text:p></table:table-cell>
 <table:covered-table-cell/>
 <table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="20000"><text:p>20000</text:p></table:table-cell>
 <table:table-cell table:formula="of:=[.D4]*[.E4]" office:value-type="float" office:value="40000"><text:p>40000</text:p></table:table-cell>
</table:table-row>
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>Equipos de oficina</text:p></table:table-cell>
 <table:covered-table-cell/>
 <table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="0.5"><text:p>0.5</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="999.98"><text:p>999.98</text:p></table:table-cell>
 <table:table-cell table:formula="of:=[.D5]*[.E5]" office:value-type="float" office:value="499.99"><text:p>499.99</text:p></table:table-cell>
</table:table-row>
<table:table-row><table:table-cell/></table:table-row>
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>Subtotal</text:p></table:table-cell>
 <table:table-cell table:number-columns-repeated="4"/>
 <table:table-cell table:formula="of:=SUM([.F3:.F5])" office:value-type="float" office:value="55313.99"><text:p>55313.99</text:p></table:table-cell>
</table:table-row>
</table:table></office:spreadsheet></office:body></office:document>
"#;

#[test]
fn workbooks_saved_by_libreoffice_read_back_with_merged_cells_formulas_and_subtotals() {
    let lib = Library::new();
    let before = lib.lines();
    let dir = lib.dir.path();
    let flat = dir.join("pnud.fods");
    std::fs::write(&flat, FLAT_ODS).unwrap();
    for ext in ["xlsx", "ods", "xls"] {
        let book = libreoffice(&flat, ext, dir);
        let r = lib.import_json(&book, "UNDP", true);
        let lines = r["import"]["lines"].as_array().unwrap();
        let read: Vec<(String, String, String, Value)> = lines
            .iter()
            .map(|l| {
                let s = |k: &str| l[k].as_str().unwrap_or_default().to_string();
                (s("puno"), s("quantity"), s("unit_cost"), l["category"].clone())
            })
            .collect();
        assert_eq!(
            read,
            vec![
                ("UNDP".into(), "12".into(), "1234.50".into(), Value::from(4)),
                ("UNDP".into(), "2".into(), "20000.00".into(), Value::from(3)),
                ("UNDP".into(), "0.5".into(), "999.98".into(), Value::from(5)),
            ],
            "{ext}"
        );
        let skipped: Vec<u64> = r["import"]["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["row"].as_u64().unwrap())
            .collect();
        assert_eq!(
            skipped,
            vec![6, 7],
            "{ext}: the blank row and the subtotal are listed as left out"
        );
    }
    // A CSV converted by LibreOffice reads too, and is added.
    let csv = dir.join("undp-lines.csv");
    std::fs::write(
        &csv,
        "Description,Category,Quantity,Unit cost\nRadio spots,6,40,150.25\n",
    )
    .unwrap();
    let book = libreoffice(&csv, "xlsx", dir);
    let r = lib.import_json(&book, "UNDP", false);
    assert_eq!(r["import"]["lines"][0]["unit_cost"], "150.25");
    assert_eq!(lib.lines(), before + 1);
}
