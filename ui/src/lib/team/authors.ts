// Who changed what: the places each PUNO's merged contributions changed, in
// words, from the store's authorship records.
import type { Authorship, Proposal, Step, Template } from '../backend';
import { placeOf } from './rows';

export interface Author {
  puno: string;
  /** The places it changed, each once, in the order the store lists them. */
  places: string[];
}

/** A record's place as the merge names it, or null for one that does not read. */
function pathOf(r: Authorship): Step[] | null {
  try {
    const path = JSON.parse(r.path) as unknown;
    return Array.isArray(path) ? (path as Step[]) : null;
  } catch {
    return null;
  }
}

export function authorsOf(records: Authorship[], p: Proposal, template: Template): Author[] {
  const by = new Map<string, Set<string>>();
  for (const r of records) {
    const path = pathOf(r);
    if (!path) continue;
    const places = by.get(r.puno) ?? new Set<string>();
    places.add(placeOf(path, p, template));
    by.set(r.puno, places);
  }
  return [...by.entries()].map(([puno, places]) => ({ puno, places: [...places] }));
}

/** Which PUNOs' merged contributions last changed each part: a cover field, a narrative field, a row. */
export interface AuthorIndex {
  cover(field: string): string[];
  narrative(key: string): string[];
  row(id: string): string[];
}

export function authorIndex(records: Authorship[]): AuthorIndex {
  const by = new Map<string, string[]>();
  const add = (key: string, puno: string) => {
    const list = by.get(key) ?? [];
    if (!list.includes(puno)) list.push(puno);
    by.set(key, list);
  };
  for (const r of records) {
    const path = pathOf(r);
    if (!path) continue;
    const [top, second] = path;
    if ((top === 'cover' || top === 'narrative') && typeof second === 'string') add(`${top}:${second}`, r.puno);
    // A change inside a row is the innermost row's.
    const inner = [...path].reverse().find((s): s is { id: string } => typeof s === 'object' && s !== null);
    if (inner) add(`row:${inner.id}`, r.puno);
  }
  const get = (key: string) => by.get(key) ?? [];
  return { cover: (f) => get(`cover:${f}`), narrative: (k) => get(`narrative:${k}`), row: (id) => get(`row:${id}`) };
}
