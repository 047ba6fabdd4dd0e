//! Co-authoring: what a PUNO is given to write, the changes it sends back,
//! and the three-way merge that brings them into the convening agency's
//! draft.
//!
//! The merge works on the proposal as JSON, so that every field merges on
//! its own: objects key by key, tables row by row (rows are matched by their
//! id, never by position), lists of codes as sets, and narrative texts by
//! paragraph and word ([`crate::merge_text`]). What both sides changed
//! differently is a [`Collision`] a person resolves; nothing else needs one.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::merge_text::{merge_text_settled, Side};
use crate::{CoreError, Proposal, Template};

/// One step of a path into a proposal: an object's key, or a table's row by
/// its id (a PUNO row by its entity code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum Step {
    Key(String),
    Row { id: String },
}

pub type Path = Vec<Step>;

fn key(path: &[Step], k: &str) -> Path {
    let mut p = path.to_vec();
    p.push(Step::Key(k.to_string()));
    p
}

fn row(path: &[Step], id: &str) -> Path {
    let mut p = path.to_vec();
    p.push(Step::Row { id: id.to_string() });
    p
}

/// The field that identifies a row of a table: rows have an `id`; the
/// cover's PUNOs are known by their entity.
fn row_key(v: &Value) -> Option<&str> {
    let o = v.as_object()?;
    o.get("id").or_else(|| o.get("entity")).and_then(Value::as_str)
}

/// True when every array holds rows with distinct ids (and one holds any).
fn keyed(arrays: &[&[Value]]) -> bool {
    let mut any = false;
    for a in arrays {
        let mut seen = BTreeSet::new();
        for v in a.iter() {
            match row_key(v) {
                Some(k) if !k.is_empty() && seen.insert(k) => any = true,
                _ => return false,
            }
        }
    }
    any
}

fn find_row<'a>(a: &'a [Value], id: &str) -> Option<&'a Value> {
    a.iter().find(|v| row_key(v) == Some(id))
}

/// One change a contribution carries, against the snapshot it was made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum Edit {
    /// The value at `path` becomes `value`.
    Set {
        path: Path,
        #[ts(type = "unknown")]
        value: Value,
    },
    /// The row or key at `path` is gone.
    Remove { path: Path },
    /// A new row in the table at `path`, after the row `after` (first when
    /// `None`).
    Insert {
        path: Path,
        after: Option<String>,
        #[ts(type = "unknown")]
        value: Value,
    },
}

impl Edit {
    pub fn path(&self) -> &[Step] {
        match self {
            Edit::Set { path, .. } | Edit::Remove { path } | Edit::Insert { path, .. } => path,
        }
    }

    /// The place the edit changes: its path, and for a new row the row
    /// itself (so that who added it can be told later).
    pub fn target(&self) -> Path {
        match self {
            Edit::Insert { path, value, .. } => match row_key(value) {
                Some(id) => row(path, id),
                None => path.clone(),
            },
            _ => self.path().to_vec(),
        }
    }
}

/// The changes that turn `base` into `new`, at the finest grain: a field,
/// a key, a row added or removed.
pub fn delta(base: &Value, new: &Value) -> Vec<Edit> {
    let mut out = Vec::new();
    walk(&[], base, new, &mut out);
    out
}

