//! The Fund's proposal template as data: sections, fields, reference lists and
//! limits. Loaded from `assets/template/`, checked before use; a broken file
//! is reported with the file name and the JSON path of the fault.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::proposal::DocumentKind;
use crate::text::Text;

const BUILTIN_FILE: &str = "assets/template/mptf-jp.v1.json";
const BUILTIN_JSON: &str = include_str!("../../../assets/template/mptf-jp.v1.json");
const GUIDANCE_FILE: &str = "assets/template/mptf-jp.v1.guidance.json";
const GUIDANCE_JSON: &str = include_str!("../../../assets/template/mptf-jp.v1.guidance.json");
/// Translations of the template's and the guidance's texts, one file per
/// language: JSON pointers to the English text, each with its translation.
const TRANSLATIONS: [(&str, &str); 2] = [
    (
        "assets/template/mptf-jp.v1.fr.json",
        include_str!("../../../assets/template/mptf-jp.v1.fr.json"),
    ),
    (
        "assets/template/mptf-jp.v1.es.json",
        include_str!("../../../assets/template/mptf-jp.v1.es.json"),
    ),
];

/// A problem at `path` (a JSON path) of the template file `file`.
fn error_in(file: &str) -> impl Fn(String, String) -> CoreError + '_ {
    move |path, message| CoreError::Template {
        file: file.to_string(),
        path,
        message,
    }
}

/// A template file's reading problem as `$.path: message`.
fn json_err(e: crate::json::JsonProblem, err: impl Fn(String, String) -> CoreError) -> CoreError {
    use crate::json::JsonProblem;
    match e {
        JsonProblem::Shape { path, message } if path == "the top level" => err("$".into(), message),
        JsonProblem::Shape { path, message } => err(format!("$.{path}"), message),
        JsonProblem::DuplicateKey { ref pointer, .. } => err(pointer.clone(), e.to_string()),
        e => err("$".into(), e.to_string()),
    }
}

/// The translation files, each read once: its name and its JSON.
fn overlays() -> Result<Vec<(&'static str, serde_json::Value)>, CoreError> {
    TRANSLATIONS
        .iter()
        .map(|&(file, text)| {
            crate::json::parse_embedded(text)
                .map(|v| (file, v))
                .map_err(|e| error_in(file)(String::new(), e.to_string()))
        })
        .collect()
}

/// Adds each translation file's texts for `part` ("template" or "guidance")
/// to the document: a plain English string becomes `{"en": …, "<lang>": …}`.
/// A pointer to nothing, or to something other than a text, is an error.
/// The built-in files have no key twice (a test in `json` checks them), and
/// the result is one parsed value, so it has none either.
fn translate(doc: &str, part: &str, overlays: &[(&str, serde_json::Value)]) -> Result<serde_json::Value, CoreError> {
    let err = |file: &str, path: String, message: String| error_in(file)(path, message);
    let mut value: serde_json::Value =
        crate::json::parse_embedded(doc).map_err(|e| err(part, String::new(), e.to_string()))?;
    for (file, overlay) in overlays {
        let lang = overlay["language"]
            .as_str()
            .ok_or_else(|| err(file, "/language".into(), "missing".into()))?;
        let Some(entries) = overlay[part].as_object() else {
            continue;
        };
        for (pointer, translated) in entries {
            let translated = translated
                .as_str()
                .ok_or_else(|| err(file, pointer.clone(), "not a text".into()))?;
            match value.pointer_mut(pointer) {
                Some(node @ serde_json::Value::String(_)) => {
                    let english = node.take();
                    *node = serde_json::json!({ "en": english, lang: translated });
                }
                Some(serde_json::Value::Object(map)) if map.contains_key("en") => {
                    map.insert(lang.to_string(), translated.into());
                }
                _ => return Err(err(file, pointer.clone(), format!("no {part} text at this place"))),
            }
        }
    }
    Ok(value)
}

