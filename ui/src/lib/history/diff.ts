// The narrative side of a comparison: changed fields grouped under their
// sections in the template's order, and long unchanged stretches folded so
// that a one-word change in a two-page text is easy to find.
import type { Template } from '../backend';
import type { Comparison } from '../backend/bindings/Comparison';
import type { DiffOp } from '../backend/bindings/DiffOp';
import type { TextChange } from '../backend/bindings/TextChange';
import { tx } from '../i18n';

/** A run of text to show, or a fold: `paragraphs` whole unchanged paragraphs, or (0) part of one. */
export type Piece = DiffOp | { kind: 'fold'; paragraphs: number };

/** Words of context kept on each side of a change. */
export const CONTEXT_WORDS = 25;

const BREAK = /(\n[ \t]*\n\s*)/;

/** The first `n` words of `s` and whether anything was cut. */
function head(s: string, n: number): [string, boolean] {
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = re.exec(s))) {
    if (++count === n) {
      const end = m.index + m[0].length;
      return /\S/.test(s.slice(end)) ? [s.slice(0, end), true] : [s, false];
    }
  }
  return [s, false];
}

/** The last `n` words of `s` and whether anything was cut. */
function tail(s: string, n: number): [string, boolean] {
  const starts = [...s.matchAll(/\S+/g)].map((m) => m.index ?? 0);
  if (starts.length <= n) return [s, false];
  return [s.slice(starts[starts.length - n]), true];
}

/** How many words `s` holds. */
const words = (s: string) => (s.match(/\S+/g) ?? []).length;

/**
 * Folds the unchanged runs of a diff: each keeps `context` words next to
 * the changes around it (from the nearest paragraph that has words), and
 * whole unchanged paragraphs between changes become one fold that says how
 * many there were. Changes are never folded.
 */
export function condense(ops: readonly DiffOp[], context = CONTEXT_WORDS): Piece[] {
  const out: Piece[] = [];
  const text = (s: string) => s && out.push({ kind: 'same', text: s });
  ops.forEach((op, i) => {
    const before = i > 0;
    const after = i < ops.length - 1;
    if (op.kind !== 'same' || (!before && !after)) {
      out.push(op);
      return;
    }
    const parts = op.text.split(BREAK);
    const paras = parts.filter((_, k) => k % 2 === 0);
    const last = paras.length - 1;
    const blank = (k: number) => !paras[k]?.trim();
    // The paragraphs that touch the change before and the change after.
    const a = !before ? -1 : blank(0) && last > 0 ? 1 : 0;
    const b = !after ? last + 1 : blank(last) && last > 0 ? last - 1 : last;
    const skipped = (k: number) => k > a && k < b;
    // The skipped paragraphs (one run between a and b) become one fold.
    const run = { kind: 'fold' as const, paragraphs: 0 };
    paras.forEach((p, k) => {
      if (skipped(k)) {
        if (!skipped(k - 1)) out.push(run);
        if (p.trim()) run.paragraphs++;
      } else if (k === a && k === b) {
        if (words(p) <= context * 2) text(p);
        else {
          text(head(p, context)[0]);
          out.push({ kind: 'fold', paragraphs: 0 });
          text(tail(p, context)[0]);
        }
      } else if (k === a) {
        const [kept, cut] = head(p, context);
        text(kept);
        if (cut) out.push({ kind: 'fold', paragraphs: 0 });
      } else if (k === b) {
        const [kept, cut] = tail(p, context);
        if (cut) out.push({ kind: 'fold', paragraphs: 0 });
        text(kept);
      } else {
        text(p);
      }
      if (k < last && !(skipped(k) && skipped(k + 1))) text(parts[2 * k + 1]);
    });
    // Only blank paragraphs skipped: nothing worth a fold.
    if (run.paragraphs === 0 && out.includes(run)) out.splice(out.indexOf(run), 1);
  });
  return out;
}

export interface NarrativeField {
  key: string;
  /** The field's label, or null when it would only repeat the section's title. */
  label: string | null;
  change: TextChange;
}

export interface NarrativeGroup {
  section: string;
  title: string;
  fields: NarrativeField[];
}

/** Changed narrative fields under their sections, in the template's order (unknown ones last). */
export function narrativeGroups(
  changes: readonly TextChange[],
  template: Pick<Template, 'sections' | 'guiding_principles'>,
): NarrativeGroup[] {
  const groups: NarrativeGroup[] = [];
  const order = (sid: string) => {
    const i = template.sections.findIndex((s) => s.id === sid);
    return i < 0 ? template.sections.length : i;
  };
  const fieldOrder = (c: TextChange) => {
    const s = template.sections.find((x) => x.id === c.section);
    const fid = c.key.slice(c.section.length + 1);
    const list = s?.kind === 'principles' ? template.guiding_principles : (s?.fields ?? []);
    const i = list.findIndex((f) => f.id === fid);
    return i < 0 ? list.length : i;
  };
  const sorted = [...changes].sort((a, b) => order(a.section) - order(b.section) || fieldOrder(a) - fieldOrder(b) || (a.key < b.key ? -1 : 1));
  for (const change of sorted) {
    const section = template.sections.find((s) => s.id === change.section);
    const title = tx(section?.title) || change.section;
    let group = groups.find((g) => g.section === change.section);
    if (!group) {
      group = { section: change.section, title, fields: [] };
      groups.push(group);
    }
    const fid = change.key.slice(change.section.length + 1);
    const label =
      section?.kind === 'principles'
        ? tx(template.guiding_principles.find((p) => p.id === fid)?.title) || fid
        : tx(section?.fields.find((f) => f.id === fid)?.label) || fid;
    group.fields.push({ key: change.key, label: label === title ? null : label, change });
  }
  return groups;
}

/** How much differs, part by part, for the comparison's summary line. */
export function changeCounts(c: Comparison) {
  return {
    cover: c.cover.length,
    narrative: c.narrative.length,
    rows: c.tables.reduce((n, tb) => n + tb.rows.length, 0),
    budget: c.budget.filter((b) => b.before !== b.after).length,
    markers: c.markers.length,
  };
}
