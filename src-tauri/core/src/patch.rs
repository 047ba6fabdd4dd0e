//! Autosave patches. The UI sends small changes addressed by JSON pointer; each
//! lands in one *part* of a proposal (the cover page, or one narrative field),
//! so that saving a keystroke rewrites a few kilobytes, never the whole draft.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::annexes::{Budget, ResultsFramework, RiskMatrix};
use crate::error::CoreError;
use crate::limits::MAX_PATH_CHARS;
use crate::markers::Markers;
use crate::proposal::{check_narrative, Cover, Proposal};
use crate::template::Template;

/// One change to a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum Patch {
    /// Put `value` at `path`, replacing what is there (`-` appends to a list).
    Set { path: String, value: Value },
    /// Remove what is at `path`.
    Remove { path: String },
}

impl Patch {
    pub fn path(&self) -> &str {
        match self {
            Patch::Set { path, .. } | Patch::Remove { path } => path,
        }
    }
}

/// The unit of storage a patch lands in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Cover,
    ResultsFramework,
    RiskMatrix,
    Budget,
    Markers,
    Narrative(String),
}

/// The parts stored as one JSON object each, by name.
const OBJECT_PARTS: [(&str, Part); 5] = [
    ("cover", Part::Cover),
    ("results_framework", Part::ResultsFramework),
    ("risk_matrix", Part::RiskMatrix),
    ("budget", Part::Budget),
    ("markers", Part::Markers),
];

impl Part {
    /// The part's name in the store.
    pub fn name(&self) -> String {
        match self {
            Part::Narrative(key) => format!("narrative/{key}"),
            other => OBJECT_PARTS
                .iter()
                .find(|(_, p)| p == other)
                .map(|(n, _)| n.to_string())
                .unwrap_or_default(),
        }
    }

    pub fn from_name(name: &str) -> Option<Part> {
        if let Some(key) = name.strip_prefix("narrative/") {
            return Some(Part::Narrative(key.to_string()));
        }
        OBJECT_PARTS.iter().find(|(n, _)| *n == name).map(|(_, p)| p.clone())
    }
}