fn walk(path: &[Step], b: &Value, n: &Value, out: &mut Vec<Edit>) {
    if b == n {
        return;
    }
    match (b, n) {
        (Value::Object(bo), Value::Object(no)) => {
            for (k, bv) in bo {
                match no.get(k) {
                    Some(nv) => walk(&key(path, k), bv, nv, out),
                    None => out.push(Edit::Remove { path: key(path, k) }),
                }
            }
            for (k, nv) in no.iter().filter(|(k, _)| !bo.contains_key(*k)) {
                out.push(Edit::Set {
                    path: key(path, k),
                    value: nv.clone(),
                });
            }
        }
        (Value::Array(ba), Value::Array(na)) if keyed(&[ba, na]) => {
            for bv in ba {
                let id = row_key(bv).unwrap_or_default();
                if find_row(na, id).is_none() {
                    out.push(Edit::Remove { path: row(path, id) });
                }
            }
            let mut after: Option<String> = None;
            for nv in na {
                let id = row_key(nv).unwrap_or_default();
                match find_row(ba, id) {
                    Some(bv) => walk(&row(path, id), bv, nv, out),
                    None => out.push(Edit::Insert {
                        path: path.to_vec(),
                        after: after.clone(),
                        value: nv.clone(),
                    }),
                }
                after = Some(id.to_string());
            }
        }
        _ => out.push(Edit::Set {
            path: path.to_vec(),
            value: n.clone(),
        }),
    }
}

fn no_place() -> CoreError {
    CoreError::Refused("a change in the contribution names a place the shared proposal does not have".into())
}

fn step_mut<'a>(v: &'a mut Value, s: &Step) -> Option<&'a mut Value> {
    match (s, v) {
        (Step::Key(k), Value::Object(o)) => o.get_mut(k),
        (Step::Row { id }, Value::Array(a)) => a.iter_mut().find(|v| row_key(v) == Some(id.as_str())),
        _ => None,
    }
}

fn at_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |v, s| step_mut(v, s))
}

/// Applies one change. A change naming a place that does not exist, or a
/// row that already does, is refused.
pub fn apply(root: &mut Value, edit: &Edit) -> Result<(), CoreError> {
    match edit {
        Edit::Set { path, value } => {
            let (last, parent) = path.split_last().ok_or_else(no_place)?;
            let parent = at_mut(root, parent).ok_or_else(no_place)?;
            match (last, parent) {
                (Step::Key(k), Value::Object(o)) => {
                    o.insert(k.clone(), value.clone());
                }
                (s @ Step::Row { .. }, parent) => *step_mut(parent, s).ok_or_else(no_place)? = value.clone(),
                _ => return Err(no_place()),
            }
        }
        Edit::Remove { path } => {
            let (last, parent) = path.split_last().ok_or_else(no_place)?;
            match (last, at_mut(root, parent).ok_or_else(no_place)?) {
                (Step::Key(k), Value::Object(o)) => {
                    o.remove(k).ok_or_else(no_place)?;
                }
                (Step::Row { id }, Value::Array(a)) => {
                    let at = a
                        .iter()
                        .position(|v| row_key(v) == Some(id.as_str()))
                        .ok_or_else(no_place)?;
                    a.remove(at);
                }
                _ => return Err(no_place()),
            }
        }
        Edit::Insert { path, after, value } => {
            let Some(Value::Array(a)) = at_mut(root, path) else {
                return Err(no_place());
            };
            let id = row_key(value).filter(|id| !id.is_empty()).ok_or_else(no_place)?;
            if find_row(a, id).is_some() {
                return Err(CoreError::Refused(format!(
                    "the contribution adds a row \"{id}\" the proposal already has"
                )));
            }
            let at = match after {
                None => 0,
                Some(prev) => a
                    .iter()
                    .position(|v| row_key(v) == Some(prev.as_str()))
                    .map_or(a.len(), |i| i + 1),
            };
            a.insert(at, value.clone());
        }
    }
    Ok(())
}

