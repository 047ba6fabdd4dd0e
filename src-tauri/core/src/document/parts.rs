//! Each part of the document, from the proposal, its template and the
//! figures the core computes.

use super::{
    dash_if_empty, kind_title, row_anchor, Align, Block, Cell, CoverPage, Density, DocumentMeta, Edition,
    EvidenceGroup, EvidenceOption, Fact, Party, Row, Shade, Signatures, Span, Table, TableColumn, TableKind, Tone,
};
use crate::annexes::{numbering, Indicator, Measure};
use crate::budget::{BudgetSummary, PunoTotals, UNLINKED, UNSET};
use crate::date::Date;
use crate::markdown;
use crate::markers::MarkerReport;
use crate::money::Money;
use crate::review::{paragraphs, Anchor, AnchorKind};
use crate::schedule::{latest_quarter, quarters_in};
use crate::template::{narrative_key, Section, SignatureRole, Template};
use crate::words::{count, join_semicolon, long_date, long_date_str, money, number, percent, tr, trf, usd};
use crate::Proposal;

pub(super) struct Ctx<'a> {
    pub p: &'a Proposal,
    pub t: &'a Template,
    pub lang: &'a str,
    pub budget: &'a BudgetSummary,
    pub marks: &'a MarkerReport,
}

fn field_anchor(path: impl Into<String>, label: impl Into<String>) -> Anchor {
    Anchor::field(&path.into(), &label.into())
}

fn columns(spec: &[(f32, Align)]) -> Vec<TableColumn> {
    spec.iter()
        .map(|&(share, align)| TableColumn { share, align })
        .collect()
}

fn headers(texts: &[&str]) -> Vec<Cell> {
    texts.iter().map(|x| Cell::text(*x)).collect()
}

fn row(cells: Vec<Cell>) -> Row {
    Row {
        cells,
        shade: Shade::None,
        continues: None,
        anchor: None,
    }
}

fn measure(m: &Measure) -> String {
    match m.year {
        Some(y) if !m.value.trim().is_empty() => format!("{} ({y})", m.value.trim()),
        _ => dash_if_empty(&m.value),
    }
}