/// The new content of a part after a patch; `None` removes the part.
#[derive(Debug, Clone, PartialEq)]
pub struct PartChange {
    pub part: Part,
    pub value: Option<Value>,
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn patch_err(path: &str, message: impl Into<String>) -> CoreError {
    CoreError::Patch {
        path: path.to_string(),
        message: message.into(),
    }
}

/// Which part `path` addresses, and the pointer tokens inside that part.
pub fn locate(path: &str) -> Result<(Part, Vec<String>), CoreError> {
    if path.len() > MAX_PATH_CHARS || !path.starts_with('/') {
        return Err(patch_err(path, "not a path in a proposal"));
    }
    let tokens: Vec<String> = path[1..].split('/').map(unescape).collect();
    match tokens.first().map(String::as_str) {
        Some("narrative") if tokens.len() == 2 => Ok((Part::Narrative(tokens[1].clone()), vec![])),
        Some(first) => match Part::from_name(first) {
            Some(part) if !matches!(part, Part::Narrative(_)) => Ok((part, tokens[1..].to_vec())),
            _ => Err(patch_err(path, "not a path in a proposal")),
        },
        None => Err(patch_err(path, "not a path in a proposal")),
    }
}

/// Applies `patch` to the current value of its part (`None` when the draft
/// has none yet) and returns the part's checked new value.
pub fn apply(template: &Template, patch: &Patch, current: Option<Value>) -> Result<PartChange, CoreError> {
    let path = patch.path();
    let (part, tokens) = locate(path)?;
    match &part {
        Part::Narrative(key) => {
            let known: BTreeSet<String> = template.narrative_keys().into_iter().map(|(k, _)| k).collect();
            match patch {
                Patch::Set {
                    value: Value::String(text),
                    ..
                } => {
                    check_narrative(key, text, &known)?;
                    let value = (!text.is_empty()).then(|| Value::String(text.clone()));
                    Ok(PartChange { part, value })
                }
                Patch::Set { .. } => Err(patch_err(path, "a narrative field takes text")),
                Patch::Remove { .. } => {
                    check_narrative(key, "", &known)?;
                    Ok(PartChange { part, value: None })
                }
            }
        }
        // A cover stored by an earlier template is read in today's terms first.
        Part::Cover => apply_object(&part, patch, &tokens, current, |c: &mut Cover| {
            c.upgrade(template);
            c.check(template)
        }),
        Part::ResultsFramework => apply_object(&part, patch, &tokens, current, |r: &mut ResultsFramework| {
            r.check(template)
        }),
        Part::RiskMatrix => apply_object(&part, patch, &tokens, current, |r: &mut RiskMatrix| r.check(template)),
        Part::Budget => apply_object(&part, patch, &tokens, current, |b: &mut Budget| b.check(template)),
        Part::Markers => apply_object(&part, patch, &tokens, current, |m: &mut Markers| m.check(template)),
    }
}

/// Applies a patch inside an object part, then reads the result back as its
/// type and checks its bounds, so only well-formed parts are ever stored.
fn apply_object<T: Serialize + DeserializeOwned + Default>(
    part: &Part,
    patch: &Patch,
    tokens: &[String],
    current: Option<Value>,
    check: impl Fn(&mut T) -> Result<(), CoreError>,
) -> Result<PartChange, CoreError> {
    let path = patch.path();
    let mut root = match current {
        Some(v) => v,
        None => serde_json::to_value(T::default()).map_err(|e| patch_err(path, e.to_string()))?,
    };
    match patch {
        Patch::Set { value, .. } => set_at(&mut root, tokens, value.clone(), path)?,
        Patch::Remove { .. } => remove_at(&mut root, tokens, path)?,
    }
    let mut typed: T = serde_path_to_error::deserialize(root).map_err(|e| {
        CoreError::invalid(
            format!("/{}/{}", part.name(), e.path()).replace('.', "/"),
            e.inner().to_string(),
        )
    })?;
    check(&mut typed)?;
    let value = serde_json::to_value(&typed).map_err(|e| patch_err(path, e.to_string()))?;
    Ok(PartChange {
        part: part.clone(),
        value: Some(value),
    })
}

fn index(list: &[Value], token: &str, path: &str, allow_end: bool) -> Result<usize, CoreError> {
    if token == "-" && allow_end {
        return Ok(list.len());
    }
    let i: usize = token
        .parse()
        .map_err(|_| patch_err(path, format!("{token:?} is not a list position")))?;
    let max = if allow_end {
        list.len()
    } else {
        list.len().saturating_sub(1)
    };
    if i > max || (!allow_end && list.is_empty()) {
        return Err(patch_err(path, format!("position {i} is past the end of the list")));
    }
    Ok(i)
}

fn parent<'a>(root: &'a mut Value, tokens: &[String], path: &str) -> Result<&'a mut Value, CoreError> {
    let mut node = root;
    for t in tokens {
        node = match node {
            Value::Object(map) => map
                .get_mut(t)
                .ok_or_else(|| patch_err(path, format!("no field {t:?}")))?,
            Value::Array(list) => {
                let i = index(list, t, path, false)?;
                &mut list[i]
            }
            _ => return Err(patch_err(path, "goes inside a plain value")),
        };
    }
    Ok(node)
}

fn set_at(root: &mut Value, tokens: &[String], value: Value, path: &str) -> Result<(), CoreError> {
    let Some((last, init)) = tokens.split_last() else {
        *root = value;
        return Ok(());
    };
    match parent(root, init, path)? {
        Value::Object(map) => {
            // A new key is fine for maps (marker answers); on a struct the
            // typed read-back refuses unknown fields.
            map.insert(last.clone(), value);
        }
        Value::Array(list) => {
            let i = index(list, last, path, true)?;
            if i == list.len() {
                list.push(value);
            } else {
                list[i] = value;
            }
        }
        _ => return Err(patch_err(path, "goes inside a plain value")),
    }
    Ok(())
}

fn remove_at(root: &mut Value, tokens: &[String], path: &str) -> Result<(), CoreError> {
    let Some((last, init)) = tokens.split_last() else {
        return Err(patch_err(path, "the cover page itself cannot be removed"));
    };
    match parent(root, init, path)? {
        Value::Array(list) => {
            let i = index(list, last, path, false)?;
            list.remove(i);
            Ok(())
        }
        Value::Object(map) => {
            // Removing a field resets it to empty; the shape stays.
            let slot = map
                .get_mut(last)
                .ok_or_else(|| patch_err(path, format!("no field {last:?}")))?;
            *slot = match slot {
                Value::Array(_) => Value::Array(vec![]),
                Value::String(_) => Value::String(String::new()),
                _ => Value::Null,
            };
            Ok(())
        }
        _ => Err(patch_err(path, "goes inside a plain value")),
    }
}

