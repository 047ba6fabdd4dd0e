// The results framework as a tree of outcomes → outputs → activities, with
// indicators on outcomes and outputs. Numbers ("Outcome 1", "Output 1.2",
// "Activity 1.2.3", "Indicator 1.2 a") are the core's, looked up by the item's
// path in `Assessment.numbers`. Every operation here is pure:
// it returns a new outcomes list for `edit('/results_framework/outcomes', …)`.

import type { Outcome } from '../backend/bindings/Outcome';
import type { Output } from '../backend/bindings/Output';
import type { Activity } from '../backend/bindings/Activity';
import type { Indicator } from '../backend/bindings/Indicator';
import { insertAt, moveItem, removeAt } from './lists';

export type RfKind = 'outcome' | 'output' | 'indicator' | 'activity';
export type RfItem = Outcome | Output | Indicator | Activity;

/** Where an item sits: its kind, the id of its parent (null for outcomes), its index. */
export interface RfPlace {
  kind: RfKind;
  parentId: string | null;
  index: number;
}

/** The core's number of every results item, by its path (`Assessment.numbers`). */
export type Numbers = { [path in string]?: string };

/** Shown for an item the core has not numbered yet (added a moment ago, not yet saved). */
export const PENDING_NUMBER = '…';

const OUTCOMES = '/results_framework/outcomes';

/** Looks up the core's numbers by an item's place in the tree. */
export interface Numbering {
  outcome(i: number): string;
  output(i: number, j: number): string;
  activity(i: number, j: number, k: number): string;
  /** Any item by its path ("…/outputs/1/indicators/0" → "1.2 a"). */
  at(path: string): string;
}

export function numbering(numbers: Numbers): Numbering {
  const at = (path: string) => numbers[path] ?? PENDING_NUMBER;
  return {
    outcome: (i) => at(`${OUTCOMES}/${i}`),
    output: (i, j) => at(`${OUTCOMES}/${i}/outputs/${j}`),
    activity: (i, j, k) => at(`${OUTCOMES}/${i}/outputs/${j}/activities/${k}`),
    at,
  };
}

/** Every id in the framework (they share one id space). */
export function resultsIds(outcomes: readonly Outcome[]): Set<string> {
  const ids = new Set<string>();
  for (const oc of outcomes) {
    ids.add(oc.id);
    for (const ind of oc.indicators) ids.add(ind.id);
    for (const op of oc.outputs) {
      ids.add(op.id);
      for (const ind of op.indicators) ids.add(ind.id);
      for (const a of op.activities) ids.add(a.id);
    }
  }
  return ids;
}

export interface NumberedOutput {
  id: string;
  number: string;
  title: string;
  outcome: number;
}

/** Every output with its number ("1.2"), in order. */
export function numberedOutputs(outcomes: readonly Outcome[], n: Numbering): NumberedOutput[] {
  return outcomes.flatMap((oc, i) =>
    oc.outputs.map((op, j) => ({ id: op.id, number: n.output(i, j), title: op.title, outcome: i + 1 })),
  );
}

export interface NumberedActivity {
  activity: Activity;
  number: string;
  /** Indexes in the tree. */
  i: number;
  j: number;
  k: number;
}

export const newIndicator = (id: string): Indicator => ({
  id,
  text: '',
  unit: '',
  baseline: { value: '', year: null },
  target: { value: '', year: null },
  means_of_verification: '',
  responsible_puno: '',
  disaggregation: [],
  disaggregation_other: '',
});
export const newActivity = (id: string): Activity => ({ id, title: '', puno: '', implementing_partner: '', quarters: [] });
export const newOutput = (id: string): Output => ({ id, title: '', indicators: [], activities: [] });
export const newOutcome = (id: string): Outcome => ({ id, title: '', assumptions: '', gcm_objectives: [], indicators: [], outputs: [] });

/** A deep copy made of plain data, safe to change and send. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** The list an item of `kind` under `parentId` lives in, inside `outcomes` (mutable), or null. */
function listIn(outcomes: Outcome[], kind: RfKind, parentId: string | null): RfItem[] | null {
  if (kind === 'outcome') return parentId === null ? outcomes : null;
  for (const oc of outcomes) {
    if (kind === 'output' && oc.id === parentId) return oc.outputs;
    if (kind === 'indicator' && oc.id === parentId) return oc.indicators;
    for (const op of oc.outputs) {
      if (kind === 'activity' && op.id === parentId) return op.activities;
      if (kind === 'indicator' && op.id === parentId) return op.indicators;
    }
  }
  return null;
}

