//! A Joint Programme proposal, as stored and as exchanged in a proposal file.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::annexes::{Budget, ResultsFramework, RiskMatrix};
use crate::date::Date;
use crate::error::CoreError;
use crate::limits::*;
use crate::markers::Markers;
use crate::template::Template;

/// The `format` value of a proposal file.
pub const FORMAT: &str = "proposal-studio/proposal";
/// The newest proposal file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    ConceptNote,
    #[default]
    FullProposal,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::ConceptNote => "concept_note",
            DocumentKind::FullProposal => "full_proposal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "concept_note" => Some(DocumentKind::ConceptNote),
            "full_proposal" => Some(DocumentKind::FullProposal),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct TemplateRef {
    pub id: String,
    pub version: u32,
}

/// A whole proposal: what a draft holds and what a proposal file carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
#[schemars(title = "Proposal Studio proposal file")]
pub struct Proposal {
    pub format: String,
    pub format_version: u32,
    pub template: TemplateRef,
    #[serde(default)]
    pub kind: DocumentKind,
    #[serde(default = "default_language")]
    pub language: String,
    /// The draft's name in the library.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub cover: Cover,
    /// Narrative fields as Markdown, keyed `section.field`.
    #[serde(default)]
    pub narrative: BTreeMap<String, String>,
    #[serde(default)]
    pub results_framework: ResultsFramework,
    #[serde(default)]
    pub risk_matrix: RiskMatrix,
    #[serde(default)]
    pub budget: Budget,
    #[serde(default)]
    pub markers: Markers,
}

/// The two fields read before the rest of a proposal file.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

fn default_language() -> String {
    "en".into()
}

/// The cover page. Every field may be empty while a draft is in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Cover {
    pub title: String,
    pub short_title: String,
    pub countries: Vec<String>,
    pub thematic_area: Option<u8>,
    pub gcm_objectives: Vec<u8>,
    pub punos: Vec<Puno>,
    pub partners: Vec<Partner>,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    pub duration_months: Option<u32>,
    pub contact: Contact,
}

/// A Participating UN Organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Puno {
    /// The entity's code from the template's list, or a name typed in.
    pub entity: String,
    pub convening: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Partner {
    pub name: String,
    /// A partner kind id from the template.
    pub kind: String,
    /// For a government partner: a government level id from the template
    /// (national, regional, local).
    pub level: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Contact {
    pub name: String,
    pub title: String,
    pub organization: String,
    pub email: String,
    pub phone: String,
}

/// The name a draft goes by: the one its user gave it; until they give one,
/// its short title, else its title. Empty when it has none of these: the UI
/// then says "Untitled draft" in the reader's language.
pub fn draft_name<'a>(given: &'a str, short_title: &'a str, title: &'a str) -> &'a str {
    [given, short_title, title]
        .into_iter()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("")
}

impl Proposal {
    /// The name this draft goes by (see [`draft_name`]).
    pub fn display_name(&self) -> &str {
        draft_name(&self.name, &self.cover.short_title, &self.cover.title)
    }

    /// A new, empty proposal against `template`.
    pub fn blank(template: &Template, kind: DocumentKind, name: &str) -> Proposal {
        Proposal {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            template: TemplateRef {
                id: template.id.clone(),
                version: template.version,
            },
            kind,
            language: default_language(),
            name: name.into(),
            cover: Cover::default(),
            narrative: BTreeMap::new(),
            results_framework: ResultsFramework::default(),
            risk_matrix: RiskMatrix::default(),
            budget: Budget::default(),
            markers: Markers::default(),
        }
    }

