import { describe, it, expect } from 'vitest';
import { riskScore, riskBand, heatmap, bandCounts } from './risk';

describe('risk scores', () => {
  it('multiplies likelihood by impact', () => {
    expect(riskScore(3, 4)).toBe(12);
    expect(riskScore(null, 4)).toBeNull();
    expect(riskScore(3, null)).toBeNull();
  });
  it('bands every possible score', () => {
    const band = (s: number) => riskBand(s);
    expect([1, 2, 3, 4].map(band)).toEqual(['low', 'low', 'low', 'low']);
    expect([5, 6, 8, 9].map(band)).toEqual(['medium', 'medium', 'medium', 'medium']);
    expect([10, 12, 15, 16].map(band)).toEqual(['high', 'high', 'high', 'high']);
    expect([20, 25].map(band)).toEqual(['very_high', 'very_high']);
    expect(riskBand(null)).toBeNull();
  });
  it('counts risks per heat-map cell and band', () => {
    const risks = [
      { likelihood: 3, impact: 3 },
      { likelihood: 3, impact: 4 },
      { likelihood: 3, impact: 4 },
      { likelihood: 5, impact: 5 },
      { likelihood: null, impact: 2 },
    ];
    const { counts, unrated } = heatmap(risks);
    expect(counts[2][3]).toBe(2);
    expect(counts[2][2]).toBe(1);
    expect(counts[4][4]).toBe(1);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(unrated).toBe(1);
    expect(bandCounts(risks)).toEqual({ low: 0, medium: 1, high: 2, very_high: 1 });
  });
});
