//! The Fund's proposal template as data: sections, fields, reference lists and
//! limits. Loaded from `assets/template/`, checked before use; a broken file
//! is reported with the file name and the JSON path of the fault.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::text::Text;

const BUILTIN_FILE: &str = "assets/template/mptf-jp.v1.json";
const BUILTIN_JSON: &str = include_str!("../../../assets/template/mptf-jp.v1.json");

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
    pub programme: Programme,
    pub cover_fields: Vec<CoverField>,
    pub partner_kinds: Vec<PartnerKind>,
    pub sections: Vec<Section>,
    pub thematic_areas: Vec<ThematicArea>,
    pub thematic_area_mapping_status: Status,
    pub gcm_objectives: Vec<GcmObjective>,
    pub guiding_principles: Vec<GuidingPrinciple>,
    pub un_entities: Vec<UnEntity>,
    pub budget: BudgetRules,
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
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NarrativeField {
    pub id: String,
    pub label: Text,
    pub required: bool,
    #[serde(default)]
    #[ts(optional)]
    pub word_limit: Option<u32>,
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
    pub code: String,
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
    /// The template shipped inside the app, parsed and checked once.
    pub fn builtin() -> Result<&'static Template, CoreError> {
        static CELL: OnceLock<Result<Template, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            Template::from_json(BUILTIN_JSON.as_bytes(), BUILTIN_FILE).map_err(|e| e.to_string())
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
        let err = |path: String, message: String| CoreError::Template {
            file: file.to_string(),
            path,
            message,
        };
        let de = &mut serde_json::Deserializer::from_slice(bytes);
        let template: Template = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            err(if path == "." { "$".into() } else { format!("$.{path}") }, e.inner().to_string())
        })?;
        template.check().map_err(|(path, message)| err(path, message))?;
        Ok(template)
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
        unique(self.guiding_principles.iter().map(|p| p.id.clone()), "$.guiding_principles")?;
        unique(self.un_entities.iter().map(|e| e.code.clone()), "$.un_entities")?;
        unique(self.partner_kinds.iter().map(|k| k.id.clone()), "$.partner_kinds")?;
        unique(self.budget.categories.iter().map(|c| c.id.to_string()), "$.budget.categories")?;
        for (i, s) in self.sections.iter().enumerate() {
            unique(s.fields.iter().map(|f| f.id.clone()), &format!("$.sections[{i}].fields"))?;
            if s.kind == SectionKind::Narrative && s.fields.is_empty() {
                return Err((format!("$.sections[{i}].fields"), "a narrative section needs fields".into()));
            }
        }
        if self.sections.first().map(|s| s.kind) != Some(SectionKind::Cover) {
            return Err(("$.sections[0]".into(), "the first section must be the cover page".into()));
        }
        let rate = &self.budget.indirect_rate_percent;
        if rate.parse::<f64>().map(|r| !(0.0..=100.0).contains(&r)).unwrap_or(true) {
            return Err(("$.budget.indirect_rate_percent".into(), format!("{rate:?} is not a percentage")));
        }
        let d = &self.programme.duration_months;
        if !(d.min <= d.usual_min && d.usual_min <= d.usual_max && d.usual_max <= d.max) {
            return Err(("$.programme.duration_months".into(), "expected min <= usual_min <= usual_max <= max".into()));
        }
        Ok(())
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every narrative key the template knows, with the section it belongs to.
    pub fn narrative_keys(&self) -> Vec<(String, &Section)> {
        let mut keys = Vec::new();
        for s in &self.sections {
            match s.kind {
                SectionKind::Narrative => {
                    keys.extend(s.fields.iter().map(|f| (narrative_key(&s.id, &f.id), s)))
                }
                SectionKind::Principles => keys.extend(
                    self.guiding_principles.iter().map(|p| (narrative_key(&s.id, &p.id), s)),
                ),
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
    fn broken_template_names_file_and_path() {
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
        v["thematic_areas"][2]["gcm_objectives"][1] = serde_json::json!("nine");
        let e = Template::from_json(v.to_string().as_bytes(), "broken.json").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("broken.json"), "{msg}");
        assert!(msg.contains("thematic_areas[2].gcm_objectives[1]"), "{msg}");

        v["thematic_areas"][2]["gcm_objectives"][1] = serde_json::json!(42);
        let msg = Template::from_json(v.to_string().as_bytes(), "b.json").unwrap_err().to_string();
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
