//! Readiness rules: what stands between a draft and submission. Findings are
//! data (`Problem`), pinned to the field they concern by JSON pointer, and the
//! same function serves the app and `proposal validate`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::Date;
use crate::messages;
use crate::proposal::Proposal;
use crate::rules_fonts;
use crate::template::{narrative_key, SectionKind, Template};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    /// Must be fixed before a final export.
    Blocking,
    /// Worth a look; does not stop submission.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Problem {
    /// JSON pointer of the field, such as `/cover/title`.
    pub path: String,
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// The template section the field belongs to.
    pub section: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SectionState {
    Empty,
    InProgress,
    Complete,
    HasProblems,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SectionReport {
    pub id: String,
    pub state: SectionState,
    pub words: u32,
    pub limit: Option<u32>,
    /// Each narrative field's words (by narrative key), counted by
    /// [`count_words`]: what the editor's counters show.
    #[serde(default)]
    pub field_words: std::collections::BTreeMap<String, u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Report {
    /// True when no problem blocks submission.
    pub ready: bool,
    pub problems: Vec<Problem>,
    pub sections: Vec<SectionReport>,
    pub complete_sections: u32,
    pub total_sections: u32,
}

/// Raised whenever a rule changes what a draft's readiness reads as, so
/// that readiness the store saved under the old rules is worked out again.
pub const RULES_REVISION: u32 = 1;

/// Codes that mean "not written yet" rather than "written wrongly".
const MISSING_CODES: [&str; 2] = ["required", "principle_unanswered"];

/// Words in a Markdown text: runs of characters holding a letter or digit.
pub fn count_words(text: &str) -> u32 {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u32
}

pub(crate) struct Findings<'a> {
    section: &'a str,
    /// The language messages are written in ("en", "fr", "es").
    lang: &'a str,
    problems: Vec<Problem>,
}

impl Findings<'_> {
    /// The catalogue message `key` in this report's language.
    fn msg(&self, key: &str, params: &[(&str, String)]) -> String {
        messages::msg(self.lang, key, params)
    }
    fn add(&mut self, severity: Severity, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            code: code.into(),
            severity,
            message: message.into(),
            section: self.section.to_string(),
        });
    }
    fn block(&mut self, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.add(Severity::Blocking, path, code, message);
    }
    fn warn(&mut self, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.add(Severity::Warning, path, code, message);
    }
}

