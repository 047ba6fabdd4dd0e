import { describe, it, expect } from 'vitest';
import { quarterCount, yearCount, quarterMonths, quarterCalendar, toggleQuarter, quartersOutOfRange, workplanColumns, parseYear, range1 } from './schedule';

describe('programme time', () => {
  it('counts quarters and years, rounding up', () => {
    expect(quarterCount(30)).toBe(10);
    expect(quarterCount(24)).toBe(8);
    expect(quarterCount(1)).toBe(1);
    expect(quarterCount(null)).toBeNull();
    expect(quarterCount(0)).toBeNull();
    expect(yearCount(30)).toBe(3);
    expect(yearCount(36)).toBe(3);
    expect(yearCount(37)).toBe(4);
    expect(yearCount(undefined)).toBeNull();
    expect(range1(3)).toEqual([1, 2, 3]);
    expect(range1(0)).toEqual([]);
  });

  it('labels quarters with calendar months from the start date', () => {
    expect(quarterCalendar('2027-04-01', 1)).toBe('Apr–Jun 2027');
    expect(quarterCalendar('2027-04-01', 4)).toBe('Jan–Mar 2028');
    expect(quarterCalendar('2027-04-01', 10)).toBe('Jul–Sep 2029');
    expect(quarterCalendar('2027-11-15', 1)).toBe('Nov 2027–Jan 2028');
    expect(quarterCalendar(null, 1)).toBeNull();
    expect(quarterCalendar('not a date', 1)).toBeNull();
    expect(quarterMonths('2027-12-01', 2)).toEqual({ from: { year: 2028, month: 3 }, to: { year: 2028, month: 5 } });
  });

  it('toggles a quarter, keeping the list sorted and without repeats', () => {
    expect(toggleQuarter([1, 3], 2)).toEqual([1, 2, 3]);
    expect(toggleQuarter([1, 2, 3], 2)).toEqual([1, 3]);
    expect(toggleQuarter([5, 1], 3, true)).toEqual([1, 3, 5]);
    expect(toggleQuarter([1, 3], 3, true)).toEqual([1, 3]);
    expect(toggleQuarter([], 4, false)).toEqual([]);
  });

  it('finds quarters after the end and shows them as columns', () => {
    expect(quartersOutOfRange([1, 9, 11, 12], 10)).toEqual([11, 12]);
    expect(quartersOutOfRange([40], null)).toEqual([]);
    expect(workplanColumns(10, [3, 12])).toEqual(range1(12));
    expect(workplanColumns(null, [])).toEqual(range1(12));
    expect(workplanColumns(4, [1, 2])).toEqual([1, 2, 3, 4]);
  });

  it('reads a year as the core accepts it', () => {
    expect(parseYear('2027')).toBe(2027);
    expect(parseYear('  ')).toBeNull();
    expect(parseYear('202')).toBeUndefined();
    expect(parseYear('1899')).toBeUndefined();
    expect(parseYear('2201')).toBeUndefined();
    expect(parseYear('20.7')).toBeUndefined();
  });
});
