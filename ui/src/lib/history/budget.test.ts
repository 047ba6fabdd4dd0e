import { describe, expect, it } from 'vitest';
import type { Template } from '../backend';
import { figureGroups, figureLabel } from './budget';
import { PENDING } from '../annexes/amounts.svelte';

const template = {
  budget: {
    indirect_rate_percent: '7',
    categories: [
      { id: 1, title: { en: 'Staff and other personnel' } },
      { id: 2, title: { en: 'Supplies, commodities, materials' } },
      { id: 10, title: { en: 'Tenth' } },
    ],
  },
} as unknown as Pick<Template, 'budget'>;

describe('budget figures', () => {
  it('names totals, categories by title and PUNOs by code', () => {
    expect(figureLabel('direct', template)).toBe('Direct costs');
    // The rate is written by the core, as every percentage is.
    expect(figureLabel('indirect', template)).toBe(`Indirect support costs (${PENDING})`);
    expect(figureLabel('total', template)).toBe('Total');
    expect(figureLabel('category:2', template)).toBe('2. Supplies, commodities, materials');
    expect(figureLabel('category:unset', template)).toBe('No category yet');
    expect(figureLabel('category:9', template)).toBe('9');
    expect(figureLabel('puno:IOM', template)).toBe('IOM');
    expect(figureLabel('puno:', template)).toBe('No PUNO yet');
  });

  it('groups the figures in reading order and marks what changed', () => {
    // The difference in cents is the core's, as a comparison gives it.
    const f = (key: string, before: string, after: string, difference: string) => ({ key, before, after, difference });
    const groups = figureGroups(
      [
        f('direct', '100.00', '150.00', '5000'),
        f('indirect', '7.00', '10.50', '350'),
        f('total', '107.00', '160.50', '5350'),
        f('category:unset', '0.00', '50.00', '5000'),
        f('category:10', '10.00', '10.00', '0'),
        f('category:2', '40.00', '40.00', '0'),
        f('category:1', '50.00', '50.00', '0'),
        f('puno:', '0.00', '53.50', '5350'),
        f('puno:IOM', '107.00', '107.00', '0'),
      ],
      template,
    );
    expect(groups.map((g) => g.group)).toEqual(['totals', 'category', 'puno']);
    expect(groups[0].rows.map((r) => [r.key, r.difference, r.changed])).toEqual([
      ['direct', 5000n, true],
      ['indirect', 350n, true],
      ['total', 5350n, true],
    ]);
    expect(groups[1].rows.map((r) => r.key)).toEqual(['category:1', 'category:2', 'category:10', 'category:unset']);
    expect(groups[1].rows.map((r) => r.changed)).toEqual([false, false, false, true]);
    expect(groups[2].rows.map((r) => r.label)).toEqual(['IOM', 'No PUNO yet']);
  });

  it('leaves out empty groups', () => {
    expect(figureGroups([{ key: 'total', before: '0.00', after: '0.00', difference: '0' }], template).map((g) => g.group)).toEqual(['totals']);
  });
});