function replaceList(outcomes: readonly Outcome[], place: Omit<RfPlace, 'index'>, change: (list: RfItem[]) => RfItem[]): Outcome[] | null {
  const copy = clone(outcomes as Outcome[]);
  if (place.kind === 'outcome') return place.parentId === null ? (change(copy) as Outcome[]) : null;
  const list = listIn(copy, place.kind, place.parentId);
  if (!list) return null;
  const next = change(list);
  list.splice(0, list.length, ...next);
  return copy;
}

/** Removes the item at `place`; returns the new outcomes and the item, or null if it is not there. */
export function removeItem(outcomes: readonly Outcome[], place: RfPlace): { outcomes: Outcome[]; item: RfItem } | null {
  let item: RfItem | undefined;
  const next = replaceList(outcomes, place, (list) => {
    const r = removeAt(list, place.index);
    item = r.item;
    return r.list;
  });
  return next && item ? { outcomes: next, item } : null;
}

/**
 * Puts `item` back at `place` (or at the end if the list is shorter now).
 * Null when its parent is gone or one of its ids is in use again.
 */
export function insertItem(outcomes: readonly Outcome[], place: RfPlace, item: RfItem): Outcome[] | null {
  const taken = resultsIds(outcomes);
  if ([...resultsIds(wrap(place.kind, item))].some((id) => taken.has(id))) return null;
  return replaceList(outcomes, place, (list) => insertAt(list, place.index, clone(item)));
}

/** Appends `item` to the list at `place` (its index is ignored). */
export function appendItem(outcomes: readonly Outcome[], place: Omit<RfPlace, 'index'>, item: RfItem): Outcome[] | null {
  return replaceList(outcomes, place, (list) => [...list, item]);
}

/** Moves the item at `place` by `delta` places. */
export function moveRfItem(outcomes: readonly Outcome[], place: RfPlace, delta: number): Outcome[] | null {
  return replaceList(outcomes, place, (list) => moveItem(list, place.index, delta));
}

/** An item as a one-outcome tree, to list its ids. */
function wrap(kind: RfKind, item: RfItem): Outcome[] {
  switch (kind) {
    case 'outcome':
      return [item as Outcome];
    case 'output':
      return [{ ...newOutcome(''), outputs: [item as Output] }];
    case 'indicator':
      return [{ ...newOutcome(''), indicators: [item as Indicator] }];
    case 'activity':
      return [{ ...newOutcome(''), outputs: [{ ...newOutput(''), activities: [item as Activity] }] }];
  }
}

/** The outcomes with activity (i, j, k)'s quarters replaced. */
export function withQuarters(outcomes: readonly Outcome[], i: number, j: number, k: number, quarters: number[]): Outcome[] {
  const copy = clone(outcomes as Outcome[]);
  const a = copy[i]?.outputs[j]?.activities[k];
  if (a) a.quarters = quarters;
  return copy;
}

/** The numbers of problems under `path`, for badges on collapsed blocks. */
export function countUnder(paths: readonly string[], path: string): number {
  let n = 0;
  for (const p of paths) if (p === path || p.startsWith(`${path}/`)) n++;
  return n;
}

/** The first words of a statement, for a collapsed block's heading. */
export function preview(text: string, max = 90): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1).trimEnd()}…`;
}

export interface WorkplanGroup {
  output: NumberedOutput;
  activities: NumberedActivity[];
}

/** Activities grouped by output, numbered, for the workplan. */
export function workplanGroups(outcomes: readonly Outcome[], n: Numbering): WorkplanGroup[] {
  return outcomes.flatMap((oc, i) =>
    oc.outputs.map((op, j) => ({
      output: { id: op.id, number: n.output(i, j), title: op.title, outcome: i + 1 },
      activities: op.activities.map((activity, k) => ({ activity, number: n.activity(i, j, k), i, j, k })),
    })),
  );
}

/**
 * The ids of the blocks to open so the field at `path` is on screen:
 * "/results_framework/outcomes/1/outputs/0/indicators/2/text" → the outcome,
 * the output and the indicator.
 */
export function blocksOnPath(outcomes: readonly Outcome[], path: string): string[] {
  const m = /^\/results_framework\/outcomes\/(\d+)(?:\/outputs\/(\d+))?(?:\/(indicators|activities)\/(\d+))?/.exec(path);
  if (!m) return [];
  const oc = outcomes[Number(m[1])];
  if (!oc) return [];
  const ids = [oc.id];
  const op = m[2] !== undefined ? oc.outputs[Number(m[2])] : undefined;
  if (m[2] !== undefined && !op) return ids;
  if (op) ids.push(op.id);
  if (m[3] === 'indicators') {
    const ind = (op ?? oc).indicators[Number(m[4])];
    if (ind) ids.push(ind.id);
  }
  return ids;
}
