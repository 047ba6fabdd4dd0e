import { describe, expect, it } from 'vitest';
import type { Template } from '../backend';
import { differenceCents, figureGroups, figureLabel, formatDifference } from './budget';

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

describe('budget differences', () => {
  it('subtracts in exact cents', () => {
    expect(differenceCents('2396800.00', '2396800.10')).toBe(10n);
    expect(differenceCents('0.10', '0.30')).toBe(20n); // 0.1 + 0.2 would not be exact in floats
    expect(differenceCents('1070000.00', '0.00')).toBe(-107000000n);
    expect(differenceCents('99999999999999.99', '100000000000000.00')).toBe(1n);
    expect(differenceCents('abc', '1.00')).toBeNull();
  });

  it('writes the sign out, with a true minus', () => {
    expect(formatDifference(125000n, 'en')).toBe('+1,250.00');
    expect(formatDifference(-30000n, 'en')).toBe('\u2212300.00');
    expect(formatDifference(-5n, 'en')).toBe('\u22120.05');
    expect(formatDifference(0n, 'en')).toBe('0.00');
    expect(formatDifference(123456789n, 'fr')).toBe('+1\u202f234\u202f567,89');
  });
});

describe('budget figures', () => {
  it('names totals, categories by title and PUNOs by code', () => {
    expect(figureLabel('direct', template)).toBe('Direct costs');
    expect(figureLabel('indirect', template)).toBe('Indirect support costs (7 %)');
    expect(figureLabel('total', template)).toBe('Total');
    expect(figureLabel('category:2', template)).toBe('2. Supplies, commodities, materials');
    expect(figureLabel('category:unset', template)).toBe('No category yet');
    expect(figureLabel('category:9', template)).toBe('9');
    expect(figureLabel('puno:IOM', template)).toBe('IOM');
    expect(figureLabel('puno:', template)).toBe('No PUNO yet');
  });

  it('groups the figures in reading order and marks what changed', () => {
    const f = (key: string, before: string, after: string) => ({ key, before, after });
    const groups = figureGroups(
      [
        f('direct', '100.00', '150.00'),
        f('indirect', '7.00', '10.50'),
        f('total', '107.00', '160.50'),
        f('category:unset', '0.00', '50.00'),
        f('category:10', '10.00', '10.00'),
        f('category:2', '40.00', '40.00'),
        f('category:1', '50.00', '50.00'),
        f('puno:', '0.00', '53.50'),
        f('puno:IOM', '107.00', '107.00'),
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
    expect(figureGroups([{ key: 'total', before: '0.00', after: '0.00' }], template).map((g) => g.group)).toEqual(['totals']);
  });
});
