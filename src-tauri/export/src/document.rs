//! The submission document: cover, contents, numbered sections, annex tables
//! and the signature page, laid out page by page.

use studio_core::budget::{summarize, BudgetSummary, UNLINKED, UNSET};
use studio_core::markers::{self, MarkerReport};
use studio_core::money::Money;
use studio_core::template::{narrative_key, Section, SectionKind, SignatureRole, Template};
use studio_core::{date::Date, Proposal};

use crate::fonts::{Face, Fonts};
use crate::i18n::{self, count, join_semicolon, long_date, percent, tr, trf, usd};
use crate::layout::*;
use crate::markdown::{self, BODY};
use crate::Options;

/// A laid-out document: its pages, the outline (title, page index) and where
/// each section landed (anchor, page index).
pub struct Laid {
    pub pages: Vec<Page>,
    pub outline: Vec<(String, usize)>,
    pub anchors: Vec<(String, usize)>,
    /// Words in tables too wide for their column (cut between letters); the
    /// tests read it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub cut_table_words: Vec<String>,
}

struct Entry {
    anchor: String,
    title: String,
}

fn money(lang: &str, m: Money) -> String {
    i18n::money(lang, m)
}

/// A PUNO as people know it in `lang` ("ONU Femmes"), from the template.
fn puno_name(t: &Template, lang: &str, code: &str) -> String {
    dash_if_empty(t.entity_short(code.trim(), lang))
}

fn headers(texts: &[&str]) -> Vec<Cell> {
    texts.iter().map(|x| Cell::text(*x)).collect()
}

fn dash_if_empty(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.trim().to_string()
    }
}

/// A template title without its "Annex:" lead ("Annexe : …", "Anexo: …"),
/// since the document numbers its annexes itself.
fn without_annex_lead(title: &str) -> &str {
    match title.split_once(':') {
        Some((lead, rest)) if !lead.trim().is_empty() && !lead.trim().contains(char::is_whitespace) => rest.trim(),
        _ => title,
    }
}

fn section_title(s: &Section, lang: &str, narrative_n: &mut u32, annex_n: &mut u8) -> String {
    let title = s.title.get(lang);
    match s.kind {
        SectionKind::Cover => title.to_string(),
        SectionKind::Narrative | SectionKind::Principles => {
            *narrative_n += 1;
            format!("{narrative_n}. {title}")
        }
        _ => {
            let letter = (b'A' + *annex_n) as char;
            *annex_n += 1;
            trf(
                lang,
                "section.annex",
                &[("letter", &letter.to_string()), ("title", without_annex_lead(title))],
            )
        }
    }
}

pub fn layout(p: &Proposal, t: &Template, opts: &Options, fonts: &mut Fonts, toc_pages: &[(String, usize)]) -> Laid {
    let geo = opts.paper.geometry();
    let mut flow = Flow::new(fonts, geo);
    let budget = summarize(&p.budget, &p.results_framework, t);
    let marks = markers::report(p, t);
    let lang = p.language.as_str();

    // Contents entries, in order.
    let mut entries = Vec::new();
    let (mut n, mut a) = (0u32, 0u8);
    for s in t.sections_of(p.kind).filter(|s| s.kind != SectionKind::Cover) {
        entries.push(Entry {
            anchor: s.id.clone(),
            title: section_title(s, lang, &mut n, &mut a),
        });
    }
    entries.push(Entry {
        anchor: "signatures".into(),
        title: tr(lang, "section.signatures").into(),
    });

    cover(&mut flow, p, t, opts, &budget, &marks);

    // Contents.
    flow.new_page();
    flow.mark("contents");
    flow.heading(tr(lang, "toc.title"), 18.0, ACCENT, 40.0, 12.0);
    for e in &entries {
        let page = toc_pages
            .iter()
            .find(|(a, _)| *a == e.anchor)
            .map(|(_, i)| (i + 1).to_string())
            .unwrap_or_else(|| "00".into());
        flow.toc_line(&e.title, &page, 10.5, Face::Regular, 0.0);
    }

    let mut outline = vec![
        (tr(lang, "outline.cover").to_string(), 0),
        (tr(lang, "toc.title").to_string(), 1),
    ];
    for (s, entry) in t
        .sections_of(p.kind)
        .filter(|s| s.kind != SectionKind::Cover)
        .zip(&entries)
    {
        let title = &entry.title;
        flow.new_page();
        flow.mark(&s.id);
        outline.push((title.clone(), flow.page_index()));
        flow.heading(title, 16.0, ACCENT, 60.0, 10.0);
        match s.kind {
            SectionKind::Narrative => narrative(&mut flow, p, s),
            SectionKind::Principles => principles(&mut flow, p, t, s),
            SectionKind::ResultsFramework => results_framework(&mut flow, p, t),
            SectionKind::Workplan => workplan(&mut flow, p, t),
            SectionKind::RiskMatrix => risks(&mut flow, p, t),
            SectionKind::Budget => budget_annex(&mut flow, p, t, &budget),
            SectionKind::HumanRightsMarker => hr_marker(&mut flow, p, t, &marks),
            SectionKind::GenderMarker => gender_marker(&mut flow, p, t, &marks),
            SectionKind::Cover => {}
        }
    }

    flow.new_page();
    flow.mark("signatures");
    outline.push((tr(lang, "section.signatures").into(), flow.page_index()));
    signatures(&mut flow, p, t);

    let anchors = flow.anchors.clone();
    let cut_table_words = flow.cut_table_words.clone();
    let mut pages = flow.pages;
    decorate(&mut pages, fonts, p, opts, &geo);
    Laid {
        pages,
        outline,
        anchors,
        cut_table_words,
    }
}

fn missing(lang: &str) -> Span {
    Span::italic(tr(lang, "section.not_written")).colored(MUTED)
}

fn narrative(flow: &mut Flow, p: &Proposal, s: &Section) {
    let lang = p.language.as_str();
    let several = s.fields.len() > 1;
    for f in &s.fields {
        if several {
            flow.space(6.0);
            flow.heading(f.label.get(lang), 12.0, INK, BODY * 3.0, 4.0);
        }
        match p
            .narrative
            .get(&narrative_key(&s.id, &f.id))
            .filter(|t| !t.trim().is_empty())
        {
            Some(text) => markdown::render(flow, text),
            None => flow.paragraph(&[missing(lang)], BODY, INK, 0.0, None, 6.0),
        }
    }
}

