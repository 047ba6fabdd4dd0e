// The budget side of a comparison: the core's figures grouped and named,
// with the difference of each in exact cents (never a binary float).
import type { Template } from '../backend';
import type { BudgetFigure } from '../backend/bindings/BudgetFigure';
import { t, tx } from '../i18n';
import { amounts } from '../annexes/amounts.svelte';

export type FigureGroup = 'totals' | 'category' | 'puno';

export interface FigureRow {
  key: string;
  label: string;
  before: string;
  after: string;
  /** after − before in cents, the core's. */
  difference: bigint;
  changed: boolean;
}

/** Which group a figure's key belongs to. */
export function figureGroup(key: string): FigureGroup {
  if (key.startsWith('category:')) return 'category';
  if (key.startsWith('puno:')) return 'puno';
  return 'totals';
}

/** A figure's name: totals in words, categories by their template title, PUNOs by their code. */
export function figureLabel(key: string, template: Pick<Template, 'budget'>): string {
  if (key === 'direct') return t('history.budget.direct');
  if (key === 'indirect') return t('history.budget.indirect', { rate: amounts.percent(template.budget.indirect_rate_percent) });
  if (key === 'total') return t('history.budget.total');
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (kind === 'category') {
    if (id === 'unset') return t('history.budget.noCategory');
    const title = tx(template.budget.categories.find((c) => String(c.id) === id)?.title);
    return title ? `${id}. ${title}` : id;
  }
  if (kind === 'puno') return id.trim() || t('history.budget.noPuno');
  return key;
}

/** Categories in the template's order, unknown ones after, "unset" last; PUNOs by code, none last. */
function rank(key: string, template: Pick<Template, 'budget'>): [number, string] {
  const id = key.slice(key.indexOf(':') + 1);
  if (figureGroup(key) === 'category') {
    const i = template.budget.categories.findIndex((c) => String(c.id) === id);
    return [i >= 0 ? i : id === 'unset' ? 2000 : 1000, id];
  }
  if (figureGroup(key) === 'puno') return [id.trim() ? 0 : 1, id];
  return [['direct', 'indirect', 'total'].indexOf(key), key];
}

/** The figures in three groups (totals, by category, by PUNO), each in reading order; empty groups left out. */
export function figureGroups(figures: readonly BudgetFigure[], template: Pick<Template, 'budget'>): { group: FigureGroup; rows: FigureRow[] }[] {
  const groups: FigureGroup[] = ['totals', 'category', 'puno'];
  return groups
    .map((group) => ({
      group,
      rows: figures
        .filter((f) => figureGroup(f.key) === group)
        .sort((x, y) => {
          const [a, b] = [rank(x.key, template), rank(y.key, template)];
          return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
        })
        .map((f) => {
          const difference = BigInt(f.difference);
          return {
            key: f.key,
            label: figureLabel(f.key, template),
            before: f.before,
            after: f.after,
            difference,
            changed: difference !== 0n,
          };
        }),
    }))
    .filter((g) => g.rows.length > 0);
}
