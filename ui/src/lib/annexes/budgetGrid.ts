// The budget lines as grid rows: which core column each grid column is,
// what a typed cell saves as it stands, and the sums the grid shows while
// the core's summary is on its way. Every line total is the core's
// (`figures`); the sums only add those cents (BigInt, no float).

import type { BudgetLine } from '../backend/bindings/BudgetLine';
import type { Column } from '../backend/bindings/Column';
import { exact, figures, type FigureBook } from './figures.svelte';

/** The grid's column keys: the line's fields, and the computed total. */
export type LineKey = 'description' | 'category' | 'puno' | 'output_id' | 'year' | 'unit' | 'quantity' | 'unit_cost' | 'line_total' | 'gender_share';

/** The core's name of each column, for reading what is typed or pasted. */
export const CORE_COLUMN: Record<LineKey, Column> = {
  description: 'description',
  category: 'category',
  puno: 'puno',
  output_id: 'output',
  year: 'year',
  unit: 'unit',
  quantity: 'quantity',
  unit_cost: 'unit_cost',
  line_total: 'line_total',
  gender_share: 'gender_share',
};

/** The line with one field set from the core's reading of a cell. */
export function withValue(line: BudgetLine, key: LineKey, value: string): BudgetLine {
  switch (key) {
    case 'category':
    case 'year':
      return { ...line, [key]: value === '' ? null : Number(value) };
    case 'gender_share':
      return { ...line, gender_share: value === '' ? 0 : Number(value) };
    case 'line_total':
      return line;
    default:
      return { ...line, [key]: value };
  }
}

/** The columns whose typed text the core must read before it is saved live. */
export const FIGURES = ['quantity', 'unit_cost'] as const;
export const isFigure = (key: string): key is (typeof FIGURES)[number] => (FIGURES as readonly string[]).includes(key);

/**
 * The line as it reads while a cell is typed, when the text can be saved
 * as it stands (plain text, a whole percent, or a figure: a figure is saved
 * only once the core reads it as a number); null when it waits for Enter
 * and the core's reading ("1,200", "USD 40").
 */
export function liveValue(line: BudgetLine, key: LineKey, text: string): BudgetLine | null {
  switch (key) {
    case 'description':
    case 'unit':
      return text.length <= 2000 && !/[\t\n\r]/.test(text) ? { ...line, [key]: text } : null;
    case 'quantity':
    case 'unit_cost':
      return text.trim() === '' ? null : { ...line, [key]: text.trim() };
    case 'gender_share':
      return /^\s*\d{1,3}\s*$/.test(text) && Number(text) <= 100 ? { ...line, gender_share: Number(text) } : null;
    default:
      return null;
  }
}

/** What the sums need of a line, remembered per line object once the core has given its total (a line is never changed in place: an edit puts a new one in the list). */
const memo = new WeakMap<BudgetLine, { puno: string; cents: bigint; small: number | null }>();

function facts(line: BudgetLine, book: FigureBook) {
  let f = memo.get(line);
  if (f === undefined) {
    const read = book.of(line.quantity, line.unit_cost);
    if (read === undefined) return undefined;
    const cents = exact(read.total) ?? 0n;
    const n = Number(cents);
    f = { puno: line.puno, cents, small: Number.isSafeInteger(n) ? n : null };
    memo.set(line, f);
  }
  return f;
}

/** A line's total in cents, the core's (0 while a figure is not a number yet, or while the core's answer is on its way). */
export const lineCents = (line: BudgetLine): bigint => facts(line, figures)?.cents ?? 0n;

/**
 * Direct costs per PUNO ('' for lines without one) and in all, or null
 * while the core's total of some line is on its way. Added as whole
 * numbers of cents in doubles while every sum stays below 2^53 (exact,
 * and fast enough for every keystroke on 2,000 lines), in BigInt beyond.
 */
export function directByPuno(lines: readonly BudgetLine[], book: FigureBook = figures): { byPuno: Map<string, bigint>; total: bigint } | null {
  const all = [];
  let waiting = false;
  // Every line is looked at, so all missing totals are asked for in one call.
  for (const l of lines) {
    const f = facts(l, book);
    if (f === undefined) waiting = true;
    else all.push(f);
  }
  if (waiting) return null;
  const small = new Map<string, number>();
  let total = 0;
  let exactSum = true;
  for (const f of all) {
    if (f.small === null) {
      exactSum = false;
      break;
    }
    small.set(f.puno, (small.get(f.puno) ?? 0) + f.small);
    total += f.small;
  }
  if (exactSum && Number.isSafeInteger(total) && total >= 0) {
    return { byPuno: new Map([...small].map(([p, c]) => [p, BigInt(c)])), total: BigInt(total) };
  }
  const byPuno = new Map<string, bigint>();
  let big = 0n;
  for (const f of all) {
    byPuno.set(f.puno, (byPuno.get(f.puno) ?? 0n) + f.cents);
    big += f.cents;
  }
  return { byPuno, total: big };
}

/** What lines can be grouped and filtered by. */
export type Dimension = 'puno' | 'output_id' | 'category' | 'year';
export const DIMENSIONS: Dimension[] = ['puno', 'output_id', 'category', 'year'];

/** A line's key along a dimension ('' when it has none). */
export const dimensionKey = (l: BudgetLine, d: Dimension): string => {
  const v = l[d];
  return v === null || v === undefined ? '' : String(v);
};
