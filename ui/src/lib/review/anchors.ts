// What a review comment is anchored to, as the UI keys and reads it. The
// Rust core decides what an anchor's text is; these helpers only group and
// display.
import type { Anchor } from '../backend/bindings/Anchor';

/** One key per target, to count and find the comments on it. */
export function anchorKey(a: Pick<Anchor, 'kind' | 'path' | 'paragraph'>): string {
  return `${a.kind}|${a.path}|${a.paragraph ?? ''}`;
}

/** The section a target belongs to, so the editor can go there. */
export function sectionOf(a: Pick<Anchor, 'kind' | 'path'>, narrativeSection: (key: string) => string | null): string | null {
  if (a.kind === 'section') return a.path;
  const parts = a.path.split('/');
  switch (parts[1]) {
    case 'cover':
      return 'cover';
    case 'narrative':
      return narrativeSection(decodeURIComponent(parts[2] ?? '').replace(/~1/g, '/').replace(/~0/g, '~'));
    case 'results_framework':
      return parts.includes('activities') ? 'annex_workplan' : 'annex_results_framework';
    case 'risk_matrix':
      return 'annex_risk_matrix';
    case 'budget':
      return 'annex_budget';
    case 'markers':
      return parts[2] === 'gender' ? 'annex_gender_marker' : 'annex_human_rights_marker';
    default:
      return null;
  }
}

/** Counts comments per anchor key. */
export function countByAnchor(anchors: Pick<Anchor, 'kind' | 'path' | 'paragraph'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of anchors) counts[anchorKey(a)] = (counts[anchorKey(a)] ?? 0) + 1;
  return counts;
}

/** Text fields a reviewer may suggest a replacement for (the core checks again on accepting). */
const TEXT_FIELDS = new Set(['/cover/title', '/cover/short_title']);

export function takesText(a: Pick<Anchor, 'kind' | 'path'>): boolean {
  return a.kind === 'paragraph' || (a.kind === 'field' && (TEXT_FIELDS.has(a.path) || a.path.startsWith('/narrative/')));
}
