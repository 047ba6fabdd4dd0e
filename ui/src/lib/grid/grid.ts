// The spreadsheet grid's logic, without a framework: which cell is active,
// the range selected, where a key moves, what a copy puts on the
// clipboard, the undo history, and the rows shown (sorted, filtered,
// grouped with subtotals). The component renders what these compute.

/** A cell by its place in the rows shown and its column. */
export interface Cell {
  row: number;
  col: number;
}

/** A selection: the anchor where it began and the focus where it ends. */
export interface Selection {
  anchor: Cell;
  focus: Cell;
}

/** A selection's rectangle, inclusive. */
export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export const rectOf = (s: Selection): Rect => ({
  top: Math.min(s.anchor.row, s.focus.row),
  bottom: Math.max(s.anchor.row, s.focus.row),
  left: Math.min(s.anchor.col, s.focus.col),
  right: Math.max(s.anchor.col, s.focus.col),
});

export const inRect = (r: Rect, row: number, col: number) => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** The keys that move the active cell, and what they do. */
export interface Move {
  key: string;
  shift: boolean;
  ctrl: boolean;
}

/**
 * Where the active cell goes for a key in a grid of `rows` × `cols`
 * (`page` rows per screen), or null when the key does not move it. Tab
 * runs along the row and on to the next one; Shift+Tab back.
 */
export function moved(from: Cell, m: Move, rows: number, cols: number, page: number): Cell | null {
  if (rows === 0 || cols === 0) return null;
  let { row, col } = from;
  switch (m.key) {
    case 'ArrowDown': row = m.ctrl ? rows - 1 : row + 1; break;
    case 'ArrowUp': row = m.ctrl ? 0 : row - 1; break;
    case 'ArrowRight': col = m.ctrl ? cols - 1 : col + 1; break;
    case 'ArrowLeft': col = m.ctrl ? 0 : col - 1; break;
    case 'Home': col = 0; if (m.ctrl) row = 0; break;
    case 'End': col = cols - 1; if (m.ctrl) row = rows - 1; break;
    case 'PageDown': row += page; break;
    case 'PageUp': row -= page; break;
    case 'Tab':
      if (m.shift) {
        if (col > 0) col -= 1;
        else if (row > 0) { row -= 1; col = cols - 1; }
      } else if (col < cols - 1) col += 1;
      else if (row < rows - 1) { row += 1; col = 0; }
      break;
    default: return null;
  }
  return { row: clamp(row, 0, rows - 1), col: clamp(col, 0, cols - 1) };
}

/**
 * The selection after a move: Shift (not with Tab) extends it from its
 * anchor; any other move collapses it on the new cell.
 */
export function select(s: Selection, to: Cell, extend: boolean): Selection {
  return extend ? { anchor: s.anchor, focus: to } : { anchor: to, focus: to };
}

/** True for a key that starts typing over a cell (a printable character, no Ctrl or Alt). */
export const isTyping = (e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }) =>
  e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;

/** Cells as tab-separated text, as spreadsheets read it: a cell with a tab, a line break or a quote is quoted. */
export function toTsv(cells: readonly (readonly string[])[]): string {
  const quote = (s: string) => (/[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return cells.map((r) => r.map(quote).join('\t')).join('\n');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Cells as an HTML table, as spreadsheets read it from the clipboard; a
 * header row (the columns' names) when given; line breaks in a cell as <br>.
 */
export function toHtml(cells: readonly (readonly string[])[], header?: readonly string[]): string {
  const cell = (tag: string, s: string) => `<${tag}>${escapeHtml(s).replace(/\r?\n/g, '<br>')}</${tag}>`;
  const head = header ? `<thead><tr>${header.map((h) => cell('th', h)).join('')}</tr></thead>` : '';
  const body = cells.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('');
  return `<table>${head}<tbody>${body}</tbody></table>`;
}

/**
 * The multi-step undo of grid edits: each step keeps the list before and
 * after it. A new edit drops what could be redone. At most `limit` steps.
 */
export class GridHistory<T> {
  private done: { before: T; after: T }[] = [];
  private undone: { before: T; after: T }[] = [];

  constructor(private readonly limit = 200) {}

  record(before: T, after: T): void {
    this.done.push({ before, after });
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The list to go back to, or null. */
  undo(): T | null {
    const step = this.done.pop();
    if (!step) return null;
    this.undone.push(step);
    return step.before;
  }

  /** The list to go forward to, or null. */
  redo(): T | null {
    const step = this.undone.pop();
    if (!step) return null;
    this.done.push(step);
    return step.after;
  }
}

/** A row of the grid as shown: a data row (its index in the list), or a group's subtotal. */
export type Item =
  | { kind: 'row'; index: number }
  | { kind: 'subtotal'; group: string; label: string; count: number; cents: bigint };

export interface ViewOptions<R> {
  /** Keeps a row. */
  keep?: (row: R) => boolean;
  /** Orders two rows (after grouping); ties keep the list's order. */
  compare?: (a: R, b: R) => number;
  /** Groups rows: the group's key and label; groups appear in `groupOrder`'s order, then by first appearance. */
  group?: (row: R) => { key: string; label: string };
  groupOrder?: readonly string[];
  /** A row's amount in cents, for subtotals. */
  cents?: (row: R) => bigint;
}

/** The rows shown, in order, with a subtotal after each group when grouped. */
export function view<R>(rows: readonly R[], o: ViewOptions<R>): Item[] {
  const kept: number[] = [];
  for (let i = 0; i < rows.length; i++) if (!o.keep || o.keep(rows[i])) kept.push(i);
  if (o.compare) {
    const cmp = o.compare;
    kept.sort((a, b) => cmp(rows[a], rows[b]) || a - b);
  }
  if (!o.group) return kept.map((index) => ({ kind: 'row', index }));
  const groups = new Map<string, { label: string; rows: number[] }>();
  for (const i of kept) {
    const g = o.group(rows[i]);
    const entry = groups.get(g.key) ?? { label: g.label, rows: [] };
    entry.rows.push(i);
    groups.set(g.key, entry);
  }
  const order = [...(o.groupOrder ?? []).filter((k) => groups.has(k)), ...[...groups.keys()].filter((k) => !(o.groupOrder ?? []).includes(k))];
  const out: Item[] = [];
  for (const key of order) {
    const g = groups.get(key)!;
    let cents = 0n;
    for (const i of g.rows) {
      out.push({ kind: 'row', index: i });
      cents += o.cents ? o.cents(rows[i]) : 0n;
    }
    out.push({ kind: 'subtotal', group: key, label: g.label, count: g.rows.length, cents });
  }
  return out;
}

/** The first and last (exclusive) items to render for a scroll position, with `overscan` rows either side. */
export function windowOf(scrollTop: number, height: number, rowHeight: number, count: number, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last };
}

/**
 * Pasted cells spread over a selection: a single value fills the whole
 * rectangle; a block larger than one cell is placed at its top-left
 * corner, as spreadsheets do. Returns the cells to write, by offset.
 */
export function spread(block: readonly (readonly string[])[], r: Rect): { dr: number; dc: number; text: string }[] {
  const out: { dr: number; dc: number; text: string }[] = [];
  if (block.length === 1 && block[0].length === 1) {
    for (let dr = 0; dr <= r.bottom - r.top; dr++) for (let dc = 0; dc <= r.right - r.left; dc++) out.push({ dr, dc, text: block[0][0] });
    return out;
  }
  block.forEach((cells, dr) => cells.forEach((text, dc) => out.push({ dr, dc, text })));
  return out;
}