/// Applies changes in order, as [`apply`] does one by one, with each
/// table's rows found through an index instead of a search: a contribution
/// of thousands of changes to a table of thousands of rows applies in
/// milliseconds.
pub fn apply_all(root: &mut Value, edits: &[Edit]) -> Result<(), CoreError> {
    let mut index: HashMap<Path, HashMap<String, usize>> = HashMap::new();
    for e in edits {
        // Walk to the parent of the last step through the index.
        let path = e.path();
        let (walk, last) = match e {
            Edit::Insert { .. } => (path, None),
            _ => match path.split_last() {
                Some((last, parent)) => (parent, Some(last)),
                None => return Err(no_place()),
            },
        };
        let mut v: &mut Value = root;
        for (depth, s) in walk.iter().enumerate() {
            v = match s {
                Step::Key(k) => v.get_mut(k).ok_or_else(no_place)?,
                Step::Row { id } => {
                    let Value::Array(a) = v else { return Err(no_place()) };
                    let rows = index.entry(walk[..depth].to_vec()).or_insert_with(|| {
                        a.iter()
                            .enumerate()
                            .map(|(i, r)| (row_key(r).unwrap_or_default().to_string(), i))
                            .collect()
                    });
                    let i = *rows.get(id).ok_or_else(no_place)?;
                    &mut a[i]
                }
            };
        }
        // The last step: the cached indexes of this table (and of tables
        // inside its rows) no longer hold once a row comes or goes.
        let changes_rows =
            matches!(e, Edit::Insert { .. }) || matches!((e, last), (Edit::Remove { .. }, Some(Step::Row { .. })));
        let mut one = e.clone();
        match &mut one {
            Edit::Set { path, .. } | Edit::Remove { path } => *path = last.into_iter().cloned().collect(),
            Edit::Insert { path, .. } => path.clear(),
        }
        apply(v, &one)?;
        if changes_rows {
            let table = match e {
                Edit::Insert { .. } => path,
                _ => walk,
            };
            index.retain(|k, _| !k.starts_with(table));
        }
    }
    Ok(())
}

/// What a PUNO is given to write when a draft is shared with it. By default
/// it owns its budget lines, its workplan activities, the indicators it is
/// responsible for, the risks it owns and the outputs whose activities are
/// all its own (with their indicators and activities); the author may give
/// it more rows and narrative fields, or hold rows back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Assignment {
    /// The PUNO's entity code, as on the cover page.
    pub puno: String,
    /// Narrative fields (`section.field`) given to it.
    pub narrative: Vec<String>,
    /// Rows given to it besides those it owns by default.
    pub rows: Vec<String>,
    /// Rows it would own by default that the author keeps.
    pub withheld: Vec<String>,
    /// Paragraphs of narrative fields given to it (`section.field` to the
    /// paragraphs' numbers in the snapshot, from 0), for fields not given
    /// whole. Absent when none, so earlier shares read and seal as before.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(as = "Option<BTreeMap<String, Vec<u32>>>", optional)]
    pub paragraphs: BTreeMap<String, Vec<u32>>,
}

impl Assignment {
    pub fn new(puno: &str) -> Assignment {
        Assignment {
            puno: puno.to_string(),
            ..Assignment::default()
        }
    }

    /// The ids of the rows of `p` this PUNO owns.
    pub fn owned_rows(&self, p: &Proposal) -> BTreeSet<String> {
        let mine = |code: &str| code == self.puno;
        let mut out = BTreeSet::new();
        for line in p.budget.lines.iter().filter(|l| mine(&l.puno)) {
            out.insert(line.id.clone());
        }
        for risk in p.risk_matrix.risks.iter().filter(|r| mine(&r.owner)) {
            out.insert(risk.id.clone());
        }
        for outcome in &p.results_framework.outcomes {
            for i in outcome.indicators.iter().filter(|i| mine(&i.responsible_puno)) {
                out.insert(i.id.clone());
            }
            for output in &outcome.outputs {
                let acts = &output.activities;
                if !acts.is_empty() && acts.iter().all(|a| mine(&a.puno)) {
                    out.insert(output.id.clone());
                }
                for a in acts.iter().filter(|a| mine(&a.puno)) {
                    out.insert(a.id.clone());
                }
                for i in output.indicators.iter().filter(|i| mine(&i.responsible_puno)) {
                    out.insert(i.id.clone());
                }
            }
        }
        out.extend(self.rows.iter().cloned());
        for w in &self.withheld {
            out.remove(w);
        }
        out
    }

