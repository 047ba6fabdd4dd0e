import { describe, expect, it } from 'vitest';
import { fieldPath, isOn, itemRows, yearOf } from './resultsGrid';
import { newOutcome, newOutput, newIndicator, numbering } from './results';

// The core's Assessment.numbers for the outcomes below.
const OC = '/results_framework/outcomes';
const numbers = numbering({
  [`${OC}/0`]: '1', [`${OC}/0/indicators/0`]: '1 a', [`${OC}/0/outputs/0`]: '1.1',
  [`${OC}/0/outputs/0/indicators/0`]: '1.1 a', [`${OC}/0/outputs/0/indicators/1`]: '1.1 b', [`${OC}/0/outputs/0/activities/0`]: '1.1.1',
});

describe('the results framework as grid rows', () => {
  const outcomes = [
    { ...newOutcome('oc1'), indicators: [newIndicator('i1')], outputs: [{ ...newOutput('op1'), indicators: [newIndicator('i2'), newIndicator('i3')], activities: [{ id: 'a1', title: 'A', puno: '', implementing_partner: '', quarters: [1] }] }] },
  ];

  it('lists indicators of outcomes then outputs, numbered, with their pointers', () => {
    const rows = itemRows(outcomes, 'indicators', numbers);
    expect(rows.map((r) => [r.number, r.path])).toEqual([
      ['1 a', '/results_framework/outcomes/0/indicators/0'],
      ['1.1 a', '/results_framework/outcomes/0/outputs/0/indicators/0'],
      ['1.1 b', '/results_framework/outcomes/0/outputs/0/indicators/1'],
    ]);
    expect(itemRows(outcomes, 'activities', numbers).map((r) => r.number)).toEqual(['1.1.1']);
  });

  it('reads quarters and years as people type them', () => {
    expect(['x', '1', '●', 'yes'].every(isOn)).toBe(true);
    expect(['', '0', '-', 'no', 'non'].some(isOn)).toBe(false);
    expect(yearOf('2027')).toBe(2027);
    expect(yearOf('')).toBeNull();
    expect(yearOf('27')).toBeUndefined();
    expect(yearOf('2150')).toBe(2150);
    expect(fieldPath('baseline_year')).toBe('baseline/year');
    expect(fieldPath('q4')).toBe('quarters');
  });
});
