import { describe, expect, it } from 'vitest';
import { GridHistory, moved, rectOf, select, spread, toHtml, toTsv, view, windowOf } from './grid';

const key = (k: string, shift = false, ctrl = false) => ({ key: k, shift, ctrl });

describe('moving the active cell', () => {
  it('moves with arrows, stops at the edges, jumps with Ctrl, Home and End', () => {
    expect(moved({ row: 0, col: 0 }, key('ArrowDown'), 10, 5, 4)).toEqual({ row: 1, col: 0 });
    expect(moved({ row: 0, col: 0 }, key('ArrowUp'), 10, 5, 4)).toEqual({ row: 0, col: 0 });
    expect(moved({ row: 3, col: 2 }, key('ArrowDown', false, true), 10, 5, 4)).toEqual({ row: 9, col: 2 });
    expect(moved({ row: 3, col: 2 }, key('End', false, true), 10, 5, 4)).toEqual({ row: 9, col: 4 });
    expect(moved({ row: 3, col: 2 }, key('Home'), 10, 5, 4)).toEqual({ row: 3, col: 0 });
    expect(moved({ row: 3, col: 2 }, key('PageDown'), 10, 5, 4)).toEqual({ row: 7, col: 2 });
    expect(moved({ row: 3, col: 2 }, key('x'), 10, 5, 4)).toBeNull();
  });

  it('runs along the row with Tab and on to the next row; Shift+Tab back', () => {
    expect(moved({ row: 0, col: 4 }, key('Tab'), 10, 5, 4)).toEqual({ row: 1, col: 0 });
    expect(moved({ row: 1, col: 0 }, key('Tab', true), 10, 5, 4)).toEqual({ row: 0, col: 4 });
    expect(moved({ row: 9, col: 4 }, key('Tab'), 10, 5, 4)).toEqual({ row: 9, col: 4 });
  });

  it('extends a selection from its anchor with Shift', () => {
    const s = select({ anchor: { row: 2, col: 1 }, focus: { row: 2, col: 1 } }, { row: 5, col: 0 }, true);
    expect(rectOf(s)).toEqual({ top: 2, bottom: 5, left: 0, right: 1 });
    expect(select(s, { row: 7, col: 3 }, false)).toEqual({ anchor: { row: 7, col: 3 }, focus: { row: 7, col: 3 } });
  });
});

describe('the clipboard', () => {
  it('writes tab-separated text that spreadsheets read back, quoting what needs it', () => {
    expect(toTsv([['a', 'b'], ['c\td', 'say "hi"'], ['two\nlines', '']])).toBe('a\tb\n"c\td"\t"say ""hi"""\n"two\nlines"\t');
  });

  it('writes an HTML table with a header, escaped, line breaks as <br>', () => {
    expect(toHtml([['<b>&', 'x\ny']], ['Description', 'Unit'])).toBe(
      '<table><thead><tr><th>Description</th><th>Unit</th></tr></thead><tbody><tr><td>&lt;b&gt;&amp;</td><td>x<br>y</td></tr></tbody></table>',
    );
  });

  it('spreads one pasted value over the selection, a block from its corner', () => {
    expect(spread([['7']], { top: 1, bottom: 2, left: 0, right: 1 })).toHaveLength(4);
    expect(spread([['a', 'b'], ['c', 'd']], { top: 5, bottom: 5, left: 2, right: 2 })).toEqual([
      { dr: 0, dc: 0, text: 'a' }, { dr: 0, dc: 1, text: 'b' }, { dr: 1, dc: 0, text: 'c' }, { dr: 1, dc: 1, text: 'd' },
    ]);
  });
});

describe('undo and redo', () => {
  it('steps back and forth; a new edit drops what could be redone', () => {
    const h = new GridHistory<number[]>(3);
    h.record([], [1]);
    h.record([1], [1, 2]);
    expect(h.undo()).toEqual([1]);
    expect(h.redo()).toEqual([1, 2]);
    expect(h.undo()).toEqual([1]);
    h.record([1], [1, 3]);
    expect(h.canRedo).toBe(false);
    for (let i = 0; i < 5; i++) h.record([i], [i + 1]);
    let n = 0;
    while (h.undo()) n++;
    expect(n).toBe(3);
  });
});

describe('the rows shown', () => {
  type L = { puno: string; cents: bigint; name: string };
  const rows: L[] = [
    { puno: 'UNDP', cents: 100n, name: 'b' },
    { puno: 'IOM', cents: 250n, name: 'a' },
    { puno: 'UNDP', cents: 5n, name: 'c' },
  ];

  it('filters and sorts, ties in list order', () => {
    expect(view(rows, { keep: (r) => r.puno === 'UNDP' })).toEqual([{ kind: 'row', index: 0 }, { kind: 'row', index: 2 }]);
    expect(view(rows, { compare: (a, b) => a.name.localeCompare(b.name) }).map((i) => (i.kind === 'row' ? i.index : -1))).toEqual([1, 0, 2]);
  });

  it('groups in the order given, with exact subtotals', () => {
    const items = view(rows, { group: (r) => ({ key: r.puno, label: r.puno }), groupOrder: ['IOM', 'UNDP'], cents: (r) => r.cents });
    expect(items).toEqual([
      { kind: 'row', index: 1 },
      { kind: 'subtotal', group: 'IOM', label: 'IOM', count: 1, cents: 250n },
      { kind: 'row', index: 0 },
      { kind: 'row', index: 2 },
      { kind: 'subtotal', group: 'UNDP', label: 'UNDP', count: 2, cents: 105n },
    ]);
  });

  it('renders only the rows in view, with a margin', () => {
    expect(windowOf(0, 340, 34, 2000, 8)).toEqual({ first: 0, last: 18 });
    expect(windowOf(34 * 1000, 340, 34, 2000, 8)).toEqual({ first: 992, last: 1018 });
    expect(windowOf(34 * 1995, 340, 34, 2000, 8).last).toBe(2000);
  });
});