    /// The ids of the rows of `p` given to others: every row the
    /// proposal has that this PUNO does not own.
    pub fn others_rows(&self, p: &Proposal) -> BTreeSet<String> {
        let owned = self.owned_rows(p);
        let mut all = BTreeSet::new();
        all.extend(p.budget.lines.iter().map(|l| l.id.clone()));
        all.extend(p.risk_matrix.risks.iter().map(|r| r.id.clone()));
        for outcome in &p.results_framework.outcomes {
            all.insert(outcome.id.clone());
            all.extend(outcome.indicators.iter().map(|i| i.id.clone()));
            for output in &outcome.outputs {
                all.insert(output.id.clone());
                all.extend(output.indicators.iter().map(|i| i.id.clone()));
                all.extend(output.activities.iter().map(|a| a.id.clone()));
            }
        }
        all.retain(|id| !owned.contains(id));
        all
    }

    /// Splits a contribution's `edits` (made on `base`) into what the PUNO
    /// may make itself and what arrives as suggestions. A change to a
    /// narrative field of which it was given paragraphs keeps its changes
    /// there; the rest of that change is a suggestion.
    pub fn split(&self, base: &Proposal, edits: &[Edit]) -> (Vec<Edit>, Vec<Edit>) {
        let owned = self.owned_rows(base);
        let (mut mine, mut outside) = (Vec::new(), Vec::new());
        for e in edits {
            if self.allows(e, &owned) {
                mine.push(e.clone());
                continue;
            }
            if let Edit::Set { path, value } = e {
                if let ([Step::Key(n), Step::Key(field)], Some(new)) = (path.as_slice(), value.as_str()) {
                    if let Some(given) = self.paragraphs.get(field).filter(|_| n == "narrative") {
                        let old = base.narrative.get(field).map_or("", String::as_str);
                        let kept = crate::merge_text::keep_assigned(old, new, given);
                        if kept != old {
                            mine.push(Edit::Set {
                                path: path.clone(),
                                value: Value::String(kept.clone()),
                            });
                        }
                        if kept != new {
                            outside.push(e.clone());
                        }
                        continue;
                    }
                }
            }
            outside.push(e.clone());
        }
        (mine, outside)
    }

    /// Whether the PUNO may make `edit` itself; what it may not make
    /// arrives as a suggestion. `owned` is [`Assignment::owned_rows`] of the
    /// snapshot shared.
    pub fn allows(&self, edit: &Edit, owned: &BTreeSet<String>) -> bool {
        let path = edit.path();
        if let [Step::Key(n), Step::Key(field), ..] = path {
            if n == "narrative" {
                return self.narrative.iter().any(|f| f == field);
            }
        }
        let in_owned_row = path.iter().any(|s| matches!(s, Step::Row { id } if owned.contains(id)));
        if in_owned_row {
            return true;
        }
        // A new row of its own: a budget line or an activity for its PUNO.
        if let Edit::Insert { path, value, .. } = edit {
            let table = match path.last() {
                Some(Step::Key(k)) => k.as_str(),
                _ => "",
            };
            let field = match table {
                "lines" | "activities" => "puno",
                "indicators" => "responsible_puno",
                _ => return false,
            };
            return value.get(field).and_then(Value::as_str) == Some(self.puno.as_str());
        }
        false
    }
}

/// A place both sides changed differently, with the three values (`None`
/// where the row or key does not exist on that side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Collision {
    pub path: Path,
    #[ts(type = "unknown")]
    pub base: Option<Value>,
    #[ts(type = "unknown")]
    pub ours: Option<Value>,
    #[ts(type = "unknown")]
    pub theirs: Option<Value>,
}

/// How the author settled a collision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "take", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Take {
    Ours,
    Theirs,
    /// The author's own text or value.
    Edited(#[ts(type = "unknown")] Value),
}