impl Ctx<'_> {
    /// A PUNO as people know it in the document's language ("ONU Femmes").
    fn puno(&self, code: &str) -> String {
        dash_if_empty(self.t.entity_short(code.trim(), self.lang))
    }

    fn missing(&self) -> Block {
        Block::Paragraph {
            spans: vec![Span::italic(tr(self.lang, "section.not_written")).muted()],
            tone: Tone::Body,
        }
    }

    fn note(&self, text: impl Into<String>) -> Block {
        Block::Paragraph {
            spans: vec![Span::plain(text).muted()],
            tone: Tone::Note,
        }
    }

    /// A narrative field: its label when the section has several, then its
    /// paragraphs, each anchored as review comments anchor them.
    fn field(&self, key: &str, label: Option<String>, section_title: &str, field_label: &str) -> Block {
        let path = format!("/narrative/{key}");
        let mut blocks = Vec::new();
        if let Some(label) = label {
            blocks.push(Block::Heading { text: label, level: 3 });
        }
        match self.p.narrative.get(key).filter(|t| !t.trim().is_empty()) {
            Some(text) => {
                for (i, para) in paragraphs(text).into_iter().enumerate() {
                    blocks.push(Block::Text {
                        blocks: markdown::blocks(para),
                        quote: para.to_string(),
                        anchor: Anchor {
                            kind: AnchorKind::Paragraph,
                            path: path.clone(),
                            row_id: None,
                            paragraph: Some(i as u32),
                            label: format!("{section_title} · {field_label} ¶{}", i + 1),
                        },
                    });
                }
            }
            None => blocks.push(self.missing()),
        }
        Block::Group {
            anchor: field_anchor(path, format!("{section_title} · {field_label}")),
            blocks,
        }
    }

    pub fn narrative(&self, s: &Section) -> Vec<Block> {
        let lang = self.lang;
        let several = s.fields.len() > 1;
        let title = s.title.get(lang);
        let mut out: Vec<Block> = Vec::new();
        if s.show_partners {
            out.extend(self.partners());
        }
        out.extend(s.fields.iter().map(|f| {
            let label = f.label.get(lang);
            self.field(
                &narrative_key(&s.id, &f.id),
                several.then(|| label.to_string()),
                title,
                label,
            )
        }));
        out
    }

    /// The partners named on the cover, with their kind and role: what a
    /// section that asks for them (the template's `show_partners`) prints.
    fn partners(&self) -> Vec<Block> {
        let (p, t, lang) = (self.p, self.t, self.lang);
        if p.cover.partners.is_empty() {
            return Vec::new();
        }
        let kind = |x: &crate::proposal::Partner| {
            let kind = t
                .partner_kinds
                .iter()
                .find(|k| k.id == x.kind)
                .map(|k| k.label.get(lang).to_string())
                .unwrap_or_else(|| dash_if_empty(&x.kind));
            match t.government_levels.iter().find(|l| l.id == x.level) {
                Some(level) if t.is_government(&x.kind) => format!("{kind} ({})", level.label.get(lang)),
                _ => kind,
            }
        };
        let rows = p
            .cover
            .partners
            .iter()
            .enumerate()
            .map(|(i, x)| Row {
                cells: vec![
                    Cell::text(dash_if_empty(&x.name)),
                    Cell::text(kind(x)),
                    Cell::text(dash_if_empty(&x.role)),
                ],
                shade: Shade::None,
                continues: None,
                anchor: Some(Anchor {
                    kind: AnchorKind::Field,
                    path: format!("/cover/partners/{i}"),
                    row_id: None,
                    paragraph: None,
                    label: x.name.trim().to_string(),
                }),
            })
            .collect();
        vec![
            Block::Heading {
                text: tr(lang, "partners.title").into(),
                level: 3,
            },
            Block::Table(Table {
                columns: columns(&[(0.34, Align::Left), (0.24, Align::Left), (0.42, Align::Left)]),
                header: headers(&[
                    tr(lang, "partners.name"),
                    tr(lang, "partners.kind"),
                    tr(lang, "partners.role"),
                ]),
                rows,
                density: Density::Roomy,
                kind: TableKind::Data,
            }),
        ]
    }

    pub fn principles(&self, s: &Section) -> Vec<Block> {
        let lang = self.lang;
        let title = s.title.get(lang);
        self.t
            .guiding_principles
            .iter()
            .map(|pr| {
                let label = format!("({}) {}", pr.id, pr.title.get(lang));
                self.field(&narrative_key(&s.id, &pr.id), Some(label.clone()), title, &label)
            })
            .collect()
    }

    fn disaggregation(&self, id: &str, other: &str) -> String {
        let rf = &self.t.results_framework;
        let label = rf
            .disaggregations
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.label.get(self.lang).to_string())
            .unwrap_or_else(|| id.to_string());
        if id == rf.disaggregation_free_text && !other.trim().is_empty() {
            trf(
                self.lang,
                "results.other_named",
                &[("label", &label), ("text", other.trim())],
            )
        } else {
            label
        }
    }

    fn indicator_cells(&self, ind: &Indicator) -> Vec<Cell> {
        let lang = self.lang;
        let mut text = vec![Span::plain(dash_if_empty(&ind.text))];
        if !ind.unit.trim().is_empty() {
            text.push(Span::plain(format!(" ({})", ind.unit.trim())).muted());
        }
        if !ind.disaggregation.is_empty() {
            let list: Vec<String> = ind
                .disaggregation
                .iter()
                .map(|d| self.disaggregation(d, &ind.disaggregation_other))
                .collect();
            text.push(
                Span::italic(format!(
                    "\n{}",
                    trf(lang, "results.disaggregated_by", &[("list", &list.join(", "))])
                ))
                .muted(),
            );
        }
        vec![
            Cell::of(text),
            Cell::text(measure(&ind.baseline)),
            Cell::text(measure(&ind.target)),
            Cell::text(dash_if_empty(&ind.means_of_verification)),
            Cell::text(self.puno(&ind.responsible_puno)),
        ]
    }

    /// One result: its statement beside its first indicator, further
    /// indicators below, as in a printed logframe. Each row is anchored on
    /// its indicator (on the result when it has none).
    fn result_rows(
        &self,
        rows: &mut Vec<Row>,
        head: Vec<Span>,
        (path, id, label): (String, &str, String),
        list: &[Indicator],
        shade: Shade,
    ) {
        if list.is_empty() {
            let mut cells = vec![Cell::of(head)];
            cells.push(Cell::text("—"));
            cells.extend((0..4).map(|_| Cell::default()));
            rows.push(Row {
                cells,
                shade,
                continues: None,
                anchor: Some(row_anchor(AnchorKind::Row, path, id, label)),
            });
            return;
        }
        // Every row of a result keeps its shade; the rows after its first
        // say which result they continue when a page begins with them.
        let continued = trf(self.lang, "table.continued", &[("label", &label)]);
        for (k, ind) in list.iter().enumerate() {
            let first = k == 0;
            let mut cells = vec![Cell::of(if first { head.clone() } else { vec![] })];
            cells.extend(self.indicator_cells(ind));
            rows.push(Row {
                cells,
                shade: shade.clone(),
                continues: (!first).then(|| continued.clone()),
                anchor: Some(row_anchor(
                    AnchorKind::Row,
                    format!("{path}/indicators/{k}"),
                    &ind.id,
                    format!("{label} · {}", ind.text.trim()),
                )),
            });
        }
    }

    pub fn results_framework(&self) -> Vec<Block> {
        let lang = self.lang;
        let rf = &self.p.results_framework;
        if rf.outcomes.is_empty() {
            return vec![self.missing()];
        }
        let mut rows = Vec::new();
        for (i, oc) in rf.outcomes.iter().enumerate() {
            let name = trf(lang, "results.outcome", &[("n", &numbering::outcome(i))]);
            let mut head = vec![
                Span::bold(name.clone()),
                Span::plain(format!("\n{}", dash_if_empty(&oc.title))),
            ];
            if !oc.assumptions.trim().is_empty() {
                head.push(
                    Span::italic(format!(
                        "\n{}",
                        trf(lang, "results.assumptions", &[("text", oc.assumptions.trim())])
                    ))
                    .muted(),
                );
            }
            if !oc.gcm_objectives.is_empty() {
                let list: Vec<String> = oc.gcm_objectives.iter().map(u8::to_string).collect();
                head.push(
                    Span::italic(format!(
                        "\n{}",
                        trf(lang, "results.gcm_objectives", &[("list", &list.join(", "))])
                    ))
                    .muted(),
                );
            }
            let path = format!("/results_framework/outcomes/{i}");
            self.result_rows(
                &mut rows,
                head,
                (path.clone(), &oc.id, name),
                &oc.indicators,
                Shade::Strong,
            );
            for (j, op) in oc.outputs.iter().enumerate() {
                let name = trf(lang, "results.output", &[("n", &numbering::output(i, j))]);
                let head = vec![
                    Span::bold(name.clone()),
                    Span::plain(format!("\n{}", dash_if_empty(&op.title))),
                ];
                let path = format!("{path}/outputs/{j}");
                self.result_rows(&mut rows, head, (path, &op.id, name), &op.indicators, Shade::Group);
            }
        }
        vec![Block::Table(Table {
            columns: columns(&[
                (0.23, Align::Left),
                (0.26, Align::Left),
                (0.11, Align::Left),
                (0.11, Align::Left),
                (0.15, Align::Left),
                (0.14, Align::Left),
            ]),
            header: headers(&[
                tr(lang, "results.result"),
                tr(lang, "results.indicator"),
                tr(lang, "results.baseline"),
                tr(lang, "results.target"),
                tr(lang, "results.verification"),
                tr(lang, "results.lead_puno"),
            ]),
            rows,
            density: Density::Regular,
            kind: TableKind::Data,
        })]
    }

    pub fn workplan(&self) -> Vec<Block> {
        let (p, lang) = (self.p, self.lang);
        // On paper: the programme's quarters, and any later one an activity names.
        let quarters = p.cover.duration_months.map_or(0, quarters_in) as usize;
        let cols = quarters.max(latest_quarter(p) as usize).max(1);
        let mut out = Vec::new();
        if let Some(s) = p.cover.start_date.as_deref().and_then(Date::parse) {
            out.push(self.note(trf(
                lang,
                "workplan.intro",
                &[("date", &long_date(lang, s)), ("count", &count(lang, cols))],
            )));
        }
        if p.results_framework.outcomes.iter().all(|oc| oc.outputs.is_empty()) {
            out.push(self.missing());
            return out;
        }
        let q_share = (0.56 / cols as f32).min(0.06);
        let mut spec = vec![(1.0 - 0.1 - q_share * cols as f32, Align::Left), (0.1, Align::Left)];
        spec.extend(std::iter::repeat_n((q_share, Align::Center), cols));
        let mut header = headers(&[tr(lang, "workplan.activity"), tr(lang, "workplan.puno")]);
        header.extend((1..=cols).map(|q| Cell::text(trf(lang, "workplan.quarter", &[("n", &q.to_string())]))));
        let mut rows = Vec::new();
        for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
            for (j, op) in oc.outputs.iter().enumerate() {
                let path = format!("/results_framework/outcomes/{i}/outputs/{j}");
                let name = trf(lang, "results.output", &[("n", &numbering::output(i, j))]);
                let mut cells = vec![Cell::bold(format!("{name} {}", op.title.trim())), Cell::default()];
                cells.extend((0..cols).map(|_| Cell::default()));
                rows.push(Row {
                    cells,
                    shade: Shade::Group,
                    continues: None,
                    anchor: Some(row_anchor(AnchorKind::Row, path.clone(), &op.id, name)),
                });
                for (k, a) in op.activities.iter().enumerate() {
                    let number = numbering::activity(i, j, k);
                    let mut cells = vec![
                        Cell::of(vec![
                            Span::bold(format!("{number} ")),
                            Span::plain(dash_if_empty(&a.title)),
                        ]),
                        Cell::text(self.puno(&a.puno)),
                    ];
                    cells.extend((1..=cols).map(|q| {
                        if a.quarters.contains(&(q as u16)) {
                            if quarters > 0 && q > quarters {
                                Cell::filled(Shade::Overrun, tr(lang, "workplan.planned_late"))
                            } else {
                                Cell::filled(Shade::Bar, tr(lang, "workplan.planned"))
                            }
                        } else {
                            Cell::default()
                        }
                    }));
                    rows.push(Row {
                        cells,
                        shade: Shade::None,
                        continues: None,
                        anchor: Some(row_anchor(
                            AnchorKind::Row,
                            format!("{path}/activities/{k}"),
                            &a.id,
                            format!("{number} · {}", a.title.trim()),
                        )),
                    });
                }
            }
        }
        out.push(Block::Table(Table {
            columns: columns(&spec),
            header,
            rows,
            density: Density::Compact,
            kind: TableKind::Data,
        }));
        out
    }

    pub fn risks(&self) -> Vec<Block> {
        let (p, t, lang) = (self.p, self.t, self.lang);
        if p.risk_matrix.risks.is_empty() {
            return vec![self.missing()];
        }
        let category = |id: &str| {
            t.risk_matrix
                .categories
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.label.get(lang).to_string())
                .unwrap_or_else(|| dash_if_empty(id))
        };
        let figure = |x: Option<u8>| x.map(|x| x.to_string()).unwrap_or_else(|| "—".into());
        let rows = p
            .risk_matrix
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let score = r.score();
                let band = t
                    .risk_matrix
                    .band(score)
                    .map(|b| Shade::Risk(b.id.clone()))
                    .unwrap_or_default();
                Row {
                    cells: vec![
                        Cell::text((i + 1).to_string()),
                        Cell::text(dash_if_empty(&r.description)),
                        Cell::text(category(&r.category)),
                        Cell::text(figure(r.likelihood)),
                        Cell::text(figure(r.impact)),
                        Cell {
                            spans: vec![Span::bold(figure(score))],
                            fill: band,
                            alt: None,
                        },
                        Cell::text(dash_if_empty(&r.mitigation)),
                        Cell::text(self.puno(&r.owner)),
                    ],
                    shade: Shade::None,
                    continues: None,
                    anchor: Some(row_anchor(
                        AnchorKind::Row,
                        format!("/risk_matrix/risks/{i}"),
                        &r.id,
                        format!("{} {} · {}", tr(lang, "risks.risk"), i + 1, r.description.trim()),
                    )),
                }
            })
            .collect();
        let mut out = vec![self.note(tr(lang, "risks.intro"))];
        // The bands, named and shaded as on the screen.
        let bands = &t.risk_matrix.bands;
        if !bands.is_empty() {
            let cells = bands
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let to = bands
                        .get(i + 1)
                        .map_or(crate::template::MAX_RISK_SCORE, |n| n.from_score.saturating_sub(1));
                    Cell {
                        spans: vec![Span::bold(format!("{} {}–{to}", b.label.get(lang), b.from_score))],
                        fill: Shade::Risk(b.id.clone()),
                        alt: None,
                    }
                })
                .collect();
            out.push(Block::Table(Table {
                columns: vec![
                    TableColumn {
                        share: 1.0 / bands.len() as f32,
                        align: Align::Center
                    };
                    bands.len()
                ],
                header: vec![],
                rows: vec![row(cells)],
                density: Density::Regular,
                kind: TableKind::Legend,
            }));
        }
        out.push(Block::Table(Table {
            columns: columns(&[
                (0.04, Align::Right),
                (0.23, Align::Left),
                (0.16, Align::Left),
                (0.05, Align::Center),
                (0.05, Align::Center),
                (0.07, Align::Center),
                (0.26, Align::Left),
                (0.14, Align::Left),
            ]),
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
            density: Density::Regular,
            kind: TableKind::Data,
        }));
        out
    }

    /// PUNOs in the cover page's order, then any only the budget names.
    fn puno_order(&self) -> Vec<String> {
        crate::budget::puno_order(&self.p.cover, self.budget)
    }

    /// Direct costs in two columns (what, amount), closed by their total.
    fn direct_cost_summary(&self, what: &str, mut rows: Vec<Row>) -> Block {
        let lang = self.lang;
        rows.push(Row {
            cells: vec![
                Cell::bold(tr(lang, "budget.total_direct")),
                Cell::bold(money(lang, self.budget.direct)),
            ],
            shade: Shade::Strong,
            continues: None,
            anchor: None,
        });
        Block::Table(Table {
            columns: columns(&[(0.7, Align::Left), (0.3, Align::Right)]),
            header: headers(&[what, tr(lang, "budget.direct_costs")]),
            rows,
            density: Density::Roomy,
            kind: TableKind::Data,
        })
    }

    pub fn budget(&self) -> Vec<Block> {
        let (p, t, lang, b) = (self.p, self.t, self.lang, self.budget);
        let money = |m: Money| money(lang, m);
        let punos = self.puno_order();
        let rate = percent(lang, &t.budget.indirect_rate_percent);
        let mut out = vec![Block::Heading {
            text: tr(lang, "budget.by_category").into(),
            level: 2,
        }];
        let mut cats: Vec<(String, String)> = t
            .budget
            .categories
            .iter()
            .map(|c| (c.id.to_string(), format!("{}. {}", c.id, c.title.get(lang))))
            .collect();
        if b.by_category.contains_key(UNSET) {
            cats.push((UNSET.into(), tr(lang, "budget.no_category").into()));
        }
        // At most this many PUNO columns a table, so amounts stay readable;
        // more PUNOs make more tables, the totals column in the last.
        const PUNO_COLUMNS: usize = 4;
        let chunks: Vec<&[String]> = if punos.is_empty() {
            vec![&[]]
        } else {
            punos.chunks(PUNO_COLUMNS).collect()
        };
        let last = chunks.len() - 1;
        for (k, part) in chunks.into_iter().enumerate() {
            let with_total = k == last;
            let n = part.len() + usize::from(with_total);
            let mut spec = vec![(0.34, Align::Left)];
            spec.extend(std::iter::repeat_n((0.66 / n.max(1) as f32, Align::Right), n));
            let mut header = vec![Cell::text(tr(lang, "budget.category"))];
            header.extend(part.iter().map(|x| Cell::text(self.puno(x))));
            if with_total {
                header.push(Cell::text(tr(lang, "budget.total")));
            }
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
                rows.push(row(cells));
            }
            let total_row = |label: &str, f: &dyn Fn(&PunoTotals) -> Money, all: Money, shade| {
                let mut cells = vec![Cell::bold(label)];
                cells.extend(
                    part.iter()
                        .map(|x| Cell::bold(money(b.by_puno.get(x).map(f).unwrap_or_default()))),
                );
                if with_total {
                    cells.push(Cell::bold(money(all)));
                }
                Row {
                    cells,
                    shade,
                    continues: None,
                    anchor: None,
                }
            };
            rows.push(total_row(
                tr(lang, "budget.total_direct"),
                &|x| x.direct,
                b.direct,
                Shade::Group,
            ));
            rows.push(total_row(
                &trf(lang, "budget.indirect", &[("rate", &rate)]),
                &|x| x.indirect,
                b.indirect,
                Shade::None,
            ));
            rows.push(total_row(
                tr(lang, "budget.total"),
                &|x| x.total,
                b.total,
                Shade::Strong,
            ));
            out.push(Block::Table(Table {
                columns: columns(&spec),
                header,
                rows,
                density: Density::Regular,
                kind: TableKind::Data,
            }));
        }

        out.push(Block::Heading {
            text: tr(lang, "budget.by_result").into(),
            level: 2,
        });
        let mut rows = Vec::new();
        for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
            let key = numbering::outcome(i);
            rows.push(Row {
                cells: vec![
                    Cell::bold(trf(lang, "results.outcome", &[("n", &key)])),
                    Cell::bold(money(b.by_outcome.get(&key).copied().unwrap_or_default())),
                ],
                shade: Shade::Group,
                continues: None,
                anchor: None,
            });
            for j in 0..oc.outputs.len() {
                let k = numbering::output(i, j);
                rows.push(row(vec![
                    Cell::text(trf(lang, "results.output", &[("n", &k)])),
                    Cell::text(money(b.by_output.get(&k).copied().unwrap_or_default())),
                ]));
            }
        }
        if let Some(v) = b.by_output.get(UNLINKED) {
            rows.push(row(vec![
                Cell::text(tr(lang, "budget.not_linked")),
                Cell::text(money(*v)),
            ]));
        }
        out.push(self.direct_cost_summary(tr(lang, "budget.result"), rows));

        out.push(Block::Heading {
            text: tr(lang, "budget.by_year").into(),
            level: 2,
        });
        let rows: Vec<Row> = b
            .by_year
            .iter()
            .map(|(y, v)| {
                let label = if y == UNSET {
                    tr(lang, "budget.year_not_set").to_string()
                } else {
                    trf(lang, "budget.year_n", &[("n", y)])
                };
                row(vec![Cell::text(label), Cell::text(money(*v))])
            })
            .collect();
        out.push(self.direct_cost_summary(tr(lang, "budget.year"), rows));

        out.push(Block::PageBreak);
        out.push(Block::Heading {
            text: tr(lang, "budget.detail").into(),
            level: 2,
        });
        let outputs = p.results_framework.output_numbers();
        let mut rows: Vec<Row> = p
            .budget
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let output = outputs.get(l.output_id.as_str()).cloned().unwrap_or_else(|| "—".into());
                let mut desc = vec![Span::plain(dash_if_empty(&l.description))];
                if !l.unit.trim().is_empty() {
                    desc.push(Span::plain(format!(" ({})", l.unit.trim())).muted());
                }
                Row {
                    cells: vec![
                        Cell::text((i + 1).to_string()),
                        Cell::of(desc),
                        Cell::text(l.category.map(|c| c.to_string()).unwrap_or_else(|| "—".into())),
                        Cell::text(self.puno(&l.puno)),
                        Cell::text(output),
                        Cell::text(l.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into())),
                        Cell::text(number(lang, &l.quantity.to_decimal())),
                        Cell::text(money(l.unit_cost)),
                        Cell::text(money(l.total())),
                    ],
                    shade: Shade::None,
                    continues: None,
                    anchor: Some(row_anchor(
                        AnchorKind::BudgetLine,
                        format!("/budget/lines/{i}"),
                        &l.id,
                        format!("{} {} · {}", tr(lang, "budget.line"), i + 1, l.description.trim()),
                    )),
                }
            })
            .collect();
        // The detail ends with its totals: each PUNO's direct costs, then all.
        let total_row = |label: String, amount: Money, shade: Shade| {
            let mut cells = vec![Cell::default(), Cell::bold(label)];
            cells.extend((0..6).map(|_| Cell::default()));
            cells.push(Cell::bold(money(amount)));
            Row {
                cells,
                shade,
                continues: None,
                anchor: None,
            }
        };
        if !p.budget.lines.is_empty() {
            for code in &punos {
                if let Some(v) = b.by_puno.get(code) {
                    let label = trf(lang, "budget.direct_of_puno", &[("puno", &self.puno(code))]);
                    rows.push(total_row(label, v.direct, Shade::Group));
                }
            }
            rows.push(total_row(
                tr(lang, "budget.total_direct").into(),
                b.direct,
                Shade::Strong,
            ));
        }
        out.push(Block::Table(Table {
            columns: columns(&[
                (0.05, Align::Right),
                (0.28, Align::Left),
                (0.05, Align::Center),
                (0.10, Align::Left),
                (0.10, Align::Center),
                (0.08, Align::Center),
                (0.08, Align::Right),
                (0.12, Align::Right),
                (0.14, Align::Right),
            ]),
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
            density: Density::Compact,
            kind: TableKind::Data,
        }));
        out
    }

    pub fn hr_marker(&self) -> Vec<Block> {
        let (p, t, lang) = (self.p, self.t, self.lang);
        let a = &self.marks.human_rights;
        let hr = &t.human_rights_marker;
        let grade = match a.grade {
            Some(g) => trf(lang, "markers.hr_grade", &[("grade", g.letter())]),
            None => tr(lang, "markers.hr_not_graded").to_string(),
        };
        let points = trf(
            lang,
            "markers.hr_points",
            &[("score", &a.score.to_string()), ("max", &a.max_score.to_string())],
        );
        let mut out = vec![
            Block::Paragraph {
                spans: vec![Span::bold(grade), Span::plain(format!(" {points}"))],
                tone: Tone::Lead,
            },
            self.note(hr.grading.explanation.get(lang)),
        ];
        let not_assessed = || tr(lang, "markers.not_assessed").to_string();
        let level_label = |id: &str| {
            hr.levels
                .iter()
                .find(|l| l.id == id)
                .map(|l| l.label.get(lang).to_string())
                .unwrap_or_else(not_assessed)
        };
        let mut rows = Vec::new();
        for stage in &hr.stages {
            let mut cells = vec![Cell::bold(stage.label.get(lang))];
            cells.extend((0..3).map(|_| Cell::default()));
            rows.push(Row {
                cells,
                shade: Shade::Group,
                continues: None,
                anchor: None,
            });
            for (i, c) in hr.criteria.iter().enumerate().filter(|(_, c)| c.stage == stage.id) {
                let ans = p.markers.human_rights.criteria.get(&c.id);
                let level = ans
                    .and_then(|x| x.level.as_deref())
                    .map(level_label)
                    .unwrap_or_else(not_assessed);
                let evidence = ans
                    .map(|x| {
                        // One entry a line, each marked, so two never run together.
                        x.evidence
                            .iter()
                            .map(|e| format!("• {}", evidence_label(t, lang, e)))
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
                rows.push(Row {
                    cells: vec![
                        Cell::of(vec![
                            Span::bold(format!("{}. ", i + 1)),
                            Span::plain(c.question.get(lang)),
                        ]),
                        Cell::bold(level),
                        Cell::text(dash_if_empty(ans.map(|x| x.justification.as_str()).unwrap_or(""))),
                        Cell::text(dash_if_empty(&evidence)),
                    ],
                    shade: Shade::None,
                    continues: None,
                    anchor: Some(Anchor {
                        kind: AnchorKind::Criterion,
                        path: format!("/markers/human_rights/criteria/{}", c.id),
                        row_id: None,
                        paragraph: None,
                        label: format!("{}. {}", i + 1, c.question.get(lang)),
                    }),
                });
            }
        }
        out.push(Block::Table(Table {
            columns: columns(&[
                (0.29, Align::Left),
                (0.15, Align::Left),
                (0.34, Align::Left),
                (0.22, Align::Left),
            ]),
            header: headers(&[
                tr(lang, "markers.criterion"),
                tr(lang, "markers.level"),
                tr(lang, "markers.justification"),
                tr(lang, "markers.evidence"),
            ]),
            rows,
            density: Density::Regular,
            kind: TableKind::Data,
        }));
        out
    }

    pub fn gender_marker(&self) -> Vec<Block> {
        let (p, t, lang, m) = (self.p, self.t, self.lang, self.marks);
        let gm = &t.gender_marker;
        let label = |s: u8| {
            gm.scale
                .iter()
                .find(|x| x.score == s)
                .map(|x| x.label.get(lang).to_string())
                .unwrap_or_default()
        };
        let score = match m.gender_score {
            Some(s) => vec![
                Span::bold(trf(lang, "markers.gender_score", &[("score", &s.to_string())])),
                Span::plain(format!(" — {}", label(s))),
            ],
            None => vec![Span::bold(tr(lang, "markers.gender_not_chosen"))],
        };
        let g = &m.gender_suggestion;
        let mut out = vec![
            Block::Paragraph {
                spans: score,
                tone: Tone::Lead,
            },
            self.note(trf(
                lang,
                "markers.gender_minimum",
                &[
                    ("minimum", &gm.minimum.to_string()),
                    ("suggested", &g.suggested.to_string()),
                    ("label", &label(g.suggested)),
                ],
            )),
        ];
        let rows = gm
            .criteria
            .iter()
            .map(|c| {
                let met = g.criteria.get(&c.id).copied().unwrap_or(false);
                Row {
                    cells: vec![
                        Cell::text(c.label.get(lang)),
                        Cell::bold(if met {
                            tr(lang, "markers.met")
                        } else {
                            tr(lang, "markers.not_met")
                        }),
                    ],
                    shade: Shade::None,
                    continues: None,
                    anchor: Some(Anchor {
                        kind: AnchorKind::Criterion,
                        path: format!("/markers/gender/criteria/{}", c.id),
                        row_id: None,
                        paragraph: None,
                        label: c.label.get(lang).to_string(),
                    }),
                }
            })
            .collect();
        out.push(Block::Table(Table {
            columns: columns(&[(0.8, Align::Left), (0.2, Align::Center)]),
            header: headers(&[tr(lang, "markers.criterion"), tr(lang, "markers.status")]),
            rows,
            density: Density::Roomy,
            kind: TableKind::Data,
        }));
        out.push(Block::Paragraph {
            spans: vec![Span::plain(trf(
                lang,
                "markers.gewe_share",
                &[
                    ("percent", &percent(lang, &g.gewe_percent)),
                    ("counted", &usd(lang, g.gewe_counted)),
                    ("direct", &usd(lang, g.gewe_direct)),
                ],
            ))],
            tone: Tone::Body,
        });
        if !g.gewe_lines.is_empty() {
            // How the share was reached: each line that counts, and how much of it.
            let rows = g
                .gewe_lines
                .iter()
                .map(|l| {
                    row(vec![
                        Cell::text(format!("{}. {}", l.number, dash_if_empty(&l.description))),
                        Cell::text(self.puno(&l.puno)),
                        Cell::text(money(lang, l.total)),
                        Cell::text(percent(lang, &l.share.to_string())),
                        Cell::text(money(lang, l.counted)),
                    ])
                })
                .collect();
            out.push(Block::Table(Table {
                columns: columns(&[
                    (0.44, Align::Left),
                    (0.14, Align::Left),
                    (0.16, Align::Right),
                    (0.1, Align::Right),
                    (0.16, Align::Right),
                ]),
                header: headers(&[
                    tr(lang, "markers.gewe_line"),
                    tr(lang, "sheet.puno"),
                    tr(lang, "markers.gewe_total"),
                    tr(lang, "markers.gewe_line_share"),
                    tr(lang, "markers.gewe_counted"),
                ]),
                rows,
                density: Density::Roomy,
                kind: TableKind::Data,
            }));
        }
        let heading = tr(lang, "markers.justification");
        out.push(Block::Group {
            anchor: field_anchor("/markers/gender/justification", heading),
            blocks: vec![
                Block::Heading {
                    text: heading.into(),
                    level: 2,
                },
                Block::Paragraph {
                    spans: vec![Span::plain(dash_if_empty(&p.markers.gender.justification))],
                    tone: Tone::Body,
                },
            ],
        });
        out
    }

    pub fn signatures(&self) -> Vec<Block> {
        let (p, t, lang) = (self.p, self.t, self.lang);
        let endorsement = trf(lang, "signatures.endorsement", &[("fund", t.fund.name.get(lang))]);
        // Who signs comes from the template; their names from the cover page.
        let mut parties: Vec<Party> = Vec::new();
        let party = |role: &str, who: String| Party {
            role: role.to_string(),
            who: who.trim().to_string(),
        };
        for s in &t.signatures {
            let role = s.label.get(lang);
            match s.role {
                SignatureRole::ConveningPuno => {
                    if let Some(c) = p.cover.punos.iter().find(|x| x.convening) {
                        parties.push(party(role, self.puno(&c.entity)));
                    }
                }
                SignatureRole::Puno => parties.extend(
                    p.cover
                        .punos
                        .iter()
                        .filter(|x| !x.convening)
                        .map(|x| party(role, self.puno(&x.entity))),
                ),
                SignatureRole::ResidentCoordinator => parties.push(party(role, p.cover.countries.join(", "))),
                SignatureRole::Government => {
                    let gov = p
                        .cover
                        .partners
                        .iter()
                        .find(|x| t.is_government(&x.kind))
                        .map(|x| x.name.clone())
                        .unwrap_or_default();
                    parties.push(party(role, gov));
                }
            }
        }
        vec![
            self.note(endorsement),
            Block::Signatures(Signatures {
                parties,
                name: tr(lang, "signatures.name").into(),
                title: tr(lang, "signatures.title").into(),
                signature: tr(lang, "signatures.signature").into(),
                date: tr(lang, "signatures.date").into(),
            }),
        ]
    }

    pub fn cover(&self, title: &str, edition: &Edition) -> CoverPage {
        let (p, t, lang, b, m) = (self.p, self.t, self.lang, self.budget, self.marks);
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
        let per_puno: Vec<String> = self
            .puno_order()
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
                ("version", &edition.version),
                ("date", &long_date_str(lang, &edition.date)),
            ],
        );
        let fact = |label: &str, value: String, path: Option<&str>| Fact {
            anchor: path.map(|x| field_anchor(x, self.cover_label(x, label))),
            label: label.to_string(),
            value,
        };
        let facts = vec![
            fact(
                tr(lang, "cover.countries"),
                format!("{} ({scope})", dash_if_empty(&p.cover.countries.join(", "))),
                Some("/cover/countries"),
            ),
            fact(tr(lang, "cover.thematic_area"), area, Some("/cover/thematic_area")),
            fact(
                tr(lang, "cover.gcm_objectives"),
                dash_if_empty(&join_semicolon(lang, &objectives)),
                Some("/cover/gcm_objectives"),
            ),
            fact(
                tr(lang, "cover.punos"),
                dash_if_empty(&punos.join(", ")),
                Some("/cover/punos"),
            ),
            fact(
                tr(lang, "cover.government_partners"),
                dash_if_empty(&join_semicolon(lang, &gov)),
                Some("/cover/partners"),
            ),
            fact(
                tr(lang, "cover.other_partners"),
                dash_if_empty(&join_semicolon(lang, &others)),
                Some("/cover/partners"),
            ),
            fact(tr(lang, "cover.duration"), dates, Some("/cover/duration_months")),
            fact(
                tr(lang, "cover.total_budget"),
                format!("{} ({})", usd(lang, b.total), join_semicolon(lang, &per_puno)),
                Some("/budget"),
            ),
            fact(tr(lang, "cover.hr_marker"), hr, Some("/markers/human_rights")),
            fact(tr(lang, "cover.gender_marker"), gender, Some("/markers/gender")),
            fact(
                tr(lang, "cover.contact"),
                dash_if_empty(&contact),
                Some("/cover/contact"),
            ),
        ];
        let mut facts = facts;
        if !edition.version.is_empty() {
            facts.push(fact(tr(lang, "cover.version"), version, None));
        }
        CoverPage {
            fund: t.fund.name.get(lang).to_string(),
            kind: kind_title(p, t),
            title: title.to_string(),
            title_anchor: field_anchor("/cover/title", self.cover_label("/cover/title", title)),
            short_title: p.cover.short_title.trim().to_string(),
            short_title_anchor: field_anchor(
                "/cover/short_title",
                self.cover_label("/cover/short_title", &p.cover.short_title),
            ),
            facts,
        }
    }

    /// What a reviewer sees a cover field's anchor as: "Cover page · Joint
    /// Programme title", from the template's words, else the document's.
    fn cover_label(&self, path: &str, fallback: &str) -> String {
        let id = path.trim_start_matches("/cover/");
        let field = self
            .t
            .cover_fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.label.get(self.lang))
            .unwrap_or(fallback);
        match self.t.sections.first() {
            Some(cover) => format!("{} · {field}", cover.title.get(self.lang)),
            None => field.to_string(),
        }
    }

    pub fn meta(&self, title: &str, edition: &Edition) -> DocumentMeta {
        let (p, t, lang) = (self.p, self.t, self.lang);
        let author = p
            .cover
            .punos
            .iter()
            .map(|x| x.entity.trim())
            .filter(|x| !x.is_empty())
            .map(|x| t.entity_short(x, lang))
            .collect::<Vec<_>>()
            .join(", ");
        let mut keywords = vec![
            t.fund.short_name.get(lang).to_string(),
            tr(lang, "doc.keyword.joint_programme").to_string(),
        ];
        keywords.extend(p.cover.countries.iter().cloned());
        if let Some(a) = p
            .cover
            .thematic_area
            .and_then(|a| t.thematic_areas.iter().find(|x| x.id == a))
        {
            keywords.push(trf(lang, "doc.keyword.thematic_area", &[("id", &a.id.to_string())]));
        }
        let mut subject = trf(
            lang,
            "doc.subject",
            &[("kind", &kind_title(p, t)), ("fund", t.fund.name.get(lang))],
        );
        // A review copy says so in its metadata too, not only on its pages.
        if edition.review_copy {
            subject = trf(lang, "doc.subject_review", &[("subject", &subject)]);
            keywords.push(tr(lang, "doc.keyword.review_copy").to_string());
        }
        DocumentMeta {
            title: title.to_string(),
            author,
            subject,
            keywords,
        }
    }
}

