// The budget lines as grid rows: which core column each grid column is,
// the live preview of a figure while it is typed, and the sums the grid
// shows while the core's summary is on its way. Sums are of each line's
// total rounded to the cent, as the core adds them (BigInt, no float).

import type { BudgetLine } from '../backend/bindings/BudgetLine';
import type { Column } from '../backend/bindings/Column';
import { isDecimal, lineTotalCents, MONEY_DECIMALS, MONEY_INT_DIGITS, QUANTITY_DECIMALS, QUANTITY_INT_DIGITS } from './money';

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

/**
 * The line as it reads while a cell is typed, when the text can be saved
 * as it stands (plain text, a plain decimal, a whole percent); null when
 * it waits for Enter and the core's reading ("1,200", "USD 40").
 */
export function liveValue(line: BudgetLine, key: LineKey, text: string): BudgetLine | null {
  switch (key) {
    case 'description':
    case 'unit':
      return text.length <= 2000 && !/[\t\n\r]/.test(text) ? { ...line, [key]: text } : null;
    case 'quantity':
      return isDecimal(text, QUANTITY_DECIMALS, QUANTITY_INT_DIGITS) ? { ...line, quantity: text.trim() } : null;
    case 'unit_cost':
      return isDecimal(text, MONEY_DECIMALS, MONEY_INT_DIGITS) ? { ...line, unit_cost: text.trim() } : null;
    case 'gender_share':
      return /^\s*\d{1,3}\s*$/.test(text) && Number(text) <= 100 ? { ...line, gender_share: Number(text) } : null;
    default:
      return null;
  }
}

/** What the sums need of a line, remembered per line object (a line is never changed in place: an edit puts a new one in the list). */
const memo = new WeakMap<BudgetLine, { puno: string; cents: bigint; small: number | null }>();

function facts(line: BudgetLine) {
  let f = memo.get(line);
  if (f === undefined) {
    const cents = lineTotalCents(line.quantity, line.unit_cost) ?? 0n;
    const n = Number(cents);
    f = { puno: line.puno, cents, small: Number.isSafeInteger(n) ? n : null };
    memo.set(line, f);
  }
  return f;
}

/** A line's total in cents (0 while a figure is not a number yet). */
export const lineCents = (line: BudgetLine): bigint => facts(line).cents;

/**
 * Direct costs per PUNO ('' for lines without one) and in all. Added as
 * whole numbers of cents in doubles while every sum stays below 2^53
 * (exact, and fast enough for every keystroke on 2,000 lines), in BigInt
 * beyond.
 */
export function directByPuno(lines: readonly BudgetLine[]): { byPuno: Map<string, bigint>; total: bigint } {
  const small = new Map<string, number>();
  let total = 0;
  let exact = true;
  for (const l of lines) {
    const f = facts(l);
    if (f.small === null) {
      exact = false;
      break;
    }
    small.set(f.puno, (small.get(f.puno) ?? 0) + f.small);
    total += f.small;
  }
  if (exact && Number.isSafeInteger(total) && total >= 0) {
    return { byPuno: new Map([...small].map(([p, c]) => [p, BigInt(c)])), total: BigInt(total) };
  }
  const byPuno = new Map<string, bigint>();
  let big = 0n;
  for (const l of lines) {
    const f = facts(l);
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
