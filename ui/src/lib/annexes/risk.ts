// Risk scores and bands: likelihood × impact, each 1 to 5.

export type RiskBand = 'low' | 'medium' | 'high' | 'very_high';

export const RISK_BANDS: RiskBand[] = ['very_high', 'high', 'medium', 'low'];

/** Likelihood × impact, or null while either is unset. */
export function riskScore(likelihood: number | null, impact: number | null): number | null {
  return likelihood && impact ? likelihood * impact : null;
}

/** Low 1–4, medium 5–9, high 10–16, very high 20–25. */
export function riskBand(score: number | null): RiskBand | null {
  if (score === null || score < 1) return null;
  if (score <= 4) return 'low';
  if (score <= 9) return 'medium';
  if (score <= 16) return 'high';
  return 'very_high';
}

export interface Rated {
  likelihood: number | null;
  impact: number | null;
}

/** Risks per cell: `counts[likelihood - 1][impact - 1]`; unrated risks apart. */
export function heatmap(risks: readonly Rated[]): { counts: number[][]; unrated: number } {
  const counts = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  let unrated = 0;
  for (const r of risks) {
    const l = r.likelihood ?? 0;
    const i = r.impact ?? 0;
    if (l >= 1 && l <= 5 && i >= 1 && i <= 5) counts[l - 1][i - 1]++;
    else unrated++;
  }
  return { counts, unrated };
}

/** How many risks fall in each band. */
export function bandCounts(risks: readonly Rated[]): Record<RiskBand, number> {
  const out: Record<RiskBand, number> = { low: 0, medium: 0, high: 0, very_high: 0 };
  for (const r of risks) {
    const b = riskBand(riskScore(r.likelihood, r.impact));
    if (b) out[b]++;
  }
  return out;
}