/// Everything in `p` a human-rights criterion can point at as evidence, in
/// reading order: written narrative fields, then results with their
/// indicators and activities, then risks, labelled in `lang`.
pub fn evidence_options(p: &Proposal, t: &Template, lang: &str) -> Vec<EvidenceOption> {
    let lang = crate::messages::language(lang);
    let mut out = Vec::new();
    let mut push = |path: String, text: Option<&str>, group: EvidenceGroup| {
        let name = evidence_label(t, lang, &path);
        let label = match text {
            Some(text) => trf(lang, "evidence.option", &[("label", &name), ("text", text.trim())]),
            None => name,
        };
        out.push(EvidenceOption { path, label, group });
    };
    for s in t.sections_of(p.kind) {
        let ids: Vec<&str> = match s.kind {
            crate::template::SectionKind::Narrative => s.fields.iter().map(|f| f.id.as_str()).collect(),
            crate::template::SectionKind::Principles => t.guiding_principles.iter().map(|g| g.id.as_str()).collect(),
            _ => continue,
        };
        for id in ids {
            let key = narrative_key(&s.id, id);
            if p.narrative.get(&key).is_some_and(|x| !x.trim().is_empty()) {
                push(format!("/narrative/{key}"), None, EvidenceGroup::Sections);
            }
        }
    }
    for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
        let base = format!("/results_framework/outcomes/{i}");
        push(base.clone(), Some(&oc.title), EvidenceGroup::Results);
        for (k, ind) in oc.indicators.iter().enumerate() {
            push(
                format!("{base}/indicators/{k}"),
                Some(&ind.text),
                EvidenceGroup::Results,
            );
        }
        for (j, op) in oc.outputs.iter().enumerate() {
            let ob = format!("{base}/outputs/{j}");
            push(ob.clone(), Some(&op.title), EvidenceGroup::Results);
            for (k, ind) in op.indicators.iter().enumerate() {
                push(format!("{ob}/indicators/{k}"), Some(&ind.text), EvidenceGroup::Results);
            }
            for (k, a) in op.activities.iter().enumerate() {
                push(format!("{ob}/activities/{k}"), Some(&a.title), EvidenceGroup::Results);
            }
        }
    }
    for (i, r) in p.risk_matrix.risks.iter().enumerate() {
        push(
            format!("/risk_matrix/risks/{i}"),
            Some(&r.description),
            EvidenceGroup::Risks,
        );
    }
    out
}

