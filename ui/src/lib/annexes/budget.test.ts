import { describe, it, expect } from 'vitest';
import { newLine, duplicateLine, punoColumns, categoryRows, yearRows, yearChoices, pages, pageOf, lineIndexOf, PAGE_SIZE } from './budget';

describe('budget shapes', () => {
  it('starts a line the core accepts', () => {
    const l = newLine('x');
    expect([l.quantity, l.unit_cost]).toEqual(['1', '0']);
    expect(l).toMatchObject({ id: 'x', category: null, year: null, gender_share: 0 });
  });
  it('duplicates a line right after itself under a new id', () => {
    const lines = [newLine('a'), { ...newLine('b'), description: 'Travel' }, newLine('c')];
    const out = duplicateLine(lines, 1, 'b2');
    expect(out.map((l) => l.id)).toEqual(['a', 'b', 'b2', 'c']);
    expect(out[2].description).toBe('Travel');
    expect(lines).toHaveLength(3);
  });
  it('lists the cover PUNOs first, then any other PUNO in the summary', () => {
    expect(punoColumns(['IOM', ' UNDP ', '', 'IOM'], ['UNDP', 'IOM', 'ILO', ''])).toEqual(['IOM', 'UNDP', '', 'ILO']);
  });
  it('lists category and year rows, with "unset" last', () => {
    expect(categoryRows([1, 2, 3], ['unset', '2'])).toEqual(['1', '2', '3', 'unset']);
    expect(yearRows(3, ['1', 'unset'])).toEqual(['1', '2', '3', 'unset']);
    expect(yearRows(2, ['4'])).toEqual(['1', '2', '3', '4']);
    expect(yearRows(null, [])).toEqual([]);
    expect(yearChoices(3, null)).toEqual([1, 2, 3]);
    expect(yearChoices(null, 7)).toEqual([1, 2, 3, 4, 5, 7]);
  });
  it('pages lines by a hundred', () => {
    expect(pages(0)).toEqual([{ index: 0, start: 0, end: 0 }]);
    expect(pages(2000)).toHaveLength(20);
    expect(pages(201).at(-1)).toEqual({ index: 2, start: 200, end: 201 });
    expect(pageOf(199)).toBe(1);
    expect(PAGE_SIZE).toBe(100);
    expect(lineIndexOf('/budget/lines/12/unit_cost')).toBe(12);
    expect(lineIndexOf('/budget/lines/7')).toBe(7);
    expect(lineIndexOf('/budget/lines')).toBeNull();
  });
});