/// Whether a value is confirmed by the Fund's public sources or is our
/// sensible default that the Fund's current templates may word differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    #[default]
    Confirmed,
    Default,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub name: Text,
    pub fund: Fund,
    /// The languages a proposal may be written in, each named in itself.
    pub languages: Vec<Language>,
    pub programme: Programme,
    pub document_kinds: Vec<DocumentKindDef>,
    pub cover_fields: Vec<CoverField>,
    pub partner_kinds: Vec<PartnerKind>,
    /// The level of government a government partner works at.
    pub government_levels: Vec<Choice>,
    pub sections: Vec<Section>,
    pub thematic_areas: Vec<ThematicArea>,
    pub thematic_area_mapping_status: Status,
    pub gcm_objectives: Vec<GcmObjective>,
    pub guiding_principles: Vec<GuidingPrinciple>,
    pub un_entities: Vec<UnEntity>,
    pub results_framework: ResultsRules,
    pub risk_matrix: RiskRules,
    pub signatures: Vec<SignatureParty>,
    pub human_rights_marker: HumanRightsMarkerRules,
    pub gender_marker: GenderMarkerRules,
    pub budget: BudgetRules,
    /// Loaded from the guidance file beside the template.
    #[serde(default)]
    pub guidance: Guidance,
}

/// A language a proposal may be written in.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Language {
    /// ISO 639-1 code: "en", "fr", "es".
    pub id: String,
    /// The language's own name for itself ("Français").
    pub label: String,
}

/// A concept note or a full proposal: which sections it has.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DocumentKindDef {
    pub id: DocumentKind,
    pub title: Text,
    pub description: Text,
    pub sections: Vec<String>,
}