fn principles(flow: &mut Flow, p: &Proposal, t: &Template, s: &Section) {
    let lang = p.language.as_str();
    for pr in &t.guiding_principles {
        flow.space(6.0);
        flow.heading(
            &format!("({}) {}", pr.id, pr.title.get(lang)),
            12.0,
            INK,
            BODY * 3.0,
            4.0,
        );
        match p
            .narrative
            .get(&narrative_key(&s.id, &pr.id))
            .filter(|t| !t.trim().is_empty())
        {
            Some(text) => markdown::render(flow, text),
            None => flow.paragraph(&[missing(lang)], BODY, INK, 0.0, None, 6.0),
        }
    }
}

fn measure(m: &studio_core::annexes::Measure) -> String {
    match m.year {
        Some(y) if !m.value.trim().is_empty() => format!("{} ({y})", m.value.trim()),
        _ => dash_if_empty(&m.value),
    }
}

fn results_framework(flow: &mut Flow, p: &Proposal, t: &Template) {
    let lang = p.language.as_str();
    let dis = |id: &String, other: &str| {
        let label = t
            .results_framework
            .disaggregations
            .iter()
            .find(|d| &d.id == id)
            .map(|d| d.label.get(lang).to_string())
            .unwrap_or_else(|| id.clone());
        if *id == t.results_framework.disaggregation_free_text && !other.trim().is_empty() {
            trf(
                lang,
                "results.other_named",
                &[("label", &label), ("text", other.trim())],
            )
        } else {
            label
        }
    };
    let rf = &p.results_framework;
    if rf.outcomes.is_empty() {
        flow.paragraph(&[missing(lang)], BODY, INK, 0.0, None, 6.0);
        return;
    }
    let indicator_cells = |ind: &studio_core::annexes::Indicator| {
        let mut text = vec![Span::plain(dash_if_empty(&ind.text))];
        if !ind.unit.trim().is_empty() {
            text.push(Span::plain(format!(" ({})", ind.unit.trim())).colored(MUTED));
        }
        if !ind.disaggregation.is_empty() {
            let list: Vec<String> = ind
                .disaggregation
                .iter()
                .map(|d| dis(d, &ind.disaggregation_other))
                .collect();
            text.push(
                Span::italic(format!(
                    "\n{}",
                    trf(lang, "results.disaggregated_by", &[("list", &list.join(", "))])
                ))
                .colored(MUTED),
            );
        }
        vec![
            Cell {
                spans: text,
                fill: None,
            },
            Cell::text(measure(&ind.baseline)),
            Cell::text(measure(&ind.target)),
            Cell::text(dash_if_empty(&ind.means_of_verification)),
            Cell::text(puno_name(t, lang, &ind.responsible_puno)),
        ]
    };
    // One result per block: its statement beside its first indicator, further
    // indicators below, as in a printed logframe.
    let result_rows = |rows: &mut Vec<Row>, head: Vec<Span>, list: &[studio_core::annexes::Indicator], fill| {
        let mut first = true;
        let cells_for = |ind: Option<&studio_core::annexes::Indicator>, head: Vec<Span>| {
            let mut cells = vec![Cell {
                spans: head,
                fill: None,
            }];
            match ind {
                Some(i) => cells.extend(indicator_cells(i)),
                None => cells.extend([
                    Cell::text("—"),
                    Cell::default(),
                    Cell::default(),
                    Cell::default(),
                    Cell::default(),
                ]),
            }
            cells
        };
        if list.is_empty() {
            rows.push(Row {
                cells: cells_for(None, head),
                fill,
            });
            return;
        }
        for ind in list {
            let h = if first { head.clone() } else { vec![] };
            rows.push(Row {
                cells: cells_for(Some(ind), h),
                fill: if first { fill } else { None },
            });
            first = false;
        }
    };
    let mut rows = Vec::new();
    for (i, oc) in rf.outcomes.iter().enumerate() {
        let mut head = vec![
            Span::bold(trf(lang, "results.outcome", &[("n", &(i + 1).to_string())])),
            Span::plain(format!("\n{}", dash_if_empty(&oc.title))),
        ];
        if !oc.assumptions.trim().is_empty() {
            head.push(
                Span::italic(format!(
                    "\n{}",
                    trf(lang, "results.assumptions", &[("text", oc.assumptions.trim())])
                ))
                .colored(MUTED),
            );
        }
        if !oc.gcm_objectives.is_empty() {
            let list: Vec<String> = oc.gcm_objectives.iter().map(u8::to_string).collect();
            head.push(
                Span::italic(format!(
                    "\n{}",
                    trf(lang, "results.gcm_objectives", &[("list", &list.join(", "))])
                ))
                .colored(MUTED),
            );
        }
        result_rows(&mut rows, head, &oc.indicators, Some(ACCENT_SOFT));
        for (j, op) in oc.outputs.iter().enumerate() {
            let head = vec![
                Span::bold(trf(lang, "results.output", &[("n", &format!("{}.{}", i + 1, j + 1))])),
                Span::plain(format!("\n{}", dash_if_empty(&op.title))),
            ];
            result_rows(&mut rows, head, &op.indicators, Some(SHADE));
        }
    }
    flow.table(&Table {
        widths: vec![0.23, 0.26, 0.11, 0.11, 0.15, 0.14],
        align: vec![Align::Left; 6],
        header: headers(&[
            tr(lang, "results.result"),
            tr(lang, "results.indicator"),
            tr(lang, "results.baseline"),
            tr(lang, "results.target"),
            tr(lang, "results.verification"),
            tr(lang, "results.lead_puno"),
        ]),
        rows,
        size: 8.0,
    });
}