/// Narrative texts and the long texts of rows merge by paragraph and word;
/// other strings (names, codes, addresses) are taken whole.
fn merges_as_text(path: &[Step]) -> bool {
    matches!(path.first(), Some(Step::Key(k)) if k == "narrative")
        || matches!(path.last(), Some(Step::Key(k)) if ["justification", "assumptions", "mitigation"].contains(&k.as_str()))
}

struct Merger<'a> {
    resolved: &'a BTreeMap<Path, Take>,
    collisions: Vec<Collision>,
}

impl Merger<'_> {
    fn value(&mut self, path: &[Step], b: Option<&Value>, o: Option<&Value>, t: Option<&Value>) -> Option<Value> {
        if o == t || b == t {
            return o.cloned();
        }
        if b == o {
            return t.cloned();
        }
        match (o, t) {
            (Some(Value::Object(oo)), Some(Value::Object(to))) => {
                let bo = b.and_then(Value::as_object);
                let mut out = Map::new();
                for k in oo.keys().chain(to.keys().filter(|k| !oo.contains_key(*k))) {
                    let got = self.value(&key(path, k), bo.and_then(|m| m.get(k)), oo.get(k), to.get(k));
                    if let Some(v) = got {
                        out.insert(k.clone(), v);
                    }
                }
                return Some(Value::Object(out));
            }
            (Some(Value::Array(oa)), Some(Value::Array(ta))) => {
                let ba: &[Value] = b.and_then(Value::as_array).map_or(&[], |a| a);
                if keyed(&[ba, oa, ta]) {
                    return Some(Value::Array(self.rows(path, ba, oa, ta)));
                }
                if [ba, oa, ta]
                    .iter()
                    .all(|a| a.iter().all(|v| !v.is_object() && !v.is_array()))
                {
                    return Some(Value::Array(set_merge(ba, oa, ta)));
                }
            }
            (Some(Value::String(os)), Some(Value::String(ts))) if merges_as_text(path) => {
                let bs = b.and_then(Value::as_str).unwrap_or_default();
                // Settled for one side, only the words both changed take it.
                let prefer = match self.resolved.get(path) {
                    Some(Take::Ours) => Some(Side::Ours),
                    Some(Take::Theirs) => Some(Side::Theirs),
                    _ => None,
                };
                if let Some(m) = merge_text_settled(bs, os, ts, prefer) {
                    return Some(Value::String(m));
                }
            }
            _ => {}
        }
        match self.resolved.get(path) {
            Some(Take::Ours) => o.cloned(),
            Some(Take::Theirs) => t.cloned(),
            Some(Take::Edited(v)) => Some(v.clone()),
            None => {
                self.collisions.push(Collision {
                    path: path.to_vec(),
                    base: b.cloned(),
                    ours: o.cloned(),
                    theirs: t.cloned(),
                });
                o.cloned()
            }
        }
    }

    /// Rows merge by id, in our order; a row only they added goes after the
    /// row it follows on their side. A row one side deleted stays deleted
    /// unless the other side edited it.
    fn rows(&mut self, path: &[Step], ba: &[Value], oa: &[Value], ta: &[Value]) -> Vec<Value> {
        let index = |a: &'_ [Value]| -> HashMap<String, usize> {
            a.iter()
                .enumerate()
                .map(|(i, v)| (row_key(v).unwrap_or_default().to_string(), i))
                .collect()
        };
        let (bi, oi, ti) = (index(ba), index(oa), index(ta));
        let mut out: Vec<Value> = Vec::new();
        for ov in oa {
            let id = row_key(ov).unwrap_or_default();
            let (bv, tv) = (bi.get(id).map(|&i| &ba[i]), ti.get(id).map(|&i| &ta[i]));
            if bv.is_some() && tv.is_none() {
                if bv != Some(ov) {
                    out.push(ov.clone());
                }
                continue;
            }
            if let Some(v) = self.value(&row(path, id), bv, Some(ov), tv) {
                out.push(v);
            }
        }
        let mut placed: HashMap<String, usize> = index(&out);
        for (i, tv) in ta.iter().enumerate() {
            let id = row_key(tv).unwrap_or_default();
            if oi.contains_key(id) || bi.get(id).map(|&j| &ba[j]) == Some(tv) {
                continue;
            }
            let at = ta[..i]
                .iter()
                .rev()
                .find_map(|prev| placed.get(row_key(prev).unwrap_or_default()).copied())
                .map_or(0, |p| p + 1);
            out.insert(at, tv.clone());
            placed = index(&out);
        }
        out
    }
}