/// A readable name for an evidence pointer: "Context — Problem analysis",
/// "Output 1.2", "Activity 1.2.3", in the document's language.
pub fn evidence_label(t: &Template, lang: &str, path: &str) -> String {
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
    let index = |i: usize| parts.get(i).and_then(|x| x.parse::<usize>().ok()).unwrap_or(0);
    let (outcome, output) = (numbering::outcome(index(2)), numbering::output(index(2), index(4)));
    match parts.as_slice() {
        ["results_framework", "outcomes", _] => trf(lang, "results.outcome", &[("n", &outcome)]),
        ["results_framework", "outcomes", _, "indicators", _] => trf(
            lang,
            "evidence.outcome_indicator",
            &[("n", &outcome), ("i", &(index(4) + 1).to_string())],
        ),
        ["results_framework", "outcomes", _, "outputs", _] => trf(lang, "results.output", &[("n", &output)]),
        ["results_framework", "outcomes", _, "outputs", _, "indicators", _] => trf(
            lang,
            "evidence.output_indicator",
            &[("n", &output), ("i", &(index(6) + 1).to_string())],
        ),
        ["results_framework", "outcomes", _, "outputs", _, "activities", _] => trf(
            lang,
            "evidence.activity",
            &[("n", &numbering::activity(index(2), index(4), index(6)))],
        ),
        ["risk_matrix", "risks", _] => trf(lang, "evidence.risk", &[("n", &outcome)]),
        _ => path.to_string(),
    }
}
