// Editing helpers for programme time. How many quarters and years a
// programme runs, and each quarter's calendar months, come from the core
// (the Schedule of the draft's assessment); these only shape what is typed.

/** The list 1..n. */
export function range1(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i + 1);
}

/** A quarter list with `q` switched on or off: sorted, each quarter once. */
export function toggleQuarter(quarters: readonly number[], q: number, on = !quarters.includes(q)): number[] {
  const set = new Set(quarters.filter((x) => x !== q));
  if (on) set.add(q);
  return [...set].sort((a, b) => a - b);
}

let years: readonly [number, number] | null = null;

/** The calendar years the core accepts, as it says at start-up. */
export function setYearRange(range: readonly [number, number]) {
  years = range;
}

/** A year as typed: null for empty, a number within the core's years, undefined otherwise. */
export function parseYear(s: string): number | null | undefined {
  const v = s.trim();
  if (v === '') return null;
  if (!/^\d{4}$/.test(v)) return undefined;
  const n = Number(v);
  return years === null || (n >= years[0] && n <= years[1]) ? n : undefined;
}
