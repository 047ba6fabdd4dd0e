// The rows of a proposal as the co-authoring screens name them: what a PUNO
// is given to write, where a collision or an author's change sits.
import type { Proposal, Step, Template } from '../backend';
import { t, tx } from '../i18n';
import { coverFieldLabel, rowFieldLabel, type LabelTemplate } from '../history/labels';

export type Table = 'lines' | 'activities' | 'outputs' | 'indicators' | 'risks' | 'outcomes';

const TABLES = ['lines', 'activities', 'outputs', 'indicators', 'risks', 'outcomes'];

export interface Row {
  id: string;
  table: Table;
  /** The row's own words: a budget line's description, an activity's title. */
  label: string;
}

/** Every row of the proposal that can be given to a PUNO, in document order. */
export function rowsOf(p: Proposal): Row[] {
  const out: Row[] = [];
  const text = (s: string, fallback: string) => s.trim() || fallback;
  for (const [oi, outcome] of p.results_framework.outcomes.entries()) {
    out.push({ id: outcome.id, table: 'outcomes', label: text(outcome.title, t('team.untitled.outcome', { n: oi + 1 })) });
    for (const i of outcome.indicators) out.push({ id: i.id, table: 'indicators', label: text(i.text, t('team.untitled.indicator')) });
    for (const [pi, output] of outcome.outputs.entries()) {
      const n = `${oi + 1}.${pi + 1}`;
      out.push({ id: output.id, table: 'outputs', label: `${n} ${text(output.title, t('team.untitled.output'))}` });
      for (const i of output.indicators) out.push({ id: i.id, table: 'indicators', label: text(i.text, t('team.untitled.indicator')) });
      for (const a of output.activities) out.push({ id: a.id, table: 'activities', label: text(a.title, t('team.untitled.activity')) });
    }
  }
  for (const l of p.budget.lines) out.push({ id: l.id, table: 'lines', label: text(l.description, t('team.untitled.line')) });
  for (const r of p.risk_matrix.risks) out.push({ id: r.id, table: 'risks', label: text(r.description, t('team.untitled.risk')) });
  return out;
}

/** The narrative fields a share can give, as `section.field` with their names. */
export function narrativeFields(template: Template, kind: string): { key: string; label: string }[] {
  const def = template.document_kinds.find((k) => k.id === kind);
  const out: { key: string; label: string }[] = [];
  for (const s of template.sections) {
    if (def && !def.sections.includes(s.id)) continue;
    if (s.kind === 'narrative') {
      for (const f of s.fields) {
        out.push({ key: `${s.id}.${f.id}`, label: s.fields.length > 1 ? `${tx(s.title)} · ${tx(f.label)}` : tx(s.title) });
      }
    } else if (s.kind === 'principles') {
      for (const g of template.guiding_principles) out.push({ key: `${s.id}.${g.id}`, label: `${tx(s.title)} · ${tx(g.title)}` });
    }
  }
  return out;
}

/** Where a merge path points, in words: "Budget line “Training” · unit cost". */
export function placeOf(path: Step[], p: Proposal, template: Template): string {
  const keys = path.filter((s): s is string => typeof s === 'string');
  const [top] = keys;
  if (top === 'narrative' && keys[1]) {
    return narrativeFields(template, p.kind).find((f) => f.key === keys[1])?.label ?? keys[1];
  }
  if (top === 'cover' && keys[1]) return coverFieldLabel(keys[1], template as LabelTemplate);
  const rows = rowsOf(p);
  let last: { row: Row | undefined; table: string; id: string } | null = null;
  let field = '';
  for (const [i, s] of path.entries()) {
    if (typeof s === 'string') {
      field = s;
      continue;
    }
    const table = typeof path[i - 1] === 'string' ? (path[i - 1] as string) : '';
    last = { row: rows.find((r) => r.id === s.id), table, id: s.id };
    field = '';
  }
  if (!last) {
    const end = keys[keys.length - 1] ?? '';
    return TABLES.includes(end) ? t(`team.table.${end}`) : keys.join(' · ');
  }
  const table = last.row?.table ?? last.table;
  const name = TABLES.includes(table)
    ? t(`team.row.${table}`, { label: last.row?.label ?? last.id })
    : (last.row?.label ?? last.id);
  return field ? `${name} · ${rowFieldLabel(field)}` : name;
}

/** The ids of the rows a JSON pointer passes through in the proposal, outermost first. */
export function rowIdsAt(p: Proposal, pointer: string): string[] {
  const out: string[] = [];
  let node: unknown = p;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') break;
    node = Array.isArray(node) ? node[Number(key)] : (node as Record<string, unknown>)[key];
    const id = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>).id : undefined;
    if (typeof id === 'string') out.push(id);
  }
  return out;
}

/**
 * Whether a problem at `pointer` is in a PUNO's part: a row it owns (as the
 * core's assignment counts them, `owned`) or a narrative field given to it.
 */
export function inPart(p: Proposal, pointer: string, owned: ReadonlySet<string>, narrative: readonly string[]): boolean {
  const m = /^\/narrative\/([^/]+)/.exec(pointer);
  if (m) return narrative.includes(m[1].replace(/~1/g, '/').replace(/~0/g, '~'));
  return rowIdsAt(p, pointer).some((id) => owned.has(id));
}