    /// Reads a proposal file: bounded in size, parsed with the failing path
    /// named, and checked against `template`.
    pub fn from_json_bytes(bytes: &[u8], template: &Template) -> Result<Proposal, CoreError> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(CoreError::TooLarge(format!(
                "the file is {} MB; a proposal file is at most {} MB",
                bytes.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        use crate::json::{self, JsonProblem};
        let not_json = |e: JsonProblem| match e {
            JsonProblem::Shape { path, message } => {
                CoreError::NotAProposal(format!("not a valid proposal file: at {path}: {message}"))
            }
            JsonProblem::Syntax { message, .. } => {
                CoreError::NotAProposal(format!("not a proposal file: not valid JSON ({message})"))
            }
            e => CoreError::NotAProposal(format!("not a proposal file: {e}")),
        };
        // The header first, so a file of another kind or a newer version is
        // named as such rather than by its first unexpected field.
        let bytes = json::checked(bytes).map_err(not_json)?;
        let header = match json::typed::<Header>(bytes) {
            Ok(h) => h,
            Err(JsonProblem::Shape { .. }) => Header {
                format: None,
                format_version: None,
            },
            Err(e) => return Err(not_json(e)),
        };
        Proposal::check_header(header.format.as_ref(), header.format_version.as_ref())?;
        let mut proposal: Proposal = json::typed(bytes).map_err(not_json)?;
        proposal.upgrade(template);
        proposal.check(template)?;
        Ok(proposal)
    }

    fn check_header(format: Option<&serde_json::Value>, version: Option<&serde_json::Value>) -> Result<(), CoreError> {
        if format.and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(CoreError::NotAProposal(format!(
                "not a proposal file: \"format\" must be \"{FORMAT}\""
            )));
        }
        match version.and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
            Some(v) if v > u64::from(FORMAT_VERSION) => Err(CoreError::NotAProposal(format!(
                "the file uses proposal format version {v}; this app reads version {FORMAT_VERSION}. Update Proposal Studio to open it"
            ))),
            _ => Err(CoreError::NotAProposal(
                "not a proposal file: \"format_version\" is missing or not a version number".into(),
            )),
        }
    }

    /// A proposal already parsed (the store assembles drafts this way).
    pub fn from_value(value: serde_json::Value, template: &Template) -> Result<Proposal, CoreError> {
        Proposal::check_header(value.get("format"), value.get("format_version"))?;
        let mut proposal: Proposal = serde_path_to_error::deserialize(value).map_err(|e| {
            CoreError::NotAProposal(format!("not a valid proposal file: at {}: {}", e.path(), e.inner()))
        })?;
        proposal.upgrade(template);
        proposal.check(template)?;
        Ok(proposal)
    }

    /// Reads what earlier templates wrote in today's terms: a partner kind
    /// that carried the government level ("government_local") becomes the
    /// kind and the level the template says it stood for.
    pub fn upgrade(&mut self, template: &Template) {
        self.cover.upgrade(template);
    }