/// What the Fund wants in each section, in our words, with word limits.
#[derive(Debug, Clone, Serialize, Deserialize, TS, Default)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Guidance {
    pub template: String,
    pub version: u32,
    pub sections: BTreeMap<String, SectionGuidance>,
    pub principles: BTreeMap<String, PrincipleGuidance>,
    #[ts(optional)]
    pub cover: Option<SectionGuidance>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SectionGuidance {
    pub purpose: Text,
    pub questions: Vec<Text>,
    pub example: Text,
    pub mistakes: Vec<Text>,
    /// A hint per field id.
    #[serde(default)]
    pub fields: BTreeMap<String, Text>,
    /// Word limits per field id and document kind; `null` where none applies.
    #[serde(default)]
    pub word_limits: BTreeMap<String, KindLimits>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, Default)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct KindLimits {
    pub full_proposal: Option<u32>,
    pub concept_note: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PrincipleGuidance {
    pub question: Text,
    pub hint: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Fund {
    pub name: Text,
    pub short_name: Text,
    pub code: String,
    pub currency: String,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Programme {
    pub duration_months: DurationRule,
    pub min_punos: CountRule,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DurationRule {
    pub min: u32,
    pub max: u32,
    pub usual_min: u32,
    pub usual_max: u32,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CountRule {
    pub value: u32,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CoverField {
    pub id: String,
    pub label: Text,
    pub required: bool,
    #[serde(default)]
    #[ts(optional)]
    pub max_chars: Option<u32>,
    pub help: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PartnerKind {
    pub id: String,
    pub label: Text,
    pub government: bool,
    /// Kind ids of earlier templates that this kind replaces, each with the
    /// government level it meant: files written with them still open.
    #[serde(default)]
    pub formerly: Vec<FormerKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct FormerKind {
    pub id: String,
    pub level: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SectionKind {
    Cover,
    Narrative,
    Principles,
    ResultsFramework,
    Workplan,
    RiskMatrix,
    Budget,
    HumanRightsMarker,
    GenderMarker,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Section {
    pub id: String,
    pub kind: SectionKind,
    pub title: Text,
    #[serde(default)]
    pub fields: Vec<NarrativeField>,
    /// Shows the cover page's partner list above the text (partnerships).
    #[serde(default)]
    pub show_partners: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NarrativeField {
    pub id: String,
    pub label: Text,
    pub required: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ThematicArea {
    pub id: u8,
    pub title: Text,
    pub gcm_objectives: Vec<u8>,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GcmObjective {
    pub number: u8,
    pub short: Text,
    pub title: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GuidingPrinciple {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct UnEntity {
    /// The id a proposal stores ("IOM").
    pub code: String,
    /// The name people know it by in each language ("IOM", "OIM").
    pub short: Text,
    pub name: Text,
    pub founding_signatory: bool,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct BudgetRules {
    pub currency: String,
    pub categories: Vec<BudgetCategory>,
    pub categories_status: Status,
    /// A decimal string, such as "7".
    pub indirect_rate_percent: String,
    pub indirect_rate_status: Status,
    pub usual_total_usd: UsualRange,
    /// A budget line above this many dollars is surely a typing mistake.
    pub absurd_line_usd: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct HumanRightsMarkerRules {
    pub status: Status,
    pub levels: Vec<MarkerLevel>,
    pub stages: Vec<Choice>,
    pub criteria: Vec<HrCriterion>,
    pub grading: HrGrading,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct MarkerLevel {
    pub id: String,
    pub label: Text,
    pub score: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct HrCriterion {
    pub id: String,
    pub stage: String,
    pub question: Text,
    pub fully: Text,
    pub partially: Text,
    pub not: Text,
    pub guidance: Text,
    #[serde(default)]
    #[ts(optional)]
    pub hint: Option<ConsistencyHint>,
}

/// A check of the proposal's own content behind a criterion's level.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum ConsistencyHint {
    /// These narrative fields must be written.
    SectionsWritten { keys: Vec<String>, when: String },
    /// At least one indicator must be disaggregated.
    IndicatorsDisaggregated { when: String },
    /// The risk matrix must hold a risk of this category.
    RiskCategory { category: String, when: String },
}

impl ConsistencyHint {
    /// The level from which the hint applies ("partially" means partially or fully).
    pub fn when(&self) -> &str {
        match self {
            ConsistencyHint::SectionsWritten { when, .. }
            | ConsistencyHint::IndicatorsDisaggregated { when }
            | ConsistencyHint::RiskCategory { when, .. } => when,
        }
    }
}

/// The grading rule, as numbers the core applies and words the user reads.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct HrGrading {
    pub a_min_fully: u32,
    pub a_max_not: u32,
    pub b_max_not: u32,
    pub b_min_score_percent: u32,
    pub explanation: Text,
    pub target: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GenderMarkerRules {
    pub status: Status,
    pub scale: Vec<GenderScore>,
    pub minimum: u8,
    pub minimum_status: Status,
    pub criteria: Vec<GenderCriterion>,
    pub suggestion: Vec<GenderSuggestion>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GenderScore {
    pub score: u8,
    pub label: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GenderCriterion {
    pub id: String,
    pub label: Text,
    pub check: GenderCheck,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum GenderCheck {
    /// One of these narrative fields mentions one of the terms.
    TextMentions { keys: Vec<String>, terms: Vec<String> },
    /// At least this share of indicators is disaggregated by the dimension.
    IndicatorsBy { dimension: String, min_percent: u32 },
    /// An output statement mentions one of the terms.
    OutputsMention { terms: Vec<String> },
    /// Budget lines marked for gender equality reach this share of direct costs.
    GeweBudget { min_percent: u32 },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GenderSuggestion {
    pub min_met: u32,
    pub score: u8,
}

/// An id and its label, for the template's short pick lists.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Choice {
    pub id: String,
    pub label: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ResultsRules {
    pub disaggregations: Vec<Choice>,
    /// The disaggregation whose meaning the author types ("other").
    pub disaggregation_free_text: String,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RiskRules {
    pub categories: Vec<Choice>,
    /// Labels of likelihood 1 to 5.
    pub likelihood: Vec<Text>,
    /// Labels of impact 1 to 5.
    pub impact: Vec<Text>,
    /// A category every proposal is expected to have a risk in.
    #[serde(default)]
    #[ts(optional)]
    pub expected_category: Option<String>,
    /// The score bands, lowest first; each runs from its `from_score` to
    /// the next band's.
    pub bands: Vec<RiskBand>,
    pub bands_status: Status,
    /// The band id of every score from 0 to 25 (none for 0), filled by the
    /// core from `bands` when the template loads, so the screens read the
    /// band `RiskRules::band` gives and keep no thresholds of their own.
    #[serde(skip_deserializing)]
    pub score_bands: Vec<Option<String>>,
    pub status: Status,
}

/// A band of risk scores ("medium": 5 to 9), as the screen names and the
/// PDF shades it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RiskBand {
    pub id: String,
    /// The lowest score in the band.
    pub from_score: u8,
    pub label: Text,
}

/// The highest score a risk can have: likelihood 5 × impact 5.
pub const MAX_RISK_SCORE: u8 = 25;

impl RiskRules {
    /// The band `score` falls in: the last band starting at or below it.
    /// The one rule for bands; the PDF calls it, the screens read its
    /// results from `score_bands`.
    pub fn band(&self, score: Option<u8>) -> Option<&RiskBand> {
        let score = score?;
        self.bands.iter().rev().find(|b| b.from_score <= score)
    }

    fn fill_score_bands(&mut self) {
        self.score_bands = (0..=MAX_RISK_SCORE)
            .map(|s| self.band(Some(s)).map(|b| b.id.clone()))
            .collect();
    }
}

/// Who signs, in order. Each role takes its name from the cover page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SignatureRole {
    /// The convening PUNO.
    ConveningPuno,
    /// Each other PUNO, one block each.
    Puno,
    /// Named after the programme's countries.
    ResidentCoordinator,
    /// The first government partner.
    Government,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SignatureParty {
    pub role: SignatureRole,
    pub label: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct BudgetCategory {
    pub id: u8,
    pub title: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct UsualRange {
    pub min: u32,
    pub max: u32,
    pub status: Status,
}

/// The key of a narrative field in a proposal: `section.field`.
pub fn narrative_key(section: &str, field: &str) -> String {
    format!("{section}.{field}")
}

impl Template {
    /// How a PUNO is named in `lang`: the entity's short name from the
    /// template ("ONU Femmes" for "UN Women" in French), or what was typed
    /// for an entity the template does not list.
    pub fn entity_short<'a>(&'a self, code: &'a str, lang: &str) -> &'a str {
        match self.un_entities.iter().find(|e| e.code == code) {
            Some(e) => e.short.get(lang),
            None => code,
        }
    }

    /// The template shipped inside the app, parsed and checked once.
    pub fn builtin() -> Result<&'static Template, CoreError> {
        static CELL: OnceLock<Result<Template, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            let overlays = overlays().map_err(|e| e.to_string())?;
            let template = translate(BUILTIN_JSON, "template", &overlays).map_err(|e| e.to_string())?;
            let guidance = translate(GUIDANCE_JSON, "guidance", &overlays).map_err(|e| e.to_string())?;
            // The source files' keys are checked by the tests, not here.
            Template::from_merged(template, BUILTIN_FILE)
                .and_then(|t| t.with_merged_guidance(guidance, GUIDANCE_FILE))
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|message| CoreError::Template {
            file: BUILTIN_FILE.into(),
            path: String::new(),
            message: message.clone(),
        })
    }

    /// Reads and checks a template file.
    pub fn from_file(path: &std::path::Path) -> Result<Template, CoreError> {
        let bytes = std::fs::read(path).map_err(|e| CoreError::Template {
            file: path.display().to_string(),
            path: String::new(),
            message: e.to_string(),
        })?;
        Template::from_json(&bytes, &path.display().to_string())
    }

    /// Parses and checks template JSON; `file` names it in errors.
    pub fn from_json(bytes: &[u8], file: &str) -> Result<Template, CoreError> {
        let err = error_in(file);
        let template: Template = crate::json::parse(bytes).map_err(|e| json_err(e, err))?;
        template.checked(file)
    }

    /// `from_json` for the value `translate` made, whose keys are unique.
    fn from_merged(value: serde_json::Value, file: &str) -> Result<Template, CoreError> {
        let err = error_in(file);
        let template: Template = crate::json::typed_value(value).map_err(|e| json_err(e, err))?;
        template.checked(file)
    }

    fn checked(mut self, file: &str) -> Result<Template, CoreError> {
        self.check().map_err(|(path, message)| error_in(file)(path, message))?;
        self.risk_matrix.fill_score_bands();
        Ok(self)
    }

    /// Adds the guidance file's content, checked against this template.
    pub fn with_guidance(self, bytes: &[u8], file: &str) -> Result<Template, CoreError> {
        let err = error_in(file);
        let guidance: Guidance = crate::json::parse(bytes).map_err(|e| json_err(e, err))?;
        self.guided(guidance, file)
    }

    /// `with_guidance` for JSON written by `translate`, whose keys are unique.
    fn with_merged_guidance(self, value: serde_json::Value, file: &str) -> Result<Template, CoreError> {
        let err = error_in(file);
        let guidance: Guidance = crate::json::typed_value(value).map_err(|e| json_err(e, err))?;
        self.guided(guidance, file)
    }

    fn guided(mut self, guidance: Guidance, file: &str) -> Result<Template, CoreError> {
        let err = error_in(file);
        if guidance.template != self.id || guidance.version != self.version {
            return Err(err(
                "$.template".into(),
                format!(
                    "guidance is for {} v{}, not {} v{}",
                    guidance.template, guidance.version, self.id, self.version
                ),
            ));
        }
        for (id, g) in &guidance.sections {
            let Some(section) = self.section(id) else {
                return Err(err(
                    format!("$.sections.{id}"),
                    "no such section in the template".into(),
                ));
            };
            for field in g.fields.keys().chain(g.word_limits.keys()) {
                if !section.fields.iter().any(|f| &f.id == field) {
                    return Err(err(
                        format!("$.sections.{id}"),
                        format!("section {id} has no field {field:?}"),
                    ));
                }
            }
        }
        for id in guidance.principles.keys() {
            if !self.guiding_principles.iter().any(|p| &p.id == id) {
                return Err(err(format!("$.principles.{id}"), "no such guiding principle".into()));
            }
        }
        self.guidance = guidance;
        Ok(self)
    }

    /// The word limit of a narrative field (`section.field`) in a kind of document.
    pub fn word_limit(&self, kind: DocumentKind, section: &str, field: &str) -> Option<u32> {
        let limits = self.guidance.sections.get(section)?.word_limits.get(field)?;
        match kind {
            DocumentKind::FullProposal => limits.full_proposal,
            DocumentKind::ConceptNote => limits.concept_note,
        }
    }

    /// The sections a kind of document has, in template order.
    pub fn sections_of(&self, kind: DocumentKind) -> impl Iterator<Item = &Section> {
        let listed = self.document_kinds.iter().find(|k| k.id == kind).map(|k| &k.sections);
        self.sections
            .iter()
            .filter(move |s| listed.is_none_or(|l| l.contains(&s.id)))
    }

    /// Semantic checks that serde cannot express.
    fn check(&self) -> Result<(), (String, String)> {
        let objectives: BTreeSet<u8> = self.gcm_objectives.iter().map(|o| o.number).collect();
        if objectives.len() != self.gcm_objectives.len() {
            return Err(("$.gcm_objectives".into(), "objective numbers repeat".into()));
        }
        for (i, area) in self.thematic_areas.iter().enumerate() {
            for (j, n) in area.gcm_objectives.iter().enumerate() {
                if !objectives.contains(n) {
                    return Err((
                        format!("$.thematic_areas[{i}].gcm_objectives[{j}]"),
                        format!("GCM objective {n} is not in gcm_objectives"),
                    ));
                }
            }
        }
        unique(self.thematic_areas.iter().map(|a| a.id.to_string()), "$.thematic_areas")?;
        unique(self.sections.iter().map(|s| s.id.clone()), "$.sections")?;
        unique(
            self.guiding_principles.iter().map(|p| p.id.clone()),
            "$.guiding_principles",
        )?;
        unique(self.un_entities.iter().map(|e| e.code.clone()), "$.un_entities")?;
        unique(self.partner_kinds.iter().map(|k| k.id.clone()), "$.partner_kinds")?;
        unique(
            self.government_levels.iter().map(|k| k.id.clone()),
            "$.government_levels",
        )?;
        for (i, k) in self.partner_kinds.iter().enumerate() {
            for (j, f) in k.formerly.iter().enumerate() {
                if !self.government_levels.iter().any(|l| l.id == f.level) {
                    return Err((
                        format!("$.partner_kinds[{i}].formerly[{j}].level"),
                        format!("{:?} is not one of the government levels", f.level),
                    ));
                }
            }
        }
        unique(
            self.budget.categories.iter().map(|c| c.id.to_string()),
            "$.budget.categories",
        )?;
        for (i, s) in self.sections.iter().enumerate() {
            unique(
                s.fields.iter().map(|f| f.id.clone()),
                &format!("$.sections[{i}].fields"),
            )?;
            if s.kind == SectionKind::Narrative && s.fields.is_empty() {
                return Err((
                    format!("$.sections[{i}].fields"),
                    "a narrative section needs fields".into(),
                ));
            }
        }
        for (i, k) in self.document_kinds.iter().enumerate() {
            for (j, id) in k.sections.iter().enumerate() {
                if self.section(id).is_none() {
                    return Err((
                        format!("$.document_kinds[{i}].sections[{j}]"),
                        format!("no section {id:?}"),
                    ));
                }
            }
        }
        for kind in [DocumentKind::FullProposal, DocumentKind::ConceptNote] {
            if !self.document_kinds.iter().any(|k| k.id == kind) {
                return Err(("$.document_kinds".into(), format!("{} is not defined", kind.as_str())));
            }
        }
        if self.sections.first().map(|s| s.kind) != Some(SectionKind::Cover) {
            return Err((
                "$.sections[0]".into(),
                "the first section must be the cover page".into(),
            ));
        }
        unique(
            self.results_framework.disaggregations.iter().map(|c| c.id.clone()),
            "$.results_framework.disaggregations",
        )?;
        let free = &self.results_framework.disaggregation_free_text;
        if !free.is_empty() && !self.results_framework.disaggregations.iter().any(|c| &c.id == free) {
            return Err((
                "$.results_framework.disaggregation_free_text".into(),
                format!("{free:?} is not one of the disaggregations"),
            ));
        }
        unique(
            self.risk_matrix.categories.iter().map(|c| c.id.clone()),
            "$.risk_matrix.categories",
        )?;
        let hr = &self.human_rights_marker;
        unique(
            hr.criteria.iter().map(|c| c.id.clone()),
            "$.human_rights_marker.criteria",
        )?;
        for level in ["not", "partially", "fully"] {
            if !hr.levels.iter().any(|l| l.id == level) {
                return Err((
                    "$.human_rights_marker.levels".into(),
                    format!("the level {level:?} is missing"),
                ));
            }
        }
        for (i, c) in hr.criteria.iter().enumerate() {
            if !hr.stages.iter().any(|s| s.id == c.stage) {
                return Err((
                    format!("$.human_rights_marker.criteria[{i}].stage"),
                    format!("no stage {:?}", c.stage),
                ));
            }
            if let Some(h) = &c.hint {
                if !hr.levels.iter().any(|l| l.id == h.when()) {
                    return Err((
                        format!("$.human_rights_marker.criteria[{i}].hint.when"),
                        format!("no level {:?}", h.when()),
                    ));
                }
            }
        }
        if hr.grading.a_min_fully as usize > hr.criteria.len() {
            return Err((
                "$.human_rights_marker.grading.a_min_fully".into(),
                "more than the number of criteria".into(),
            ));
        }
        unique(
            self.gender_marker.criteria.iter().map(|c| c.id.clone()),
            "$.gender_marker.criteria",
        )?;
        if let Some(c) = &self.risk_matrix.expected_category {
            if !self.risk_matrix.categories.iter().any(|x| &x.id == c) {
                return Err((
                    "$.risk_matrix.expected_category".into(),
                    format!("no risk category {c:?}"),
                ));
            }
        }
        let bands = &self.risk_matrix.bands;
        unique(bands.iter().map(|b| b.id.clone()), "$.risk_matrix.bands")?;
        let starts: Vec<u8> = bands.iter().map(|b| b.from_score).collect();
        if starts.first() != Some(&1)
            || starts.windows(2).any(|w| w[0] >= w[1])
            || starts.iter().any(|s| *s > MAX_RISK_SCORE)
        {
            return Err((
                "$.risk_matrix.bands".into(),
                format!("bands must start at score 1 and rise to at most {MAX_RISK_SCORE}"),
            ));
        }
        if self.risk_matrix.likelihood.len() != 5 || self.risk_matrix.impact.len() != 5 {
            return Err((
                "$.risk_matrix".into(),
                "likelihood and impact need five labels each".into(),
            ));
        }
        let rate = &self.budget.indirect_rate_percent;
        if crate::money::percent_to_basis_points(rate).is_none_or(|bp| !(0..=10_000).contains(&bp)) {
            return Err((
                "$.budget.indirect_rate_percent".into(),
                format!("{rate:?} is not a percentage"),
            ));
        }
        let d = &self.programme.duration_months;
        if !(d.min <= d.usual_min && d.usual_min <= d.usual_max && d.usual_max <= d.max) {
            return Err((
                "$.programme.duration_months".into(),
                "expected min <= usual_min <= usual_max <= max".into(),
            ));
        }
        Ok(())
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The kind and level a partner kind id of an earlier template stands
    /// for, if it is one.
    pub fn former_kind(&self, kind: &str) -> Option<(&str, &str)> {
        self.partner_kinds.iter().find_map(|k| {
            k.formerly
                .iter()
                .find(|f| f.id == kind)
                .map(|f| (k.id.as_str(), f.level.as_str()))
        })
    }

    /// Whether a partner kind id is a government one.
    pub fn is_government(&self, kind: &str) -> bool {
        self.partner_kinds.iter().any(|k| k.id == kind && k.government)
    }

    /// Every narrative key the template knows, with the section it belongs to.
    pub fn narrative_keys(&self) -> Vec<(String, &Section)> {
        let mut keys = Vec::new();
        for s in &self.sections {
            match s.kind {
                SectionKind::Narrative => keys.extend(s.fields.iter().map(|f| (narrative_key(&s.id, &f.id), s))),
                SectionKind::Principles => {
                    keys.extend(self.guiding_principles.iter().map(|p| (narrative_key(&s.id, &p.id), s)))
                }
                _ => {}
            }
        }
        keys
    }
}

fn unique(ids: impl Iterator<Item = String>, path: &str) -> Result<(), (String, String)> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.clone()) {
            return Err((path.to_string(), format!("id {id:?} appears twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    /// Every text of the template and its guidance is in English, French
    /// and Spanish.
    #[test]
    fn a_puno_is_named_in_the_interface_language_from_the_template() {
        let t = Template::builtin().unwrap();
        assert_eq!(t.entity_short("UN Women", "fr"), "ONU Femmes");
        assert_eq!(t.entity_short("UN Women", "es"), "ONU Mujeres");
        assert_eq!(t.entity_short("UNDP", "es"), "PNUD");
        assert_eq!(t.entity_short("IOM", "fr"), "OIM");
        assert_eq!(t.entity_short("IOM", "en"), "IOM");
        assert_eq!(t.entity_short("Municipal water board", "fr"), "Municipal water board");
        assert!(t
            .un_entities
            .iter()
            .all(|e| !e.short.en().is_empty() && e.short.en() == e.code));
    }

    #[test]
    fn every_template_text_is_in_three_languages() {
        fn walk(v: &serde_json::Value, at: &str, missing: &mut Vec<String>, texts: &mut usize) {
            match v {
                serde_json::Value::Object(m) if m.get("en").is_some_and(serde_json::Value::is_string) => {
                    *texts += 1;
                    for lang in ["fr", "es"] {
                        if m.get(lang)
                            .and_then(serde_json::Value::as_str)
                            .is_none_or(|s| s.trim().is_empty())
                        {
                            missing.push(format!("{at} ({lang})"));
                        }
                    }
                }
                serde_json::Value::Object(m) => m
                    .iter()
                    .for_each(|(k, x)| walk(x, &format!("{at}/{k}"), missing, texts)),
                serde_json::Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .for_each(|(i, x)| walk(x, &format!("{at}/{i}"), missing, texts)),
                _ => {}
            }
        }
        let t = Template::builtin().unwrap();
        let (mut missing, mut texts) = (Vec::new(), 0);
        walk(&serde_json::to_value(t).unwrap(), "", &mut missing, &mut texts);
        assert!(texts > 400, "{texts} texts");
        assert!(missing.is_empty(), "untranslated: {missing:?}");
        assert_eq!(t.sections[1].title.get("fr"), "Résumé analytique");
    }
    use super::*;

    #[test]
    fn builtin_template_loads_with_the_funds_lists() {
        let t = Template::builtin().expect("builtin template");
        assert_eq!(t.id, "mptf-jp");
        assert_eq!(t.gcm_objectives.len(), 23);
        assert_eq!(t.thematic_areas.len(), 5);
        assert_eq!(t.guiding_principles.len(), 10);
        assert_eq!(t.budget.categories.len(), 7);
        assert_eq!(t.budget.indirect_rate_percent, "7");
        assert_eq!(t.sections.len(), 19);
    }

    #[test]
    fn risk_bands_come_from_the_template_for_every_score() {
        let t = Template::builtin().unwrap();
        let rm = &t.risk_matrix;
        let band = |s: u8| rm.band(Some(s)).map(|b| b.id.as_str());
        assert_eq!([1, 4].map(band), [Some("low"); 2]);
        assert_eq!([5, 8, 9].map(band), [Some("medium"); 3]);
        assert_eq!([10, 12, 15, 16].map(band), [Some("high"); 4]);
        assert_eq!([20, 25].map(band), [Some("very_high"); 2]);
        assert_eq!(rm.band(None).map(|b| b.id.as_str()), None);
        assert_eq!(rm.band(Some(0)).map(|b| b.id.as_str()), None);
        assert_eq!(rm.score_bands.len(), 26);
        for s in 0..=MAX_RISK_SCORE {
            assert_eq!(rm.score_bands[s as usize].as_deref(), band(s), "score {s}");
        }
        assert_eq!(rm.bands[3].label.get("fr"), "Très élevé");
        assert_eq!(rm.bands[1].label.get("es"), "Medio");
    }

    #[test]
    fn bands_that_do_not_start_at_one_or_do_not_rise_are_refused() {
        for bands in [
            serde_json::json!([{ "id": "a", "from_score": 2, "label": "A" }]),
            serde_json::json!([{ "id": "a", "from_score": 1, "label": "A" }, { "id": "b", "from_score": 1, "label": "B" }]),
            serde_json::json!([{ "id": "a", "from_score": 1, "label": "A" }, { "id": "b", "from_score": 26, "label": "B" }]),
            serde_json::json!([]),
        ] {
            let mut v: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
            v["risk_matrix"]["bands"] = bands;
            let e = Template::from_json(v.to_string().as_bytes(), "t.json").unwrap_err();
            assert!(e.to_string().contains("risk_matrix.bands"), "{e}");
        }
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
        v["risk_matrix"]["score_bands"] = serde_json::json!([]);
        assert!(
            Template::from_json(v.to_string().as_bytes(), "t.json").is_err(),
            "derived, never read"
        );
    }

    #[test]
    fn broken_template_names_file_and_path() {
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
        v["thematic_areas"][2]["gcm_objectives"][1] = serde_json::json!("nine");
        let e = Template::from_json(v.to_string().as_bytes(), "broken.json").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("broken.json"), "{msg}");
        assert!(msg.contains("thematic_areas[2].gcm_objectives[1]"), "{msg}");

        v["thematic_areas"][2]["gcm_objectives"][1] = serde_json::json!(42);
        let msg = Template::from_json(v.to_string().as_bytes(), "b.json")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("GCM objective 42"), "{msg}");

        let msg = Template::from_json(b"{not json", "junk.json").unwrap_err().to_string();
        assert!(msg.starts_with("template file junk.json"), "{msg}");
    }

    #[test]
    fn missing_file_is_an_error_not_a_panic() {
        let e = Template::from_file(std::path::Path::new("/nonexistent/t.json")).unwrap_err();
        assert_eq!(e.code(), "template_invalid");
    }
}
