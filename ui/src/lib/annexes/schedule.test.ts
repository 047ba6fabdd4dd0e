import { describe, it, expect } from 'vitest';
import { toggleQuarter, parseYear, range1, setYearRange } from './schedule';

describe('programme time', () => {
  it('lists 1..n', () => {
    expect(range1(3)).toEqual([1, 2, 3]);
    expect(range1(0)).toEqual([]);
  });

  it('toggles a quarter, keeping the list sorted and without repeats', () => {
    expect(toggleQuarter([1, 3], 2)).toEqual([1, 2, 3]);
    expect(toggleQuarter([1, 2, 3], 2)).toEqual([1, 3]);
    expect(toggleQuarter([5, 1], 3, true)).toEqual([1, 3, 5]);
    expect(toggleQuarter([1, 3], 3, true)).toEqual([1, 3]);
    expect(toggleQuarter([], 4, false)).toEqual([]);
  });

  it('reads a year as the core accepts it', () => {
    setYearRange([1900, 2200]);
    expect(parseYear('2027')).toBe(2027);
    expect(parseYear('  ')).toBeNull();
    expect(parseYear('202')).toBeUndefined();
    expect(parseYear('1899')).toBeUndefined();
    expect(parseYear('2201')).toBeUndefined();
    expect(parseYear('20.7')).toBeUndefined();
  });
});