    pub fn to_json_pretty(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Hard checks: values that no draft may ever hold. Readiness rules live
    /// in `rules`; these are about input that is impossible or hostile.
    pub fn check(&self, template: &Template) -> Result<(), CoreError> {
        if self.template.id != template.id {
            return Err(CoreError::WrongTemplate(format!(
                "the file is written for template \"{}\"; this app knows \"{}\"",
                self.template.id, template.id
            )));
        }
        if self.template.version > template.version || self.template.version == 0 {
            return Err(CoreError::WrongTemplate(format!(
                "the file is written for template version {}; this app has version {}",
                self.template.version, template.version
            )));
        }
        if !template.languages.iter().any(|l| l.id == self.language) {
            let known: Vec<&str> = template.languages.iter().map(|l| l.id.as_str()).collect();
            return Err(CoreError::invalid(
                "/language",
                format!("the language must be one of {}", known.join(", ")),
            ));
        }
        line("/name", &self.name)?;
        self.cover.check(template)?;
        let known: BTreeSet<String> = template.narrative_keys().into_iter().map(|(k, _)| k).collect();
        for (key, text) in &self.narrative {
            check_narrative(key, text, &known)?;
        }
        self.results_framework.check(template)?;
        let rf = &self.results_framework;
        let outputs = rf.outcomes.iter().map(|o| o.outputs.len()).sum::<usize>();
        for (count, max, what) in [
            (outputs, MAX_OUTPUTS, "outputs"),
            (rf.indicators().count(), MAX_INDICATORS, "indicators"),
            (rf.activities().count(), MAX_ACTIVITIES, "activities"),
        ] {
            if count > max {
                return Err(CoreError::invalid(
                    "/results_framework",
                    format!("the results framework holds more than {max} {what}"),
                ));
            }
        }
        self.risk_matrix.check(template)?;
        self.budget.check(template)?;
        self.markers.check(template)?;
        let size = self.written_size();
        if size > MAX_PROPOSAL_BYTES {
            return Err(CoreError::TooLarge(format!(
                "the proposal would be {:.1} MB as a file; a proposal is at most {} MB. Shorten some texts or remove rows",
                size as f64 / (1024.0 * 1024.0),
                MAX_PROPOSAL_BYTES / (1024 * 1024)
            )));
        }
        Ok(())
    }

    /// The size in bytes of the proposal file the app writes for this
    /// proposal, counted without writing it.
    pub fn written_size(&self) -> u64 {
        struct Count(u64);
        impl std::io::Write for Count {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len() as u64;
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut count = Count(0);
        // Plain data with string keys always serializes.
        let _ = serde_json::to_writer_pretty(&mut count, self);
        count.0
    }
}

pub(crate) fn check_narrative(key: &str, text: &str, known: &BTreeSet<String>) -> Result<(), CoreError> {
    let path = format!("/narrative/{key}");
    if !known.contains(key) {
        return Err(CoreError::invalid(path, "the template has no such narrative field"));
    }
    if text.chars().count() > MAX_NARRATIVE_CHARS {
        return Err(CoreError::invalid(
            path,
            format!("the text is longer than {MAX_NARRATIVE_CHARS} characters"),
        ));
    }
    if text.contains('\0') {
        return Err(CoreError::invalid(path, "the text contains a NUL character"));
    }
    Ok(())
}

pub(crate) fn line(path: &str, s: &str) -> Result<(), CoreError> {
    if s.chars().count() > MAX_LINE_CHARS {
        return Err(CoreError::invalid(
            path,
            format!("longer than {MAX_LINE_CHARS} characters"),
        ));
    }
    if s.contains('\0') {
        return Err(CoreError::invalid(path, "contains a NUL character"));
    }
    Ok(())
}

pub(crate) fn at_most<T>(path: &str, list: &[T], max: usize) -> Result<(), CoreError> {
    if list.len() > max {
        return Err(CoreError::invalid(path, format!("more than {max} entries")));
    }
    Ok(())
}

impl Cover {
    /// See [`Proposal::upgrade`].
    pub fn upgrade(&mut self, template: &Template) {
        for partner in &mut self.partners {
            if let Some((kind, level)) = template.former_kind(&partner.kind) {
                partner.kind = kind.to_string();
                if partner.level.is_empty() {
                    partner.level = level.to_string();
                }
            }
        }
    }

    pub fn check(&self, template: &Template) -> Result<(), CoreError> {
        line("/cover/title", &self.title)?;
        line("/cover/short_title", &self.short_title)?;
        at_most("/cover/countries", &self.countries, MAX_COUNTRIES)?;
        for (i, c) in self.countries.iter().enumerate() {
            line(&format!("/cover/countries/{i}"), c)?;
        }
        if let Some(area) = self.thematic_area {
            if !template.thematic_areas.iter().any(|a| a.id == area) {
                return Err(CoreError::invalid(
                    "/cover/thematic_area",
                    format!("no thematic area {area}"),
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, n) in self.gcm_objectives.iter().enumerate() {
            let path = format!("/cover/gcm_objectives/{i}");
            if !template.gcm_objectives.iter().any(|o| o.number == *n) {
                return Err(CoreError::invalid(path, format!("no GCM objective {n}")));
            }
            if !seen.insert(n) {
                return Err(CoreError::invalid(path, format!("GCM objective {n} is listed twice")));
            }
        }
        at_most("/cover/punos", &self.punos, MAX_PUNOS)?;
        for (i, p) in self.punos.iter().enumerate() {
            line(&format!("/cover/punos/{i}/entity"), &p.entity)?;
        }
        at_most("/cover/partners", &self.partners, MAX_PARTNERS)?;
        for (i, p) in self.partners.iter().enumerate() {
            line(&format!("/cover/partners/{i}/name"), &p.name)?;
            line(&format!("/cover/partners/{i}/role"), &p.role)?;
            if !p.kind.is_empty() && !template.partner_kinds.iter().any(|k| k.id == p.kind) {
                return Err(CoreError::invalid(
                    format!("/cover/partners/{i}/kind"),
                    format!("no partner kind {:?}", p.kind),
                ));
            }
            if !p.level.is_empty() && !template.government_levels.iter().any(|l| l.id == p.level) {
                return Err(CoreError::invalid(
                    format!("/cover/partners/{i}/level"),
                    format!("no government level {:?}", p.level),
                ));
            }
        }
        if let Some(d) = &self.start_date {
            if Date::parse(d).is_none() {
                return Err(CoreError::invalid(
                    "/cover/start_date",
                    "not a date of the form YYYY-MM-DD",
                ));
            }
        }
        if let Some(m) = self.duration_months {
            if m == 0 || m > MAX_DURATION_MONTHS {
                return Err(CoreError::invalid(
                    "/cover/duration_months",
                    format!("a duration must be 1 to {MAX_DURATION_MONTHS} months"),
                ));
            }
        }
        let c = &self.contact;
        for (name, v) in [
            ("name", &c.name),
            ("title", &c.title),
            ("organization", &c.organization),
            ("email", &c.email),
            ("phone", &c.phone),
        ] {
            line(&format!("/cover/contact/{name}"), v)?;
        }
        Ok(())
    }

    /// National (one country) or regional (several) programme.
    pub fn is_regional(&self) -> bool {
        self.countries.len() > 1
    }
}

/// The JSON Schema of the proposal file, as published in `assets/schema/`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Proposal);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps `assets/schema/proposal.schema.json` equal to the Rust types; the
    /// test command fails when the committed copy drifts.
    #[test]
    fn published_schema_is_written_from_the_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/schema/proposal.schema.json");
        let fresh = json_schema();
        if std::fs::read_to_string(path).ok().as_deref() != Some(fresh.as_str()) {
            std::fs::write(path, &fresh).expect("write schema");
        }
        assert!(fresh.contains("\"cover\""));
        assert!(fresh.contains("\"gcm_objectives\""));
    }

    #[test]
    fn example_round_trips_through_the_file_format() {
        let t = Template::builtin().unwrap();
        let p = crate::example_proposal().unwrap();
        let again = Proposal::from_json_bytes(p.to_json_pretty().as_bytes(), t).unwrap();
        assert_eq!(p, again);
    }

    #[test]
    fn a_newer_format_names_the_fix() {
        let t = Template::builtin().unwrap();
        let mut v = serde_json::to_value(crate::example_proposal().unwrap()).unwrap();
        v["format_version"] = serde_json::json!(7);
        let e = Proposal::from_value(v, t).unwrap_err().to_string();
        assert!(e.contains("Update Proposal Studio"), "{e}");
    }

    #[test]
    fn a_trailing_duplicate_key_is_refused_not_obeyed() {
        let t = Template::builtin().unwrap();
        let text = crate::EXAMPLE_PROPOSAL_JSON
            .trim_end()
            .trim_end_matches('}')
            .to_string()
            + ", \"budget\": {\"lines\": []}}";
        let e = Proposal::from_json_bytes(text.as_bytes(), t).unwrap_err().to_string();
        assert!(
            e.contains("\"budget\"") && e.contains("/budget") && e.contains("twice"),
            "{e}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_read_and_utf16_is_named() {
        let t = Template::builtin().unwrap();
        let with_bom = [&b"\xEF\xBB\xBF"[..], crate::EXAMPLE_PROPOSAL_JSON.as_bytes()].concat();
        assert_eq!(
            Proposal::from_json_bytes(&with_bom, t).unwrap(),
            crate::example_proposal().unwrap()
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                crate::EXAMPLE_PROPOSAL_JSON
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes()),
            )
            .collect();
        let e = Proposal::from_json_bytes(&utf16, t).unwrap_err().to_string();
        assert!(e.contains("UTF-16") && e.contains("save it as UTF-8"), "{e}");
    }
}
