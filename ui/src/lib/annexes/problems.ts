// Picking the problems a field, a row or a block of an annex should show.
import type { Problem } from '../backend/bindings/Problem';

const under = (p: string, path: string) => p === path || p.startsWith(`${path}/`);

/** The problems at exactly `path` (for a list, not its items). */
export function exactly(problems: readonly Problem[], path: string): Problem[] {
  return problems.filter((p) => p.path === path);
}

/** True when a blocking problem concerns `path` or anything under it. */
export function blocks(problems: readonly Problem[], path: string): boolean {
  return problems.some((p) => p.severity === 'blocking' && under(p.path, path));
}

/** How many problems concern `path` or anything under it. */
export function countProblems(problems: readonly Problem[], path: string): number {
  let n = 0;
  for (const p of problems) if (under(p.path, path)) n++;
  return n;
}

/** Problems grouped by the list position they point into ("/budget/lines/12/…" → 12). */
export function byIndex(problems: readonly Problem[], listPath: string): Map<number, Problem[]> {
  const out = new Map<number, Problem[]>();
  const prefix = `${listPath}/`;
  for (const p of problems) {
    if (!p.path.startsWith(prefix)) continue;
    const i = Number.parseInt(p.path.slice(prefix.length), 10);
    if (!Number.isInteger(i)) continue;
    const list = out.get(i);
    if (list) list.push(p);
    else out.set(i, [p]);
  }
  return out;
}

/** Rejected changes (path → message) at or under `path`, as one text. */
export function rejectedUnder(rejected: Record<string, string>, path: string): string {
  return Object.entries(rejected)
    .filter(([p]) => under(p, path))
    .map(([, m]) => m)
    .join(' ');
}