fn workplan(flow: &mut Flow, p: &Proposal, t: &Template) {
    let lang = p.language.as_str();
    let quarters = p.cover.duration_months.map(|m| m.div_ceil(3) as usize).unwrap_or(0);
    let max_q = p
        .results_framework
        .activities()
        .flat_map(|a| a.quarters.iter().copied())
        .max()
        .unwrap_or(0) as usize;
    let cols = quarters.max(max_q).max(1);
    let start = p.cover.start_date.as_deref().and_then(Date::parse);
    if let Some(s) = start {
        let intro = trf(
            lang,
            "workplan.intro",
            &[("date", &long_date(lang, s)), ("count", &count(lang, cols))],
        );
        flow.paragraph(&[Span::plain(intro).colored(MUTED)], 9.0, INK, 0.0, None, 6.0);
    }
    let q_share = (0.56 / cols as f32).min(0.06);
    let act_share = 1.0 - 0.1 - q_share * cols as f32;
    let mut widths = vec![act_share, 0.1];
    widths.extend(std::iter::repeat_n(q_share, cols));
    let mut header = headers(&[tr(lang, "workplan.activity"), tr(lang, "workplan.puno")]);
    header.extend((1..=cols).map(|q| Cell::text(trf(lang, "workplan.quarter", &[("n", &q.to_string())]))));
    let mut align = vec![Align::Left, Align::Left];
    align.extend(std::iter::repeat_n(Align::Center, cols));
    if p.results_framework.outcomes.iter().all(|oc| oc.outputs.is_empty()) {
        flow.paragraph(&[missing(lang)], BODY, INK, 0.0, None, 6.0);
        return;
    }
    let output_row = |i: usize, j: usize, op: &studio_core::annexes::Output| {
        let output = trf(lang, "results.output", &[("n", &format!("{}.{}", i + 1, j + 1))]);
        let mut cells = vec![Cell::bold(format!("{output} {}", op.title.trim())), Cell::default()];
        cells.extend((0..cols).map(|_| Cell::default()));
        Row {
            cells,
            fill: Some(SHADE),
        }
    };
    let activity_row = |i: usize, j: usize, k: usize, a: &studio_core::annexes::Activity| {
        let mut cells = vec![
            Cell {
                spans: vec![
                    Span::bold(format!("{}.{}.{} ", i + 1, j + 1, k + 1)),
                    Span::plain(dash_if_empty(&a.title)),
                ],
                fill: None,
            },
            Cell::text(puno_name(t, lang, &a.puno)),
        ];
        cells.extend((1..=cols).map(|q| {
            if a.quarters.contains(&(q as u16)) {
                let over = quarters > 0 && q > quarters;
                Cell::filled(if over { (0.75, 0.2, 0.15) } else { BAR })
            } else {
                Cell::default()
            }
        }));
        Row { cells, fill: None }
    };
    let (output_row, activity_row) = (&output_row, &activity_row);
    // A row at a time: a workplan of a million activities never exists whole.
    let rows = p.results_framework.outcomes.iter().enumerate().flat_map(|(i, oc)| {
        oc.outputs.iter().enumerate().flat_map(move |(j, op)| {
            std::iter::once(output_row(i, j, op)).chain(
                op.activities
                    .iter()
                    .enumerate()
                    .map(move |(k, a)| activity_row(i, j, k, a)),
            )
        })
    });
    let table = Table {
        widths,
        align,
        header,
        rows: Vec::new(),
        size: 7.5,
    };
    flow.table_of(&table, rows);
}

fn risks(flow: &mut Flow, p: &Proposal, t: &Template) {
    let lang = p.language.as_str();
    if p.risk_matrix.risks.is_empty() {
        flow.paragraph(&[missing(lang)], BODY, INK, 0.0, None, 6.0);
        return;
    }
    let cat = |id: &str| {
        t.risk_matrix
            .categories
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.get(lang).to_string())
            .unwrap_or_else(|| dash_if_empty(id))
    };
    let rows = p
        .risk_matrix
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let score = r.score();
            let band = t.risk_matrix.band(score).map(|b| band_shade(&b.id));
            Row {
                cells: vec![
                    Cell::text((i + 1).to_string()),
                    Cell::text(dash_if_empty(&r.description)),
                    Cell::text(cat(&r.category)),
                    Cell::text(r.likelihood.map(|x| x.to_string()).unwrap_or_else(|| "—".into())),
                    Cell::text(r.impact.map(|x| x.to_string()).unwrap_or_else(|| "—".into())),
                    Cell {
                        spans: vec![Span::bold(score.map(|x| x.to_string()).unwrap_or_else(|| "—".into()))],
                        fill: band,
                    },
                    Cell::text(dash_if_empty(&r.mitigation)),
                    Cell::text(puno_name(t, lang, &r.owner)),
                ],
                fill: None,
            }
        })
        .collect();
    flow.paragraph(
        &[Span::plain(tr(lang, "risks.intro")).colored(MUTED)],
        9.0,
        INK,
        0.0,
        None,
        6.0,
    );
    // The bands, named and shaded as on the screen.
    let bands = &t.risk_matrix.bands;
    if !bands.is_empty() {
        let cells = bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let to = bands
                    .get(i + 1)
                    .map_or(studio_core::template::MAX_RISK_SCORE, |n| n.from_score - 1);
                Cell {
                    spans: vec![Span::bold(format!("{} {}–{to}", b.label.get(lang), b.from_score))],
                    fill: Some(band_shade(&b.id)),
                }
            })
            .collect();
        flow.table(&Table {
            widths: vec![1.0 / bands.len() as f32; bands.len()],
            align: vec![Align::Center; bands.len()],
            header: vec![],
            rows: vec![Row { cells, fill: None }],
            size: 8.0,
        });
        flow.space(8.0);
    }
    flow.table(&Table {
        widths: vec![0.04, 0.23, 0.16, 0.05, 0.05, 0.07, 0.26, 0.14],
        align: vec![
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Center,
            Align::Center,
            Align::Center,
            Align::Left,
            Align::Left,
        ],
        header: headers(&[
            "#",
            tr(lang, "risks.risk"),
            tr(lang, "risks.category"),
            tr(lang, "risks.likelihood_short"),
            tr(lang, "risks.impact_short"),
            tr(lang, "risks.score"),
            tr(lang, "risks.mitigation"),
            tr(lang, "risks.owner"),
        ]),
        rows,
        size: 8.0,
    });
}

/// How the PDF shades a risk band, the colours the screen gives it.
fn band_shade(id: &str) -> Rgb {
    match id {
        "low" => (0.88, 0.95, 0.89),
        "medium" => (1.0, 0.94, 0.82),
        "high" => (0.98, 0.85, 0.83),
        "very_high" => (0.93, 0.62, 0.60),
        _ => SHADE,
    }
}

