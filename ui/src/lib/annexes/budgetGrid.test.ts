import { describe, expect, it } from 'vitest';
import { directByPuno, liveValue, withValue } from './budgetGrid';
import { newLine } from './budget';

describe('budget lines in the grid', () => {
  const line = { ...newLine('a'), puno: 'IOM', quantity: '3', unit_cost: '0.335' };

  it('saves as typed only what can stand as it is', () => {
    expect(liveValue(line, 'unit_cost', '12.5')?.unit_cost).toBe('12.5');
    expect(liveValue(line, 'unit_cost', '1,200')).toBeNull();
    expect(liveValue(line, 'gender_share', '101')).toBeNull();
    expect(liveValue(line, 'description', 'Two\tcells')).toBeNull();
    expect(liveValue(line, 'category', '3')).toBeNull();
  });

  it('sets a field from the core’s reading', () => {
    expect(withValue(line, 'category', '3').category).toBe(3);
    expect(withValue(line, 'year', '').year).toBeNull();
    expect(withValue(line, 'gender_share', '60').gender_share).toBe(60);
  });

  it('adds each line’s total rounded to the cent, per PUNO, without floats', () => {
    const a = { ...newLine('a'), puno: 'IOM', quantity: '3', unit_cost: '0.35' };
    const b = { ...newLine('b'), puno: 'IOM', quantity: '0.5', unit_cost: '0.05' };
    const c = { ...newLine('c'), puno: 'UNDP', quantity: '1000000000', unit_cost: '999999.99' };
    const d = directByPuno([a, b, c]);
    expect(d.byPuno.get('IOM')).toBe(105n + 3n);
    expect(d.total).toBe(108n + 99999999000000000n);
  });
});