/// Codes and numbers merge as sets: what they added is added, what they
/// removed is removed, in our order; quarters stay in order.
fn set_merge(ba: &[Value], oa: &[Value], ta: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = oa
        .iter()
        .filter(|v| !ba.contains(v) || ta.contains(v))
        .cloned()
        .collect();
    for v in ta {
        if !ba.contains(v) && !out.contains(v) {
            out.push(v.clone());
        }
    }
    let sorted = |a: &[Value]| a.windows(2).all(|w| w[0].as_f64() <= w[1].as_f64() && w[0].is_number());
    if !oa.is_empty() && sorted(oa) && out.iter().all(Value::is_number) {
        out.sort_by(|x, y| x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(std::cmp::Ordering::Equal));
    }
    out
}

/// The three-way merge of JSON values; returns the merged value and the
/// collisions left for a person (those in `resolved` are settled as said
/// there; until then a collision keeps our value).
pub fn merge_values(
    base: &Value,
    ours: &Value,
    theirs: &Value,
    resolved: &BTreeMap<Path, Take>,
) -> (Value, Vec<Collision>) {
    let mut m = Merger {
        resolved,
        collisions: Vec::new(),
    };
    let merged = m
        .value(&[], Some(base), Some(ours), Some(theirs))
        .unwrap_or(Value::Null);
    (merged, m.collisions)
}

/// What a merge would do, before anything is applied.
#[derive(Debug, Clone)]
pub struct Merged {
    pub proposal: Proposal,
    /// The contribution's changes the PUNO could make itself.
    pub applied: Vec<Edit>,
    /// Its changes outside its assignment: suggestions, not applied.
    pub outside: Vec<Edit>,
    pub collisions: Vec<Collision>,
}

/// Merges a contribution: `edits` were made on `base` by the PUNO of
/// `assignment`; `ours` is the draft now. The result is checked as any
/// proposal is: a merge that would make an impossible proposal is refused.
pub fn merge_contribution(
    base: &Proposal,
    ours: &Proposal,
    assignment: &Assignment,
    edits: &[Edit],
    resolved: &BTreeMap<Path, Take>,
    template: &Template,
) -> Result<Merged, CoreError> {
    let to_value = |p: &Proposal| serde_json::to_value(p).map_err(|e| CoreError::Refused(e.to_string()));
    let base_v = to_value(base)?;
    // Every change must apply to the snapshot it claims to be made on.
    let mut all = base_v.clone();
    apply_all(&mut all, edits)?;
    let (applied, outside) = assignment.split(base, edits);
    let mut theirs = base_v.clone();
    apply_all(&mut theirs, &applied)?;
    let (merged, collisions) = merge_values(&base_v, &to_value(ours)?, &theirs, resolved);
    let proposal = Proposal::from_value(merged, template)?;
    Ok(Merged {
        proposal,
        applied,
        outside,
        collisions,
    })
}

/// Every change from `base` to `edited`, at the finest grain; which of them
/// a PUNO may make itself is [`Assignment::allows`]'s to say.
pub fn changes(base: &Proposal, edited: &Proposal) -> Result<Vec<Edit>, CoreError> {
    let to_value = |p: &Proposal| serde_json::to_value(p).map_err(|e| CoreError::Refused(e.to_string()));
    Ok(delta(&to_value(base)?, &to_value(edited)?))
}