fn budget_annex(flow: &mut Flow, p: &Proposal, t: &Template, b: &BudgetSummary) {
    let lang = p.language.as_str();
    let money = |m: Money| money(lang, m);
    let punos = puno_order(p, b);
    let rate = percent(lang, &t.budget.indirect_rate_percent);
    flow.heading(tr(lang, "budget.by_category"), 12.0, INK, 80.0, 6.0);
    let mut cats: Vec<(String, String)> = t
        .budget
        .categories
        .iter()
        .map(|c| (c.id.to_string(), format!("{}. {}", c.id, c.title.get(lang))))
        .collect();
    if b.by_category.contains_key(UNSET) {
        cats.push((UNSET.into(), tr(lang, "budget.no_category").into()));
    }
    // At most this many PUNO columns a table, so amounts stay readable; more
    // PUNOs make more tables, the totals column in the last.
    const PUNO_COLUMNS: usize = 4;
    let parts: Vec<&[String]> = if punos.is_empty() {
        vec![&[]]
    } else {
        punos.chunks(PUNO_COLUMNS).collect()
    };
    let last = parts.len() - 1;
    for (k, part) in parts.into_iter().enumerate() {
        let with_total = k == last;
        let n = part.len() + usize::from(with_total);
        let cat_w = 0.34;
        let col_w = (1.0 - cat_w) / n.max(1) as f32;
        let mut widths = vec![cat_w];
        widths.extend(std::iter::repeat_n(col_w, n));
        let mut header = vec![Cell::text(tr(lang, "budget.category"))];
        header.extend(part.iter().map(|x| Cell::text(puno_name(t, lang, x))));
        if with_total {
            header.push(Cell::text(tr(lang, "budget.total")));
        }
        let mut align = vec![Align::Left];
        align.extend(std::iter::repeat_n(Align::Right, n));
        let mut rows = Vec::new();
        for (id, title) in &cats {
            let mut cells = vec![Cell::text(title.clone())];
            for puno in part {
                let v = b
                    .by_category_puno
                    .get(id)
                    .and_then(|m| m.get(puno))
                    .copied()
                    .unwrap_or_default();
                cells.push(Cell::text(money(v)));
            }
            if with_total {
                cells.push(Cell::text(money(b.by_category.get(id).copied().unwrap_or_default())));
            }
            rows.push(Row { cells, fill: None });
        }
        let total_row = |label: &str, f: &dyn Fn(&studio_core::budget::PunoTotals) -> Money, all: Money, fill| {
            let mut cells = vec![Cell::bold(label)];
            cells.extend(
                part.iter()
                    .map(|x| Cell::bold(money(b.by_puno.get(x).map(f).unwrap_or_default()))),
            );
            if with_total {
                cells.push(Cell::bold(money(all)));
            }
            Row { cells, fill }
        };
        rows.push(total_row(
            tr(lang, "budget.total_direct"),
            &|x| x.direct,
            b.direct,
            Some(SHADE),
        ));
        rows.push(total_row(
            &trf(lang, "budget.indirect", &[("rate", &rate)]),
            &|x| x.indirect,
            b.indirect,
            None,
        ));
        rows.push(total_row(
            tr(lang, "budget.total"),
            &|x| x.total,
            b.total,
            Some(ACCENT_SOFT),
        ));
        if k > 0 {
            flow.space(8.0);
        }
        flow.table(&Table {
            widths,
            align,
            header,
            rows,
            size: 8.0,
        });
    }

    flow.space(14.0);
    flow.heading(tr(lang, "budget.by_result"), 12.0, INK, 60.0, 6.0);
    let mut rows = Vec::new();
    for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
        let key = (i + 1).to_string();
        rows.push(Row {
            cells: vec![
                Cell::bold(trf(lang, "results.outcome", &[("n", &key)])),
                Cell::bold(money(b.by_outcome.get(&key).copied().unwrap_or_default())),
            ],
            fill: Some(SHADE),
        });
        for j in 0..oc.outputs.len() {
            let k = format!("{}.{}", i + 1, j + 1);
            rows.push(Row {
                cells: vec![
                    Cell::text(trf(lang, "results.output", &[("n", &k)])),
                    Cell::text(money(b.by_output.get(&k).copied().unwrap_or_default())),
                ],
                fill: None,
            });
        }
    }
    if let Some(v) = b.by_output.get(UNLINKED) {
        rows.push(Row {
            cells: vec![Cell::text(tr(lang, "budget.not_linked")), Cell::text(money(*v))],
            fill: None,
        });
    }
    direct_cost_summary(flow, lang, tr(lang, "budget.result"), rows, b.direct);

    flow.space(14.0);
    flow.heading(tr(lang, "budget.by_year"), 12.0, INK, 60.0, 6.0);
    let rows: Vec<Row> = b
        .by_year
        .iter()
        .map(|(y, v)| {
            let label = if y == UNSET {
                tr(lang, "budget.year_not_set").to_string()
            } else {
                trf(lang, "budget.year_n", &[("n", y)])
            };
            Row {
                cells: vec![Cell::text(label), Cell::text(money(*v))],
                fill: None,
            }
        })
        .collect();
    direct_cost_summary(flow, lang, tr(lang, "budget.year"), rows, b.direct);

    flow.new_page();
    flow.heading(tr(lang, "budget.detail"), 12.0, INK, 60.0, 6.0);
    let outputs: std::collections::HashMap<&str, String> = p
        .results_framework
        .numbered_outputs()
        .into_iter()
        .rev()
        .map(|(n, o)| (o.id.as_str(), n))
        .collect();
    let rows = p
        .budget
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let output = outputs.get(l.output_id.as_str()).cloned().unwrap_or_else(|| "—".into());
            let mut desc = vec![Span::plain(dash_if_empty(&l.description))];
            if !l.unit.trim().is_empty() {
                desc.push(Span::plain(format!(" ({})", l.unit.trim())).colored(MUTED));
            }
            Row {
                cells: vec![
                    Cell::text((i + 1).to_string()),
                    Cell {
                        spans: desc,
                        fill: None,
                    },
                    Cell::text(l.category.map(|c| c.to_string()).unwrap_or_else(|| "—".into())),
                    Cell::text(puno_name(t, lang, &l.puno)),
                    Cell::text(output),
                    Cell::text(l.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into())),
                    Cell::text(i18n::number(lang, &l.quantity.to_decimal())),
                    Cell::text(money(l.unit_cost)),
                    Cell::text(money(l.total())),
                ],
                fill: None,
            }
        })
        .collect();
    flow.table(&Table {
        widths: vec![0.05, 0.28, 0.05, 0.10, 0.10, 0.08, 0.08, 0.12, 0.14],
        align: vec![
            Align::Right,
            Align::Left,
            Align::Center,
            Align::Left,
            Align::Center,
            Align::Center,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        header: headers(&[
            "#",
            tr(lang, "budget.description"),
            tr(lang, "budget.category_short"),
            tr(lang, "budget.puno"),
            tr(lang, "budget.output"),
            tr(lang, "budget.year_short"),
            tr(lang, "budget.quantity_short"),
            tr(lang, "budget.unit_cost"),
            tr(lang, "budget.total"),
        ]),
        rows,
        size: 7.5,
    });
}

