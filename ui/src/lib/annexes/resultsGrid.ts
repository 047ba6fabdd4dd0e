// The results framework's leaves as grid rows: every activity (for the
// workplan) or every indicator (of outcomes and outputs), in the
// framework's order, with its place in the tree and its JSON pointer.

import type { Outcome } from '../backend/bindings/Outcome';
import type { Activity } from '../backend/bindings/Activity';
import type { Indicator } from '../backend/bindings/Indicator';
import type { Numbering } from './results';

export interface ItemRow {
  kind: 'activities' | 'indicators';
  item: Activity | Indicator;
  /** The item's pointer ("/results_framework/outcomes/0/outputs/1/activities/2"). */
  path: string;
  /** Its number ("1.2.3"; "1.2 a" for an indicator). */
  number: string;
  outcomeNumber: string;
  /** Null for an outcome's own indicator. */
  outputNumber: string | null;
  i: number;
  j: number | null;
  k: number;
}

export function itemRows(outcomes: readonly Outcome[], kind: 'activities' | 'indicators', n: Numbering): ItemRow[] {
  const out: ItemRow[] = [];
  const base = '/results_framework/outcomes';
  outcomes.forEach((oc, i) => {
    if (kind === 'indicators') {
      oc.indicators.forEach((item, k) =>
        out.push({ kind, item, path: `${base}/${i}/indicators/${k}`, number: n.at(`${base}/${i}/indicators/${k}`), outcomeNumber: n.outcome(i), outputNumber: null, i, j: null, k }),
      );
    }
    oc.outputs.forEach((op, j) => {
      const list = kind === 'activities' ? op.activities : op.indicators;
      list.forEach((item, k) =>
        out.push({
          kind,
          item,
          path: `${base}/${i}/outputs/${j}/${kind}/${k}`,
          number: n.at(`${base}/${i}/outputs/${j}/${kind}/${k}`),
          outcomeNumber: n.outcome(i),
          outputNumber: n.output(i, j),
          i,
          j,
          k,
        }),
      );
    });
  });
  return out;
}

/** The field under an item that a grid column writes ("baseline_year" → "baseline/year", "q3" → "quarters"). */
export function fieldPath(key: string): string {
  if (/^q\d+$/.test(key)) return 'quarters';
  if (key === 'baseline' || key === 'target') return `${key}/value`;
  if (key === 'baseline_year') return 'baseline/year';
  if (key === 'target_year') return 'target/year';
  if (key === 'number') return '';
  return key;
}

/** A quarter cell typed or pasted: empty, 0, a dash or a "no" in any of the app's languages is off; anything else on. */
export const isOn = (text: string) => !/^\s*(|0|-|–|no|non|false|faux|falso)\s*$/i.test(text);

/**
 * A calendar year typed or pasted: null when empty, undefined when it is
 * not four digits. Which years are allowed is the core's to say: a year
 * it refuses comes back as a refused change with its reason.
 */
export function yearOf(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  return /^\d{4}$/.test(t) ? Number(t) : undefined;
}
