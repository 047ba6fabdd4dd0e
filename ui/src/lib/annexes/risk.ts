// Risk scores and their bands. The bands are the Fund's, from the template;
// the core works out each score's band once (`score_bands`), so the screen
// and the PDF always agree.

import type { RiskRules } from '../backend/bindings/RiskRules';
import { tx } from '../i18n';

type Bands = Pick<RiskRules, 'bands' | 'score_bands'>;

/** Likelihood × impact, or null while either is unset. */
export function riskScore(likelihood: number | null, impact: number | null): number | null {
  return likelihood && impact ? likelihood * impact : null;
}

/** The id of the band a score falls in, as the core gave it; null when unrated. */
export function riskBand(rules: Bands, score: number | null): string | null {
  if (score === null) return null;
  return rules.score_bands[score] ?? null;
}

/** The band's name in the interface's language. */
export function bandLabel(rules: Bands, id: string): string {
  return tx(rules.bands.find((b) => b.id === id)?.label);
}

/** Band ids, highest first, as the summary lists them. */
export function bandsHighestFirst(rules: Bands): string[] {
  return rules.bands.map((b) => b.id).reverse();
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
export function bandCounts(rules: Bands, risks: readonly Rated[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(rules.bands.map((b) => [b.id, 0]));
  for (const r of risks) {
    const b = riskBand(rules, riskScore(r.likelihood, r.impact));
    if (b) out[b] = (out[b] ?? 0) + 1;
  }
  return out;
}