/// PUNOs in the cover page's order, then any only the budget names.
/// Direct costs in two columns (what, amount), closed by their total.
fn direct_cost_summary(flow: &mut Flow, lang: &str, what: &str, mut rows: Vec<Row>, direct: Money) {
    rows.push(Row {
        cells: vec![
            Cell::bold(tr(lang, "budget.total_direct")),
            Cell::bold(money(lang, direct)),
        ],
        fill: Some(ACCENT_SOFT),
    });
    flow.table(&Table {
        widths: vec![0.7, 0.3],
        align: vec![Align::Left, Align::Right],
        header: headers(&[what, tr(lang, "budget.direct_costs")]),
        rows,
        size: 8.5,
    });
}

fn puno_order(p: &Proposal, b: &BudgetSummary) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for x in p.cover.punos.iter().map(|x| x.entity.trim()) {
        if b.by_puno.contains_key(x) && seen.insert(x.to_string()) {
            out.push(x.to_string());
        }
    }
    for k in b.by_puno.keys() {
        if !seen.contains(k) {
            out.push(k.clone());
        }
    }
    out
}

fn hr_marker(flow: &mut Flow, p: &Proposal, t: &Template, m: &MarkerReport) {
    let lang = p.language.as_str();
    let a = &m.human_rights;
    let grade = match a.grade {
        Some(g) => trf(lang, "markers.hr_grade", &[("grade", g.letter())]),
        None => tr(lang, "markers.hr_not_graded").to_string(),
    };
    let points = trf(
        lang,
        "markers.hr_points",
        &[("score", &a.score.to_string()), ("max", &a.max_score.to_string())],
    );
    flow.paragraph(
        &[Span::bold(grade), Span::plain(format!(" {points}"))],
        11.0,
        INK,
        0.0,
        None,
        4.0,
    );
    flow.paragraph(
        &[Span::plain(t.human_rights_marker.grading.explanation.get(lang)).colored(MUTED)],
        9.0,
        INK,
        0.0,
        None,
        10.0,
    );
    let not_assessed = || tr(lang, "markers.not_assessed").to_string();
    let level_label = |id: &str| {
        t.human_rights_marker
            .levels
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.label.get(lang).to_string())
            .unwrap_or_else(not_assessed)
    };
    let mut rows = Vec::new();
    for stage in &t.human_rights_marker.stages {
        let mut cells = vec![Cell::bold(stage.label.get(lang))];
        cells.extend((0..3).map(|_| Cell::default()));
        rows.push(Row {
            cells,
            fill: Some(SHADE),
        });
        for (i, c) in t
            .human_rights_marker
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.stage == stage.id)
        {
            let ans = p.markers.human_rights.criteria.get(&c.id);
            let level = ans
                .and_then(|x| x.level.as_deref())
                .map(level_label)
                .unwrap_or_else(not_assessed);
            let evidence = ans
                .map(|x| {
                    x.evidence
                        .iter()
                        .map(|e| evidence_label(t, lang, e))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            rows.push(Row {
                cells: vec![
                    Cell {
                        spans: vec![Span::bold(format!("{}. ", i + 1)), Span::plain(c.question.get(lang))],
                        fill: None,
                    },
                    Cell::bold(level),
                    Cell::text(dash_if_empty(ans.map(|x| x.justification.as_str()).unwrap_or(""))),
                    Cell::text(dash_if_empty(&evidence)),
                ],
                fill: None,
            });
        }
    }
    flow.table(&Table {
        widths: vec![0.29, 0.15, 0.34, 0.22],
        align: vec![Align::Left; 4],
        header: headers(&[
            tr(lang, "markers.criterion"),
            tr(lang, "markers.level"),
            tr(lang, "markers.justification"),
            tr(lang, "markers.evidence"),
        ]),
        rows,
        size: 8.0,
    });
}

/// A readable name for an evidence pointer.
fn evidence_label(t: &Template, lang: &str, path: &str) -> String {
    if let Some(key) = path.strip_prefix("/narrative/") {
        let (sid, fid) = key.split_once('.').unwrap_or((key, ""));
        if let Some(s) = t.section(sid) {
            let title = s.title.get(lang);
            let field = s
                .fields
                .iter()
                .find(|f| f.id == fid)
                .map(|f| f.label.get(lang).to_string());
            let principle = t
                .guiding_principles
                .iter()
                .find(|g| g.id == fid)
                .map(|g| format!("({}) {}", g.id, g.title.get(lang)));
            return match field.or(principle) {
                Some(f) if f != title => format!("{title} — {f}"),
                _ => title.to_string(),
            };
        }
    }
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let num = |i: usize| {
        parts
            .get(i)
            .and_then(|x| x.parse::<usize>().ok())
            .map(|x| x + 1)
            .unwrap_or(0)
            .to_string()
    };
    let (outcome, output) = (num(2), format!("{}.{}", num(2), num(4)));
    match parts.as_slice() {
        ["results_framework", "outcomes", _] => trf(lang, "results.outcome", &[("n", &outcome)]),
        ["results_framework", "outcomes", _, "indicators", _] => {
            trf(lang, "evidence.outcome_indicator", &[("n", &outcome), ("i", &num(4))])
        }
        ["results_framework", "outcomes", _, "outputs", _] => trf(lang, "results.output", &[("n", &output)]),
        ["results_framework", "outcomes", _, "outputs", _, "indicators", _] => {
            trf(lang, "evidence.output_indicator", &[("n", &output), ("i", &num(6))])
        }
        ["results_framework", "outcomes", _, "outputs", _, "activities", _] => {
            trf(lang, "evidence.activity", &[("n", &format!("{output}.{}", num(6)))])
        }
        ["risk_matrix", "risks", _] => trf(lang, "evidence.risk", &[("n", &outcome)]),
        _ => path.to_string(),
    }
}