fn cover_rules(p: &Proposal, t: &Template, f: &mut Findings) {
    let c = &p.cover;
    let lang = f.lang;
    let label = |id: &str| {
        t.cover_fields
            .iter()
            .find(|cf| cf.id == id)
            .map(|cf| cf.label.get(lang).to_string())
            .unwrap_or_else(|| id.into())
    };
    let required = |id: &str| t.cover_fields.iter().any(|cf| cf.id == id && cf.required);
    let missing = |f: &mut Findings, id: &str, empty: bool| {
        if empty && required(id) {
            f.block(
                format!("/cover/{id}"),
                "required",
                f.msg("cover.required", &[("label", label(id))]),
            );
        }
    };
    missing(f, "title", c.title.trim().is_empty());
    missing(f, "short_title", c.short_title.trim().is_empty());
    missing(f, "countries", c.countries.iter().all(|x| x.trim().is_empty()));
    missing(f, "thematic_area", c.thematic_area.is_none());
    missing(f, "gcm_objectives", c.gcm_objectives.is_empty());
    missing(f, "punos", c.punos.is_empty());
    missing(f, "partners", c.partners.is_empty());
    missing(f, "start_date", c.start_date.is_none());
    missing(f, "duration_months", c.duration_months.is_none());
    for cf in &t.cover_fields {
        let value = match cf.id.as_str() {
            "title" => &c.title,
            "short_title" => &c.short_title,
            _ => continue,
        };
        if let Some(max) = cf.max_chars {
            let n = value.chars().count();
            if n > max as usize {
                let m = f.msg(
                    "cover.too_long",
                    &[
                        ("label", cf.label.get(lang).to_string()),
                        ("count", n.to_string()),
                        ("max", max.to_string()),
                    ],
                );
                f.warn(format!("/cover/{}", cf.id), "too_long", m);
            }
        }
    }
    for (i, country) in c.countries.iter().enumerate() {
        if country.trim().is_empty() {
            f.block(
                format!("/cover/countries/{i}"),
                "required",
                f.msg("cover.country_empty", &[]),
            );
        }
    }

    let min = t.programme.min_punos.value as usize;
    if !c.punos.is_empty() && c.punos.len() < min {
        f.block(
            "/cover/punos",
            "too_few_punos",
            f.msg("cover.too_few_punos", &[("min", min.to_string())]),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, puno) in c.punos.iter().enumerate() {
        let name = puno.entity.trim();
        if name.is_empty() {
            f.block(
                format!("/cover/punos/{i}/entity"),
                "required",
                f.msg("cover.puno_entity_required", &[]),
            );
        } else if !seen.insert(name.to_lowercase()) {
            f.block(
                format!("/cover/punos/{i}/entity"),
                "duplicate_puno",
                f.msg("cover.duplicate_puno", &[("name", name.to_string())]),
            );
        }
    }
    let convening = c.punos.iter().filter(|p| p.convening).count();
    if !c.punos.is_empty() && convening != 1 {
        f.block(
            "/cover/punos",
            "convening",
            f.msg("cover.convening", &[("count", convening.to_string())]),
        );
    }

    if !c.partners.is_empty() && !c.partners.iter().any(|p| t.is_government(&p.kind)) {
        f.block(
            "/cover/partners",
            "no_government_partner",
            f.msg("cover.no_government_partner", &[]),
        );
    }
    for (i, partner) in c.partners.iter().enumerate() {
        if partner.name.trim().is_empty() {
            f.block(
                format!("/cover/partners/{i}/name"),
                "required",
                f.msg("cover.partner_name_required", &[]),
            );
        }
        if partner.kind.is_empty() {
            f.block(
                format!("/cover/partners/{i}/kind"),
                "required",
                f.msg("cover.partner_kind_required", &[]),
            );
        }
        if t.is_government(&partner.kind) && partner.level.is_empty() {
            f.warn(
                format!("/cover/partners/{i}/level"),
                "partner_level_required",
                f.msg(
                    "cover.partner_level_required",
                    &[("name", partner.name.trim().to_string())],
                ),
            );
        }
    }

    if let Some(area) = c.thematic_area {
        if let Some(a) = t.thematic_areas.iter().find(|a| a.id == area) {
            if !c.gcm_objectives.is_empty() && !c.gcm_objectives.iter().any(|n| a.gcm_objectives.contains(n)) {
                f.warn(
                    "/cover/gcm_objectives",
                    "objectives_outside_area",
                    f.msg("cover.objectives_outside_area", &[("area", area.to_string())]),
                );
            }
        }
    }

    let d = &t.programme.duration_months;
    if let Some(m) = c.duration_months {
        if m < d.min || m > d.max {
            f.block(
                "/cover/duration_months",
                "duration_out_of_range",
                f.msg(
                    "cover.duration_out_of_range",
                    &[("min", d.min.to_string()), ("max", d.max.to_string())],
                ),
            );
        } else if m < d.usual_min || m > d.usual_max {
            f.warn(
                "/cover/duration_months",
                "duration_unusual",
                f.msg(
                    "cover.duration_unusual",
                    &[("min", d.usual_min.to_string()), ("max", d.usual_max.to_string())],
                ),
            );
        }
    }
    if let Some(start) = c.start_date.as_deref().and_then(Date::parse) {
        if let Some(m) = c.duration_months {
            if start.add_months(m).year > crate::limits::LAST_YEAR {
                f.block(
                    "/cover/duration_months",
                    "dates_inconsistent",
                    f.msg(
                        "cover.dates_inconsistent",
                        &[("last", crate::limits::LAST_YEAR.to_string())],
                    ),
                );
            }
        }
    }

    let contact = &c.contact;
    if required("contact") {
        if contact.name.trim().is_empty() {
            f.block(
                "/cover/contact/name",
                "required",
                f.msg("cover.contact_name_required", &[]),
            );
        }
        if contact.email.trim().is_empty() {
            f.block(
                "/cover/contact/email",
                "required",
                f.msg("cover.contact_email_required", &[]),
            );
        }
    }
    let email = contact.email.trim();
    if !email.is_empty() && !looks_like_email(email) {
        f.warn("/cover/contact/email", "email_format", f.msg("cover.email_format", &[]));
    }
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Checks a proposal against its template, with messages in English.
pub fn validate(p: &Proposal, t: &Template) -> Report {
    validate_in(p, t, "en")
}

/// Checks a proposal against its template, with messages (and the template
/// labels inside them) in `lang`: "en", "fr" or "es"; any other language
/// gives English. Paths, codes and severities do not depend on the language.
pub fn validate_in(p: &Proposal, t: &Template, lang: &str) -> Report {
    let lang = messages::language(lang);
    let mut problems = Vec::new();
    let mut sections = Vec::new();
    for s in t.sections_of(p.kind) {
        let mut f = Findings {
            section: &s.id,
            lang,
            problems: Vec::new(),
        };
        let mut words = 0;
        let mut limit = Some(0u32);
        let mut has_content = false;
        let mut field_words = std::collections::BTreeMap::new();
        match s.kind {
            SectionKind::Cover => {
                cover_rules(p, t, &mut f);
                has_content = p.cover != Default::default();
                limit = None;
            }
            SectionKind::Narrative => {
                for field in &s.fields {
                    let key = narrative_key(&s.id, &field.id);
                    let text = p.narrative.get(&key).map(String::as_str).unwrap_or("");
                    let n = count_words(text);
                    words += n;
                    has_content |= n > 0;
                    field_words.insert(key.clone(), n);
                    let field_limit = t.word_limit(p.kind, &s.id, &field.id);
                    limit = match (limit, field_limit) {
                        (Some(total), Some(l)) => Some(total + l),
                        _ => None,
                    };
                    let path = format!("/narrative/{key}");
                    if n == 0 && field.required {
                        f.block(
                            &path,
                            "required",
                            f.msg("narrative.required", &[("label", field.label.get(lang).to_string())]),
                        );
                    }
                    if let Some(l) = field_limit {
                        if n > l {
                            let m = f.msg(
                                "narrative.over_limit",
                                &[
                                    ("label", field.label.get(lang).to_string()),
                                    ("count", n.to_string()),
                                    ("limit", l.to_string()),
                                ],
                            );
                            f.warn(&path, "over_limit", m);
                        }
                    }
                }
            }
            SectionKind::Principles => {
                limit = None;
                for principle in &t.guiding_principles {
                    let key = narrative_key(&s.id, &principle.id);
                    let n = count_words(p.narrative.get(&key).map(String::as_str).unwrap_or(""));
                    words += n;
                    has_content |= n > 0;
                    field_words.insert(key.clone(), n);
                    if n == 0 {
                        let m = f.msg(
                            "narrative.principle_unanswered",
                            &[("title", principle.title.get(lang).to_string())],
                        );
                        f.block(format!("/narrative/{key}"), "principle_unanswered", m);
                    }
                }
            }
            SectionKind::ResultsFramework => {
                limit = None;
                has_content = annex_rules::results_framework(p, t, &mut f);
            }
            SectionKind::Workplan => {
                limit = None;
                has_content = annex_rules::workplan(p, &mut f);
            }
            SectionKind::RiskMatrix => {
                limit = None;
                has_content = annex_rules::risk_matrix(p, t, &mut f);
            }
            SectionKind::Budget => {
                limit = None;
                has_content = annex_rules::budget(p, t, &mut f);
            }
            SectionKind::HumanRightsMarker => {
                limit = None;
                has_content = marker_rules::human_rights(p, t, &mut f);
            }
            SectionKind::GenderMarker => {
                limit = None;
                has_content = marker_rules::gender(p, t, &mut f);
            }
        }
        font_rules(p, s, &mut f);
        let state = if !has_content {
            SectionState::Empty
        } else if f.problems.iter().any(|p| !MISSING_CODES.contains(&p.code.as_str())) {
            SectionState::HasProblems
        } else if f.problems.is_empty() {
            SectionState::Complete
        } else {
            SectionState::InProgress
        };
        sections.push(SectionReport {
            id: s.id.clone(),
            state,
            words,
            limit: limit.filter(|l| *l > 0),
            field_words,
        });
        problems.extend(f.problems);
    }
    let complete = sections.iter().filter(|s| s.state == SectionState::Complete).count() as u32;
    Report {
        ready: !problems.iter().any(|p| p.severity == Severity::Blocking),
        problems,
        total_sections: sections.len() as u32,
        complete_sections: complete,
        sections,
    }
}

/// Warns at every text of section `s` holding characters the PDF fonts
/// cannot draw, naming them.
fn font_rules(p: &Proposal, s: &crate::template::Section, f: &mut Findings) {
    let value = |v: Result<serde_json::Value, serde_json::Error>| v.unwrap_or_default();
    let mut found = Vec::new();
    let part = match s.kind {
        SectionKind::Cover => Some(("/cover", value(serde_json::to_value(&p.cover)))),
        SectionKind::ResultsFramework => {
            Some(("/results_framework", value(serde_json::to_value(&p.results_framework))))
        }
        SectionKind::RiskMatrix => Some(("/risk_matrix", value(serde_json::to_value(&p.risk_matrix)))),
        SectionKind::Budget => Some(("/budget", value(serde_json::to_value(&p.budget)))),
        SectionKind::HumanRightsMarker => Some((
            "/markers/human_rights",
            value(serde_json::to_value(&p.markers.human_rights)),
        )),
        SectionKind::GenderMarker => Some(("/markers/gender", value(serde_json::to_value(&p.markers.gender)))),
        // The workplan's texts are the results framework's activities.
        SectionKind::Workplan => None,
        SectionKind::Narrative | SectionKind::Principles => {
            let prefix = format!("{}.", s.id);
            for (key, text) in p.narrative.range(prefix.clone()..) {
                if !key.starts_with(&prefix) {
                    break;
                }
                found.push((format!("/narrative/{key}"), text.as_str()));
            }
            None
        }
    };
    if let Some((path, v)) = &part {
        rules_fonts::texts(v, path.to_string(), &mut found);
    }
    for (path, text) in found {
        let chars = rules_fonts::undrawable(text);
        if !chars.is_empty() {
            let m = f.msg("fonts.not_covered", &[("chars", rules_fonts::describe(&chars))]);
            f.warn(path, "font_coverage", m);
        }
    }
}

mod annex_rules;
mod marker_rules;

#[cfg(test)]
mod tests;
