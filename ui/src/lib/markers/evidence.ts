// What a marker answer can point at as evidence: narrative fields, results,
// indicators, activities and risks, each by JSON pointer with a readable label.
import type { Proposal } from '../backend/bindings/Proposal';
import type { Template } from '../backend/bindings/Template';

export interface EvidenceOption {
  path: string;
  label: string;
  group: 'sections' | 'results' | 'risks';
}

type Tx = (text: Record<string, string> | undefined) => string;

export function evidenceOptions(p: Proposal, tpl: Template, tx: Tx): EvidenceOption[] {
  const out: EvidenceOption[] = [];
  for (const s of tpl.sections) {
    if (s.kind === 'narrative') {
      for (const f of s.fields) {
        const key = `${s.id}.${f.id}`;
        if (p.narrative[key]) out.push({ path: `/narrative/${key}`, label: s.fields.length > 1 ? `${tx(s.title)} — ${tx(f.label)}` : tx(s.title), group: 'sections' });
      }
    } else if (s.kind === 'principles') {
      for (const pr of tpl.guiding_principles) {
        const key = `${s.id}.${pr.id}`;
        if (p.narrative[key]) out.push({ path: `/narrative/${key}`, label: `${tx(s.title)} — (${pr.id}) ${tx(pr.title)}`, group: 'sections' });
      }
    }
  }
  p.results_framework.outcomes.forEach((oc, i) => {
    const base = `/results_framework/outcomes/${i}`;
    out.push({ path: base, label: `Outcome ${i + 1}: ${oc.title}`, group: 'results' });
    oc.indicators.forEach((ind, k) => out.push({ path: `${base}/indicators/${k}`, label: `Outcome ${i + 1}, indicator ${k + 1}: ${ind.text}`, group: 'results' }));
    oc.outputs.forEach((op, j) => {
      const ob = `${base}/outputs/${j}`;
      out.push({ path: ob, label: `Output ${i + 1}.${j + 1}: ${op.title}`, group: 'results' });
      op.indicators.forEach((ind, k) => out.push({ path: `${ob}/indicators/${k}`, label: `Output ${i + 1}.${j + 1}, indicator ${k + 1}: ${ind.text}`, group: 'results' }));
      op.activities.forEach((a, k) => out.push({ path: `${ob}/activities/${k}`, label: `Activity ${i + 1}.${j + 1}.${k + 1}: ${a.title}`, group: 'results' }));
    });
  });
  p.risk_matrix.risks.forEach((r, i) => out.push({ path: `/risk_matrix/risks/${i}`, label: `Risk ${i + 1}: ${r.description}`, group: 'risks' }));
  return out;
}

/** A label for a stored evidence path, or the path itself when it no longer exists. */
export function evidenceLabel(options: EvidenceOption[], path: string): { label: string; missing: boolean } {
  const o = options.find((x) => x.path === path);
  return o ? { label: o.label, missing: false } : { label: path, missing: true };
}
