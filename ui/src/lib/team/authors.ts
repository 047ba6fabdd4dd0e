// Who changed what: the places each PUNO's merged contributions changed, in
// words, from the store's authorship records.
import type { Authorship, Proposal, Step, Template } from '../backend';
import { placeOf } from './rows';

export interface Author {
  puno: string;
  /** The places it changed, each once, in the order the store lists them. */
  places: string[];
}

export function authorsOf(records: Authorship[], p: Proposal, template: Template): Author[] {
  const by = new Map<string, Set<string>>();
  for (const r of records) {
    let path: Step[];
    try {
      path = JSON.parse(r.path) as Step[];
    } catch {
      continue;
    }
    if (!Array.isArray(path)) continue;
    const places = by.get(r.puno) ?? new Set<string>();
    places.add(placeOf(path, p, template));
    by.set(r.puno, places);
  }
  return [...by.entries()].map(([puno, places]) => ({ puno, places: [...places] }));
}
