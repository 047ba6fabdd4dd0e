import { describe, it, expect } from 'vitest';
import { riskScore, riskBand, heatmap, bandCounts, bandLabel, bandsHighestFirst } from './risk';
import type { RiskBand } from '../backend/bindings/RiskBand';
import type { RiskRules } from '../backend/bindings/RiskRules';

// The bands as the core sends them: the template's list and, per score
// 0 to 25, the band the core's rule gives. Here from a made-up template, so
// the screen is seen to follow whatever the core says.
const bands: RiskBand[] = [
  { id: 'calm', from_score: 1, label: { en: 'Calm' } },
  { id: 'stormy', from_score: 7, label: { en: 'Stormy', fr: 'Orageux' } },
];
const rules: Pick<RiskRules, 'bands' | 'score_bands'> = {
  bands,
  score_bands: Array.from({ length: 26 }, (_, s) => (s === 0 ? null : s < 7 ? 'calm' : 'stormy')),
};

describe('risk scores', () => {
  it('multiplies likelihood by impact', () => {
    expect(riskScore(3, 4)).toBe(12);
    expect(riskScore(null, 4)).toBeNull();
    expect(riskScore(3, null)).toBeNull();
  });
  it('takes every band from the core', () => {
    expect([1, 6].map((s) => riskBand(rules, s))).toEqual(['calm', 'calm']);
    expect([7, 25].map((s) => riskBand(rules, s))).toEqual(['stormy', 'stormy']);
    expect(riskBand(rules, null)).toBeNull();
    expect(riskBand(rules, 0)).toBeNull();
    expect(bandLabel(rules, 'stormy')).toBe('Stormy');
    expect(bandsHighestFirst(rules)).toEqual(['stormy', 'calm']);
  });
  it('counts risks per heat-map cell and band', () => {
    const risks = [
      { likelihood: 3, impact: 3 },
      { likelihood: 3, impact: 4 },
      { likelihood: 3, impact: 4 },
      { likelihood: 1, impact: 5 },
      { likelihood: null, impact: 2 },
    ];
    const { counts, unrated } = heatmap(risks);
    expect(counts[2][3]).toBe(2);
    expect(counts[2][2]).toBe(1);
    expect(counts[0][4]).toBe(1);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(unrated).toBe(1);
    expect(bandCounts(rules, risks)).toEqual({ calm: 1, stormy: 3 });
  });
});
