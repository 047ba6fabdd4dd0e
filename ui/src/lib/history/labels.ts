// Words for what the core's comparison names by id: why a version was
// taken, which field or table changed, what a stored value means. The core
// reports dotted field names and readable values; these helpers put the
// template's and the interface's words on them.
import type { Template } from '../backend';
import type { VersionReason } from '../backend/bindings/VersionReason';
import { catalogues, t, tx } from '../i18n';
import { amounts } from '../annexes/amounts.svelte';

/** The template parts the labels read. */
export type LabelTemplate = Pick<
  Template,
  'cover_fields' | 'thematic_areas' | 'budget' | 'risk_matrix' | 'human_rights_marker'
>;

/** A message key's text when the catalogue has it, else null. */
function known(key: string, params: Record<string, string | number> = {}): string | null {
  return key in catalogues.en ? t(key, params) : null;
}

/** "unit_cost" → "unit cost": the last resort for a name no catalogue knows. */
const plain = (name: string) => name.replace(/[._]/g, ' ').trim();

/** Why an automatic version was taken; null for one saved by hand. */
export function reasonLabel(reason: VersionReason): string | null {
  switch (reason) {
    case 'export':
      return t('history.reason.export');
    case 'review':
      return t('history.reason.review');
    case 'restore':
      return t('history.reason.restore');
    case 'share':
      return t('history.reason.share');
    case 'import':
      return t('history.reason.import');
    default:
      return null;
  }
}

/** A cover field's label: the template's, with the part of a contact ("Contact person · Email"). */
export function coverFieldLabel(field: string, template: LabelTemplate): string {
  const [first, ...rest] = field.split('.');
  const def = template.cover_fields.find((f) => f.id === first);
  const base = tx(def?.label) || plain(first);
  if (!rest.length) return base;
  const sub = rest.join('.');
  return `${base} · ${known(`history.sub.${sub}`) ?? plain(sub)}`;
}

/** The title of one of the core's compared tables. */
export function tableTitle(table: string): string {
  return known(`history.table.${table}`) ?? plain(table);
}

/** A table row's field ("baseline.value" → "Baseline"). */
export function rowFieldLabel(field: string): string {
  return known(`history.field.${field}`) ?? plain(field);
}

/** A marker answer's field: a Human Rights Marker criterion (by its number) or the Gender Marker's. */
export function markerFieldLabel(field: string, template: LabelTemplate): string {
  const parts = field.split('.');
  if (parts[0] === 'human_rights' && parts[1] === 'criteria' && parts.length >= 3) {
    const i = template.human_rights_marker.criteria.findIndex((c) => c.id === parts[2]);
    const criterion = i >= 0 ? t('history.marker.criterion', { n: i + 1 }) : plain(parts[2]);
    const what = parts.slice(3).join('.');
    return what ? `${criterion} · ${known(`history.marker.${what}`) ?? plain(what)}` : criterion;
  }
  if (parts[0] === 'gender') return known(`history.marker.gender.${parts.slice(1).join('.')}`) ?? plain(field);
  return plain(field);
}

/** The full question of a Human Rights Marker criterion named in `field`, if any. */
export function markerQuestion(field: string, template: LabelTemplate): string {
  const [part, list, id] = field.split('.');
  if (part !== 'human_rights' || list !== 'criteria') return '';
  return tx(template.human_rights_marker.criteria.find((c) => c.id === id)?.question);
}

/** Where a compared value comes from, to read it in its own terms. */
export type ValueScope = 'cover' | 'markers' | string;

/**
 * A value as people read it: template ids become their titles, yes and no
 * are translated, unit costs are grouped. Empty stays empty (the view says
 * so in its own words).
 */
export function readValue(scope: ValueScope, field: string, value: string, template: LabelTemplate): string {
  if (value === '') return '';
  if (value === 'yes') return t('history.value.yes');
  if (value === 'no') return t('history.value.no');
  const last = field.split('.').pop() ?? field;
  const number = /^\d+$/.test(value) ? Number(value) : null;
  if (scope === 'cover' && field === 'thematic_area' && number !== null) {
    const area = template.thematic_areas.find((a) => a.id === number);
    return area ? `${area.id}. ${tx(area.title)}` : value;
  }
  if (scope === 'markers' && last === 'level') {
    return tx(template.human_rights_marker.levels.find((l) => l.id === value)?.label) || value;
  }
  if (scope === 'budget_lines') {
    if (field === 'category' && number !== null) {
      const title = tx(template.budget.categories.find((c) => c.id === number)?.title);
      return title ? `${number}. ${title}` : value;
    }
    if (field === 'unit_cost') return amounts.usd(value);
    if (field === 'gender_share' && number !== null) return amounts.percent(number);
  }
  if (scope === 'risks') {
    if (field === 'category') return tx(template.risk_matrix.categories.find((c) => c.id === value)?.label) || value;
    if ((field === 'likelihood' || field === 'impact') && number !== null) {
      const label = tx(template.risk_matrix[field][number - 1]);
      return label ? `${number} · ${label}` : value;
    }
  }
  return value;
}