/// The changes a PUNO made outside its assignment, as comments for the
/// author: a text it rewrote comes as a suggested text the author can
/// accept; any other change is described in words on the nearest place the
/// draft still has. `seal` makes the comments' ids, so they are filed once.
pub fn suggestions(
    outside: &[Edit],
    ours: &Proposal,
    puno: &str,
    seal: &str,
    lang: &str,
    now_ms: i64,
) -> Vec<crate::review::Comment> {
    use crate::messages::msg;
    use crate::review::{readable, Anchor, Comment};
    let Ok(root) = serde_json::to_value(ours) else {
        return Vec::new();
    };
    let clip = |s: String| -> String { s.chars().take(crate::limits::MAX_COMMENT_CHARS).collect() };
    let mut out = Vec::new();
    for (i, e) in outside.iter().enumerate() {
        let path = e.path();
        // The deepest place of the path the draft still has.
        let Some((depth, at)) = (1..=path.len())
            .rev()
            .find_map(|n| pointer(&root, &path[..n]).map(|p| (n, p)))
        else {
            continue;
        };
        let current = root.pointer(&at).cloned().unwrap_or(Value::Null);
        let p = || vec![("puno", puno.to_string())];
        let with = |what: &Value| vec![("puno", puno.to_string()), ("what", readable(what))];
        let (body, suggestion) = match e {
            Edit::Set {
                value: Value::String(text),
                ..
            } if depth == path.len() && current.is_string() => {
                (msg(lang, "merge.suggested_text", &p()), Some(clip(text.clone())))
            }
            Edit::Set { value, .. } => (msg(lang, "merge.suggested_value", &with(value)), None),
            Edit::Remove { .. } => (msg(lang, "merge.suggested_removal", &p()), None),
            Edit::Insert { value, .. } => (msg(lang, "merge.suggested_row", &with(value)), None),
        };
        let label = path
            .iter()
            .map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Row { id } => id.clone(),
            })
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(Comment {
            id: crate::review::sha256_hex(format!("{seal}/{i}").as_bytes())[..32].to_string(),
            anchor: Anchor::field(
                &at,
                &label.chars().take(crate::limits::MAX_LINE_CHARS).collect::<String>(),
            ),
            quoted: clip(readable(&current)),
            body: clip(body),
            suggestion,
            created_at: now_ms,
            excerpt: None,
            in_reply_to: None,
        });
    }
    out
}

/// How many rows of one table a contribution changed, added and removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Tally {
    pub changed: u32,
    pub added: u32,
    pub removed: u32,
}

/// What a contribution changes, counted the way the author reads it
/// ("changed 12 budget lines, added 3, wrote 2 paragraphs in section 4").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeSummary {
    /// Cover fields changed, by name.
    pub cover: Vec<String>,
    /// Narrative fields changed (`section.field`).
    pub narrative: Vec<String>,
    /// Tables by name: `lines`, `outcomes`, `outputs`, `indicators`,
    /// `activities`, `risks`.
    pub tables: BTreeMap<String, Tally>,
    /// Marker answers changed.
    pub markers: u32,
}

/// Counts `edits` by what they touch.
pub fn summarize(edits: &[Edit]) -> ChangeSummary {
    let mut s = ChangeSummary::default();
    let mut changed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in edits {
        let path = e.path();
        match path {
            [Step::Key(top), rest @ ..] if top == "cover" => {
                if let Some(Step::Key(f)) = rest.first() {
                    if !s.cover.contains(f) {
                        s.cover.push(f.clone());
                    }
                }
                continue;
            }
            [Step::Key(top), Step::Key(f), ..] if top == "narrative" => {
                if !s.narrative.contains(f) {
                    s.narrative.push(f.clone());
                }
                continue;
            }
            [Step::Key(top), ..] if top == "markers" => {
                s.markers += 1;
                continue;
            }
            _ => {}
        }
        // The innermost row the change is in (or the table it adds to).
        let table_of = |i: usize| match i.checked_sub(1).map(|j| &path[j]) {
            Some(Step::Key(t)) => t.clone(),
            _ => String::new(),
        };
        let last_row = path.iter().rposition(|s| matches!(s, Step::Row { .. }));
        match (e, last_row) {
            (Edit::Insert { path, .. }, _) => {
                let t = match path.last() {
                    Some(Step::Key(t)) => t.clone(),
                    _ => String::new(),
                };
                s.tables.entry(t).or_default().added += 1;
            }
            (Edit::Remove { .. }, Some(i)) if i == path.len() - 1 => {
                s.tables.entry(table_of(i)).or_default().removed += 1;
            }
            (_, Some(i)) => {
                if let Step::Row { id } = &path[i] {
                    changed.entry(table_of(i)).or_default().insert(id.clone());
                }
            }
            _ => {}
        }
    }
    for (t, ids) in changed {
        s.tables.entry(t).or_default().changed += ids.len() as u32;
    }
    s
}

