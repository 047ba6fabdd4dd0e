// Shapes of the budget screen: new lines, the columns and rows of the
// summary tables, and pages of lines. No arithmetic: totals come from the
// core's BudgetSummary.

import type { BudgetLine } from '../backend/bindings/BudgetLine';
import type { BudgetCategory } from '../backend/bindings/BudgetCategory';
import { tx } from '../i18n';
import { insertAt } from './lists';
import { range1 } from './schedule';

export const PAGE_SIZE = 100;

export const newLine = (id: string): BudgetLine => ({
  id,
  description: '',
  category: null,
  puno: '',
  output_id: '',
  year: null,
  unit: '',
  quantity: '1',
  unit_cost: '0',
  gender_share: 0,
});

/** The lines with a copy of line `i` (under a new id) right after it. */
export function duplicateLine(lines: readonly BudgetLine[], i: number, id: string): BudgetLine[] {
  const src = lines[i];
  if (!src) return [...lines];
  return insertAt(lines, i + 1, { ...structuredClone(src), id });
}

/**
 * The PUNO columns of the Fund's table: the cover's PUNOs in their order,
 * then any other PUNO the lines name (a typo, or none), so every dollar of
 * the summary shows.
 */
export function punoColumns(coverPunos: readonly string[], inSummary: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of coverPunos.map((x) => x.trim())) if (p && !out.includes(p)) out.push(p);
  for (const p of [...inSummary].sort()) if (!out.includes(p)) out.push(p);
  return out;
}

/** The budget category rows: the template's, then "unset" if any line has none. */
export function categoryRows(templateIds: readonly number[], inSummary: readonly string[]): string[] {
  const rows = templateIds.map(String);
  for (const k of inSummary) if (!rows.includes(k) && k !== 'unset') rows.push(k);
  if (inSummary.includes('unset')) rows.push('unset');
  return rows;
}

/** The year rows: 1..years (or the years in use), then "unset" if any line has none. */
export function yearRows(years: number | null, inSummary: readonly string[]): string[] {
  let n = years ?? 0;
  for (const k of inSummary) if (/^\d+$/.test(k)) n = Math.max(n, Number(k));
  const rows = range1(n).map(String);
  if (inSummary.includes('unset')) rows.push('unset');
  return rows;
}

/** Year choices for a line: 1..years, or 1..5 when the duration is unknown, plus its own. */
export function yearChoices(years: number | null, current: number | null): number[] {
  const list = range1(years ?? 5);
  if (current !== null && !list.includes(current)) list.push(current);
  return list;
}

export interface Page {
  index: number;
  start: number;
  /** Exclusive. */
  end: number;
}

/** The pages of `total` lines. */
export function pages(total: number, size = PAGE_SIZE): Page[] {
  const count = Math.max(1, Math.ceil(total / size));
  return Array.from({ length: count }, (_, index) => ({ index, start: index * size, end: Math.min(total, (index + 1) * size) }));
}

/** The page that holds line `i`. */
export function pageOf(i: number, size = PAGE_SIZE): number {
  return Math.max(0, Math.floor(i / size));
}

/** The line index a problem path points into ("/budget/lines/12/unit_cost" → 12). */
export function lineIndexOf(path: string): number | null {
  const m = /^\/budget\/lines\/(\d+)(?:\/|$)/.exec(path);
  return m ? Number(m[1]) : null;
}

/** A budget category as every screen names it ("3. Equipment"); '' for none, the bare number for one the template lacks. */
export function categoryLabel(categories: readonly BudgetCategory[], id: number | null): string {
  if (id === null) return '';
  const c = categories.find((x) => x.id === id);
  return c ? `${c.id}. ${tx(c.title)}` : String(id);
}