/// A proposal split into its stored parts.
pub fn to_parts(p: &Proposal) -> Vec<(Part, Value)> {
    let json = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    let mut parts = vec![
        (Part::Cover, json(serde_json::to_value(&p.cover))),
        (Part::ResultsFramework, json(serde_json::to_value(&p.results_framework))),
        (Part::RiskMatrix, json(serde_json::to_value(&p.risk_matrix))),
        (Part::Budget, json(serde_json::to_value(&p.budget))),
        (Part::Markers, json(serde_json::to_value(&p.markers))),
    ];
    for (k, v) in &p.narrative {
        if !v.is_empty() {
            parts.push((Part::Narrative(k.clone()), Value::String(v.clone())));
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t() -> &'static Template {
        Template::builtin().unwrap()
    }

    fn set(path: &str, value: Value) -> Patch {
        Patch::Set {
            path: path.into(),
            value,
        }
    }

    #[test]
    fn sets_a_cover_field_from_nothing() {
        let c = apply(t(), &set("/cover/title", json!("Hello")), None).unwrap();
        assert_eq!(c.part, Part::Cover);
        assert_eq!(c.value.unwrap()["title"], "Hello");
    }

    #[test]
    fn appends_and_removes_list_entries() {
        let c = apply(
            t(),
            &set("/cover/punos/-", json!({"entity": "IOM", "convening": true})),
            None,
        )
        .unwrap();
        let c = apply(t(), &set("/cover/punos/-", json!({"entity": "UNDP"})), c.value).unwrap();
        assert_eq!(c.value.as_ref().unwrap()["punos"][1]["entity"], "UNDP");
        assert_eq!(c.value.as_ref().unwrap()["punos"][1]["convening"], false);
        let c = apply(
            t(),
            &Patch::Remove {
                path: "/cover/punos/0".into(),
            },
            c.value,
        )
        .unwrap();
        assert_eq!(c.value.unwrap()["punos"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn refuses_wrong_types_unknown_fields_and_bad_values() {
        for (path, value) in [
            ("/cover/duration_months", json!("thirty")),
            ("/cover/duration_months", json!(100000)),
            ("/cover/nope", json!(1)),
            ("/cover/gcm_objectives", json!([24])),
            ("/cover/gcm_objectives", json!([3, 3])),
            ("/cover/start_date", json!("2027-02-30")),
            ("/cover/punos/5", json!({"entity": "X"})),
            ("/narrative/nowhere.body", json!("text")),
            ("/narrative/context.body", json!(12)),
            ("/budget/lines/0", json!({})),
            ("/budget/lines", json!([{"id": "a", "unit_cost": "1.234"}])),
            ("/budget/lines", json!([{"id": "a"}, {"id": "a"}])),
            ("/risk_matrix/risks", json!([{"id": "r", "likelihood": 6}])),
            (
                "/results_framework/outcomes",
                json!([{"id": "o", "outputs": [{"id": "o"}]}]),
            ),
            ("/elsewhere", json!({})),
            ("cover/title", json!("x")),
        ] {
            assert!(apply(t(), &set(path, value.clone()), None).is_err(), "{path} = {value}");
        }
    }

    #[test]
    fn narrative_text_is_its_own_part_and_empty_text_removes_it() {
        let c = apply(t(), &set("/narrative/context.body", json!("Text")), None).unwrap();
        assert_eq!(c.part.name(), "narrative/context.body");
        assert_eq!(c.value, Some(json!("Text")));
        let c = apply(t(), &set("/narrative/context.body", json!("")), None).unwrap();
        assert_eq!(c.value, None);
        assert_eq!(
            Part::from_name("narrative/context.body"),
            Some(Part::Narrative("context.body".into()))
        );
    }

    #[test]
    fn huge_text_is_refused() {
        let huge = "x".repeat(crate::limits::MAX_NARRATIVE_CHARS + 1);
        assert!(apply(t(), &set("/narrative/context.body", json!(huge)), None).is_err());
        let huge_line = "y".repeat(crate::limits::MAX_LINE_CHARS + 1);
        assert!(apply(t(), &set("/cover/title", json!(huge_line)), None).is_err());
    }
}