/// A merge's changes in words, one line per part ("Budget lines: 12
/// changed, 3 added, 0 removed"), in `lang`, with the template's names for
/// cover fields and narrative fields.
pub fn describe(s: &ChangeSummary, t: &Template, lang: &str) -> Vec<String> {
    use crate::messages::msg;
    let mut out = Vec::new();
    if !s.cover.is_empty() {
        let names: Vec<String> = s
            .cover
            .iter()
            .map(|f| {
                t.cover_fields
                    .iter()
                    .find(|c| &c.id == f)
                    .map_or(f.clone(), |c| c.label.get(lang).to_string())
            })
            .collect();
        out.push(msg(lang, "merge.describe.cover", &[("fields", names.join(", "))]));
    }
    if !s.narrative.is_empty() {
        let keys = t.narrative_keys();
        let names: Vec<String> = s
            .narrative
            .iter()
            .map(|k| {
                let section = keys.iter().find(|(key, _)| key == k).map(|(_, s)| s);
                let field = section.and_then(|sec| sec.fields.iter().find(|f| k.ends_with(&format!(".{}", f.id))));
                match (section, field) {
                    (Some(sec), Some(f)) if sec.fields.len() > 1 => {
                        format!("{} · {}", sec.title.get(lang), f.label.get(lang))
                    }
                    (Some(sec), _) => sec.title.get(lang).to_string(),
                    _ => k.clone(),
                }
            })
            .collect();
        out.push(msg(lang, "merge.describe.narrative", &[("fields", names.join("; "))]));
    }
    for (table, n) in &s.tables {
        let key = match table.as_str() {
            "lines" => "merge.table.lines",
            "outcomes" => "merge.table.outcomes",
            "outputs" => "merge.table.outputs",
            "indicators" => "merge.table.indicators",
            "activities" => "merge.table.activities",
            "risks" => "merge.table.risks",
            "punos" => "merge.table.punos",
            _ => "merge.table.partners",
        };
        let name = msg(lang, key, &[]);
        out.push(msg(
            lang,
            "merge.describe.table",
            &[
                ("table", name),
                ("changed", n.changed.to_string()),
                ("added", n.added.to_string()),
                ("removed", n.removed.to_string()),
            ],
        ));
    }
    if s.markers > 0 {
        out.push(msg(lang, "merge.describe.markers", &[("count", s.markers.to_string())]));
    }
    out
}

/// The JSON pointer of `path` in `root` (rows by their position there), or
/// `None` when the place does not exist in it.
pub fn pointer(root: &Value, path: &[Step]) -> Option<String> {
    let mut out = String::new();
    let mut v = root;
    for s in path {
        match s {
            Step::Key(k) => {
                v = v.get(k)?;
                out.push('/');
                out.push_str(&k.replace('~', "~0").replace('/', "~1"));
            }
            Step::Row { id } => {
                let a = v.as_array()?;
                let i = a.iter().position(|r| row_key(r) == Some(id.as_str()))?;
                v = &a[i];
                out.push_str(&format!("/{i}"));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