fn gender_marker(flow: &mut Flow, p: &Proposal, t: &Template, m: &MarkerReport) {
    let lang = p.language.as_str();
    let gm = &t.gender_marker;
    let label = |s: u8| {
        gm.scale
            .iter()
            .find(|x| x.score == s)
            .map(|x| x.label.get(lang).to_string())
            .unwrap_or_default()
    };
    match m.gender_score {
        Some(s) => flow.paragraph(
            &[
                Span::bold(trf(lang, "markers.gender_score", &[("score", &s.to_string())])),
                Span::plain(format!(" — {}", label(s))),
            ],
            11.0,
            INK,
            0.0,
            None,
            4.0,
        ),
        None => flow.paragraph(
            &[Span::bold(tr(lang, "markers.gender_not_chosen"))],
            11.0,
            INK,
            0.0,
            None,
            4.0,
        ),
    }
    let suggested = m.gender_suggestion.suggested;
    let minimum = trf(
        lang,
        "markers.gender_minimum",
        &[
            ("minimum", &gm.minimum.to_string()),
            ("suggested", &suggested.to_string()),
            ("label", &label(suggested)),
        ],
    );
    flow.paragraph(&[Span::plain(minimum).colored(MUTED)], 9.0, INK, 0.0, None, 8.0);
    let rows = gm
        .criteria
        .iter()
        .map(|c| {
            let met = m.gender_suggestion.criteria.get(&c.id).copied().unwrap_or(false);
            Row {
                cells: vec![
                    Cell::text(c.label.get(lang)),
                    Cell::bold(if met {
                        tr(lang, "markers.met")
                    } else {
                        tr(lang, "markers.not_met")
                    }),
                ],
                fill: None,
            }
        })
        .collect();
    let header = headers(&[tr(lang, "markers.criterion"), tr(lang, "markers.status")]);
    flow.table(&Table {
        widths: vec![0.8, 0.2],
        align: vec![Align::Left, Align::Center],
        header,
        rows,
        size: 8.5,
    });
    flow.space(10.0);
    let g = &m.gender_suggestion;
    let share = trf(
        lang,
        "markers.gewe_share",
        &[
            ("percent", &percent(lang, &g.gewe_percent)),
            ("counted", &usd(lang, g.gewe_counted)),
            ("direct", &usd(lang, g.gewe_direct)),
        ],
    );
    flow.paragraph(&[Span::plain(share)], BODY, INK, 0.0, None, 6.0);
    if !g.gewe_lines.is_empty() {
        // How the share was reached: each line that counts, and how much of it.
        let rows = g
            .gewe_lines
            .iter()
            .map(|l| Row {
                cells: vec![
                    Cell::text(format!("{}. {}", l.number, dash_if_empty(&l.description))),
                    Cell::text(puno_name(t, lang, &l.puno)),
                    Cell::text(money(lang, l.total)),
                    Cell::text(percent(lang, &l.share.to_string())),
                    Cell::text(money(lang, l.counted)),
                ],
                fill: None,
            })
            .collect();
        flow.table(&Table {
            widths: vec![0.44, 0.14, 0.16, 0.1, 0.16],
            align: vec![Align::Left, Align::Left, Align::Right, Align::Right, Align::Right],
            header: headers(&[
                tr(lang, "markers.gewe_line"),
                tr(lang, "sheet.puno"),
                tr(lang, "markers.gewe_total"),
                tr(lang, "markers.gewe_line_share"),
                tr(lang, "markers.gewe_counted"),
            ]),
            rows,
            size: 8.5,
        });
        flow.space(8.0);
    }
    flow.heading(tr(lang, "markers.justification"), 12.0, INK, 30.0, 4.0);
    flow.paragraph(
        &[Span::plain(dash_if_empty(&p.markers.gender.justification))],
        BODY,
        INK,
        0.0,
        None,
        6.0,
    );
}

fn signatures(flow: &mut Flow, p: &Proposal, t: &Template) {
    let lang = p.language.as_str();
    flow.heading(tr(lang, "section.signatures"), 16.0, ACCENT, 60.0, 8.0);
    let endorsement = trf(lang, "signatures.endorsement", &[("fund", t.fund.name.get(lang))]);
    flow.paragraph(&[Span::plain(endorsement).colored(MUTED)], 9.5, INK, 0.0, None, 12.0);
    // Who signs comes from the template; their names from the cover page.
    let mut parties: Vec<(String, String)> = Vec::new();
    for party in &t.signatures {
        let label = party.label.get(lang).to_string();
        match party.role {
            SignatureRole::ConveningPuno => {
                if let Some(c) = p.cover.punos.iter().find(|x| x.convening) {
                    parties.push((label, puno_name(t, lang, &c.entity)));
                }
            }
            SignatureRole::Puno => parties.extend(
                p.cover
                    .punos
                    .iter()
                    .filter(|x| !x.convening)
                    .map(|x| (label.clone(), puno_name(t, lang, &x.entity))),
            ),
            SignatureRole::ResidentCoordinator => parties.push((label, p.cover.countries.join(", "))),
            SignatureRole::Government => {
                let gov = p
                    .cover
                    .partners
                    .iter()
                    .find(|x| t.is_government(&x.kind))
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                parties.push((label, gov));
            }
        }
    }
    for (role, who) in parties {
        flow.ensure(96.0);
        flow.paragraph(
            &[
                Span::bold(role),
                Span::plain(if who.trim().is_empty() {
                    String::new()
                } else {
                    format!(" — {}", who.trim())
                }),
            ],
            10.0,
            INK,
            0.0,
            None,
            6.0,
        );
        let left = flow.geo.left;
        let mid = left + flow.geo.content_width() * 0.5;
        let right = flow.geo.width - flow.geo.right;
        for (label, label2) in [
            (tr(lang, "signatures.name"), tr(lang, "signatures.title")),
            (tr(lang, "signatures.signature"), tr(lang, "signatures.date")),
        ] {
            flow.y += 22.0;
            let y = flow.y;
            flow.hline(left, mid - 16.0, y, MUTED, 0.5);
            flow.hline(mid, right, y, MUTED, 0.5);
            flow.text_at(left, y + 9.0, Face::Regular, 7.5, MUTED, label);
            flow.text_at(mid, y + 9.0, Face::Regular, 7.5, MUTED, label2);
            flow.y += 8.0;
        }
        flow.y += 16.0;
    }
}

