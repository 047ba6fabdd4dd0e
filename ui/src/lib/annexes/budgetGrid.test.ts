import { describe, expect, it } from 'vitest';
import { directByPuno, liveValue, withValue } from './budgetGrid';
import { FigureBook } from './figures.svelte';
import { newLine } from './budget';

describe('budget lines in the grid', () => {
  const line = { ...newLine('a'), puno: 'IOM', quantity: '3', unit_cost: '0.335' };

  it('saves as typed only what can stand as it is', () => {
    // A figure is a candidate the core reads before it is saved.
    expect(liveValue(line, 'unit_cost', ' 12.5 ')?.unit_cost).toBe('12.5');
    expect(liveValue(line, 'quantity', '  ')).toBeNull();
    expect(liveValue(line, 'gender_share', '101')).toBeNull();
    expect(liveValue(line, 'description', 'Two\tcells')).toBeNull();
    expect(liveValue(line, 'category', '3')).toBeNull();
  });

  it('sets a field from the core’s reading', () => {
    expect(withValue(line, 'category', '3').category).toBe(3);
    expect(withValue(line, 'year', '').year).toBeNull();
    expect(withValue(line, 'gender_share', '60').gender_share).toBe(60);
  });

  it('adds the core’s line totals per PUNO, exactly, and never a sum missing a line', async () => {
    const a = { ...newLine('a'), puno: 'IOM', quantity: '3', unit_cost: '0.35' };
    const b = { ...newLine('b'), puno: 'IOM', quantity: '0.5', unit_cost: '0.05' };
    const c = { ...newLine('c'), puno: 'UNDP', quantity: '1000000000', unit_cost: '999999.99' };
    // The totals in cents as the core's line_figures gives them (its own tests check the rounding).
    const core: Record<string, string> = { '3 0.35': '105', '0.5 0.05': '3', '1000000000 999999.99': '99999999000000000' };
    const asked: string[][] = [];
    const book = new FigureBook(async (pairs) => {
      asked.push(pairs.map(([q, u]) => `${q} ${u}`));
      return pairs.map(([q, u]) => ({ quantity: null, unit_cost: null, total: core[`${q} ${u}`] ?? null, total_decimal: null }));
    });
    expect(directByPuno([a, b, c], book)).toBeNull();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual([['3 0.35', '0.5 0.05', '1000000000 999999.99']]);
    const d = directByPuno([a, b, c], book)!;
    expect(d.byPuno.get('IOM')).toBe(108n);
    expect(d.total).toBe(108n + 99999999000000000n);
    // Known pairs are not asked again.
    directByPuno([{ ...a }, b], book);
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toHaveLength(1);
  });
});
