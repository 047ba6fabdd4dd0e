import { describe, it, expect } from 'vitest';
import annexes from '../i18n/annexes.en.json';
import main from '../i18n/en.json';
import team from '../i18n/team.en.json';
import { t } from '../i18n';

// Every literal key the annex editors pass to t() exists in the catalogue.
const sources = import.meta.glob('../../components/annexes/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
// Rows given to another author in a shared draft offer a comment (the team's words).
const catalogue: Record<string, string> = { ...main, ...annexes, ...team };

describe('annex strings', () => {
  it('finds the editors', () => {
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(10);
  });
  it('has every key the editors use', () => {
    const missing: string[] = [];
    for (const [file, src] of Object.entries(sources)) {
      for (const m of src.matchAll(/\bt\(\s*'([^']+)'/g)) if (!(m[1] in catalogue)) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
  it('does not redefine the main catalogue’s keys, and has no empty strings', () => {
    for (const [k, v] of Object.entries(annexes)) {
      expect(k in main, k).toBe(false);
      expect(v.trim(), k).not.toBe('');
    }
  });
  it('fills the strings people see most', () => {
    expect(t('wp.cell', { activity: '1.2.3', quarter: 4 })).toBe('Activity 1.2.3, quarter 4');
    expect(t('budget.indirect', { rate: '7%' })).toBe('Indirect support costs (7%)');
    expect(t('budget.numberFormat')).toBe('Use a number like 1250.50');
  });
});