fn cover(flow: &mut Flow, p: &Proposal, t: &Template, opts: &Options, b: &BudgetSummary, m: &MarkerReport) {
    let lang = p.language.as_str();
    let geo = flow.geo;
    flow.rect(0.0, 0.0, geo.width, 14.0, BAR);
    flow.y = geo.top + 6.0;
    flow.paragraph(
        &[Span::bold(t.fund.name.get(lang)).colored(ACCENT)],
        11.0,
        INK,
        0.0,
        None,
        0.0,
    );
    let kind = crate::kind_title(p, t);
    flow.paragraph(&[Span::plain(kind.as_str()).colored(MUTED)], 10.0, INK, 0.0, None, 28.0);
    let title = if p.cover.title.trim().is_empty() {
        tr(lang, "doc.untitled")
    } else {
        p.cover.title.trim()
    };
    flow.heading(title, 22.0, INK, 40.0, 6.0);
    if !p.cover.short_title.trim().is_empty() {
        flow.paragraph(
            &[Span::plain(p.cover.short_title.trim()).colored(MUTED)],
            12.0,
            INK,
            0.0,
            None,
            18.0,
        );
    }
    flow.rule(ACCENT, 1.2);
    flow.y += 10.0;

    let area = p
        .cover
        .thematic_area
        .and_then(|a| t.thematic_areas.iter().find(|x| x.id == a))
        .map(|a| format!("{} — {}", a.id, a.title.get(lang)))
        .unwrap_or_else(|| "—".into());
    let objectives: Vec<String> = p
        .cover
        .gcm_objectives
        .iter()
        .map(|n| {
            let short = t
                .gcm_objectives
                .iter()
                .find(|o| o.number == *n)
                .map(|o| o.short.get(lang).to_string())
                .unwrap_or_default();
            format!("{n}. {short}")
        })
        .collect();
    let punos: Vec<String> = p
        .cover
        .punos
        .iter()
        .map(|x| {
            let name = t.entity_short(x.entity.trim(), lang);
            if x.convening {
                trf(lang, "cover.convening", &[("entity", name)])
            } else {
                name.to_string()
            }
        })
        .collect();
    let gov: Vec<String> = p
        .cover
        .partners
        .iter()
        .filter(|x| t.is_government(&x.kind))
        .map(|x| match t.government_levels.iter().find(|l| l.id == x.level) {
            Some(level) => trf(
                lang,
                "cover.partner_level",
                &[("name", x.name.trim()), ("level", level.label.get(lang))],
            ),
            None => x.name.trim().to_string(),
        })
        .collect();
    let others: Vec<String> = p
        .cover
        .partners
        .iter()
        .filter(|x| !t.is_government(&x.kind))
        .map(|x| x.name.trim().to_string())
        .collect();
    let scope = if p.cover.countries.len() > 1 {
        tr(lang, "cover.scope.regional")
    } else {
        tr(lang, "cover.scope.national")
    };
    let dates = match (
        p.cover.start_date.as_deref().and_then(Date::parse),
        p.cover.duration_months,
    ) {
        (Some(s), Some(months)) => {
            let (start, end) = (long_date(lang, s), long_date(lang, s.programme_end(months)));
            trf(
                lang,
                "cover.duration.dates",
                &[("months", &count(lang, months)), ("start", &start), ("end", &end)],
            )
        }
        (None, Some(months)) => trf(lang, "cover.duration.months", &[("months", &count(lang, months))]),
        _ => "—".into(),
    };
    let per_puno: Vec<String> = puno_order(p, b)
        .iter()
        .filter_map(|k| {
            b.by_puno.get(k).map(|v| {
                trf(
                    lang,
                    "cover.budget_of_puno",
                    &[("puno", t.entity_short(k, lang)), ("amount", &usd(lang, v.total))],
                )
            })
        })
        .collect();
    let hr = match m.human_rights.grade {
        Some(g) => trf(lang, "cover.hr_grade", &[("grade", g.letter())]),
        None => tr(lang, "cover.hr_not_graded").to_string(),
    };
    let gender = match m.gender_score {
        Some(s) => trf(lang, "cover.gender_score", &[("score", &s.to_string())]),
        None => tr(lang, "cover.gender_not_chosen").to_string(),
    };
    let c = &p.cover.contact;
    let contact = [
        c.name.trim(),
        c.title.trim(),
        c.organization.trim(),
        c.email.trim(),
        c.phone.trim(),
    ]
    .iter()
    .filter(|x| !x.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    let version = trf(
        lang,
        "cover.version_of",
        &[
            ("version", &opts.version),
            ("date", &i18n::long_date_str(lang, &opts.date)),
        ],
    );
    let facts: Vec<(&str, String)> = vec![
        (
            tr(lang, "cover.countries"),
            format!("{} ({scope})", dash_if_empty(&p.cover.countries.join(", "))),
        ),
        (tr(lang, "cover.thematic_area"), area),
        (
            tr(lang, "cover.gcm_objectives"),
            dash_if_empty(&join_semicolon(lang, &objectives)),
        ),
        (tr(lang, "cover.punos"), dash_if_empty(&punos.join(", "))),
        (
            tr(lang, "cover.government_partners"),
            dash_if_empty(&join_semicolon(lang, &gov)),
        ),
        (
            tr(lang, "cover.other_partners"),
            dash_if_empty(&join_semicolon(lang, &others)),
        ),
        (tr(lang, "cover.duration"), dates),
        (
            tr(lang, "cover.total_budget"),
            format!("{} ({})", usd(lang, b.total), join_semicolon(lang, &per_puno)),
        ),
        (tr(lang, "cover.hr_marker"), hr),
        (tr(lang, "cover.gender_marker"), gender),
        (tr(lang, "cover.contact"), dash_if_empty(&contact)),
        (tr(lang, "cover.version"), version),
    ];
    let rows = facts
        .into_iter()
        .map(|(k, v)| Row {
            cells: vec![
                Cell {
                    spans: vec![Span::bold(k).colored(MUTED)],
                    fill: None,
                },
                Cell::text(v),
            ],
            fill: None,
        })
        .collect();
    let mut facts = Table {
        widths: vec![0.28, 0.72],
        align: vec![Align::Left, Align::Left],
        header: vec![],
        rows,
        size: 9.5,
    };
    // The cover is one page: longer labels (French, Spanish) or long lists of
    // partners make the type smaller rather than push the last rows over.
    while facts.size > 7.5 && flow.y + flow.table_height(&facts) > flow.geo.limit() {
        facts.size -= 0.5;
    }
    flow.table(&facts);
}

/// Running header, footer with "Page X of Y", and the review-copy watermark.
fn decorate(pages: &mut [Page], fonts: &mut Fonts, p: &Proposal, opts: &Options, geo: &Geometry) {
    let lang = p.language.as_str();
    let total = pages.len();
    let short = if p.cover.short_title.trim().is_empty() {
        p.cover.title.trim()
    } else {
        p.cover.short_title.trim()
    };
    for (i, page) in pages.iter_mut().enumerate() {
        if opts.review_copy {
            let text = fonts.drawable(Face::Bold, tr(lang, "watermark.diagonal"));
            // 44 pt, or smaller when a language's wording would run past
            // three quarters of the page's diagonal.
            let room = 0.75 * geo.width.hypot(geo.height);
            let size = 44.0_f32.min(44.0 * room / fonts.width(Face::Bold, 44.0, &text).max(1.0));
            let w = fonts.width(Face::Bold, size, &text);
            // Centred on the page, rising at the page's diagonal.
            let angle = (geo.height / geo.width).atan();
            let (cx, cy) = (geo.width / 2.0, geo.height / 2.0);
            let x = cx - angle.cos() * w / 2.0;
            let y = cy + angle.sin() * w / 2.0;
            page.items.insert(
                0,
                Item::Rotated {
                    x,
                    y,
                    angle: angle.to_degrees(),
                    face: Face::Bold,
                    size,
                    color: (0.86, 0.87, 0.89),
                    text,
                },
            );
        }
        if i == 0 {
            continue;
        }
        let header_y = geo.top - 22.0;
        let header: String = short.chars().take(90).collect();
        let header = fonts.drawable(Face::Regular, &header);
        page.items.push(Item::Text {
            x: geo.left,
            y: header_y,
            face: Face::Regular,
            size: 8.0,
            color: MUTED,
            text: header,
        });
        page.items.push(Item::Line {
            x1: geo.left,
            y1: header_y + 5.0,
            x2: geo.width - geo.right,
            y2: header_y + 5.0,
            color: RULE,
            width: 0.5,
        });
        let footer_y = geo.height - geo.bottom + 30.0;
        let label = trf(
            lang,
            "page.number",
            &[("n", &(i + 1).to_string()), ("total", &total.to_string())],
        );
        let label = fonts.drawable(Face::Regular, &label);
        let w = fonts.width(Face::Regular, 8.0, &label);
        page.items.push(Item::Text {
            x: geo.width - geo.right - w,
            y: footer_y,
            face: Face::Regular,
            size: 8.0,
            color: MUTED,
            text: label,
        });
        if opts.review_copy {
            page.items.push(Item::Text {
                x: geo.left,
                y: footer_y,
                face: Face::Bold,
                size: 8.0,
                color: (0.7, 0.2, 0.15),
                text: fonts.drawable(Face::Bold, tr(lang, "watermark.footer")),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Paper;

    fn laid(lang: &str, paper: Paper) -> Laid {
        let t = Template::builtin().unwrap();
        let mut p = studio_core::example_proposal().unwrap();
        p.language = lang.into();
        let opts = Options {
            paper,
            review_copy: true,
            version: "1".into(),
            date: "2027-02-15".into(),
        };
        let mut fonts = Fonts::load().unwrap();
        layout(&p, t, &opts, &mut fonts, &[])
    }

    /// A word of fixed text (ours or the template's) is never cut between
    /// letters in a table; only a proposal's own long words may be.
    #[test]
    fn no_fixed_word_is_cut_in_a_table_in_any_language_or_paper() {
        let own = studio_core::example_proposal().unwrap().to_json_pretty();
        let mut cut = Vec::new();
        for lang in ["en", "fr", "es"] {
            for paper in [Paper::A4, Paper::Letter] {
                let words = laid(lang, paper).cut_table_words;
                cut.extend(
                    words
                        .into_iter()
                        .filter(|w| !own.contains(w.as_str()))
                        .map(|w| format!("{lang} {paper:?} {w}")),
                );
            }
        }
        assert!(cut.is_empty(), "words wider than their column: {cut:?}");
    }

    #[test]
    fn the_cover_stays_on_one_page_in_every_language_and_paper() {
        for lang in ["en", "fr", "es"] {
            for paper in [Paper::A4, Paper::Letter] {
                let anchors = laid(lang, paper).anchors;
                let contents = anchors.iter().find(|(a, _)| a == "contents").map(|(_, page)| *page);
                assert_eq!(
                    contents,
                    Some(1),
                    "{lang} {paper:?}: the contents follow a one-page cover"
                );
            }
        }
    }

    #[test]
    fn the_review_copy_watermark_is_in_the_proposals_language_and_fits_the_page() {
        for (lang, diagonal) in [
            ("en", "DRAFT — NOT FOR SUBMISSION"),
            ("fr", "PROJET — NE PAS SOUMETTRE"),
            ("es", "BORRADOR — NO PRESENTAR"),
        ] {
            let pages = laid(lang, Paper::Letter).pages;
            let mut fonts = Fonts::load().unwrap();
            for page in &pages {
                let marks: Vec<(f32, f32, &str)> = page
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Rotated { size, x, text, .. } => Some((*size, *x, text.as_str())),
                        _ => None,
                    })
                    .collect();
                assert_eq!(marks.len(), 1, "{lang}: one watermark a page");
                let (size, x, text) = marks[0];
                assert_eq!(text, diagonal);
                assert!(
                    x > 0.0 && fonts.width(Face::Bold, size, text) < 612.0_f32.hypot(792.0),
                    "{lang}: within the page"
                );
            }
        }
    }

    /// A risk's score is shaded with the band the core gives it (8 and 5
    /// are "medium", 15 "high", 25 "very high"), and the bands are named
    /// on paper with their scores, as on the screen.
    #[test]
    fn risk_shading_follows_the_templates_bands() {
        let t = Template::builtin().unwrap();
        let mut p = studio_core::example_proposal().unwrap();
        let base = p.risk_matrix.risks[0].clone();
        p.risk_matrix.risks = [(2, 4), (1, 5), (3, 5), (5, 5), (1, 1)]
            .iter()
            .enumerate()
            .map(|(i, (l, im))| studio_core::annexes::Risk {
                id: format!("r{i}"),
                likelihood: Some(*l),
                impact: Some(*im),
                ..base.clone()
            })
            .collect();
        let opts = Options {
            paper: Paper::A4,
            review_copy: false,
            version: "1".into(),
            date: "2027-02-15".into(),
        };
        let mut fonts = Fonts::load().unwrap();
        let laid = layout(&p, t, &opts, &mut fonts, &[]);
        let items: Vec<&Item> = laid.pages.iter().flat_map(|pg| &pg.items).collect();
        let fills = |fill: Rgb| {
            items
                .iter()
                .filter(|i| matches!(i, Item::Rect { fill: f, .. } if *f == fill))
                .count()
        };
        // Each band once in the legend, then once per risk in it.
        assert_eq!(fills(band_shade("medium")), 1 + 2);
        assert_eq!(fills(band_shade("high")), 1 + 1);
        assert_eq!(fills(band_shade("very_high")), 1 + 1);
        assert_eq!(fills(band_shade("low")), 1 + 1);
        let words: String = items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        for legend in ["Low 1–4", "Medium 5–9", "High 10–19", "Very high 20–25"] {
            assert!(words.contains(legend), "{legend}");
        }
    }

    #[test]
    fn annex_titles_lose_the_templates_lead_in_any_language() {
        assert_eq!(without_annex_lead("Annex: Results framework"), "Results framework");
        assert_eq!(
            without_annex_lead("Annexe\u{A0}: Cadre de résultats"),
            "Cadre de résultats"
        );
        assert_eq!(without_annex_lead("Anexo: Presupuesto"), "Presupuesto");
        assert_eq!(without_annex_lead("Budget"), "Budget");
    }
}
