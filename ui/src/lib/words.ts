/** Words as the core counts them: whitespace-separated runs holding a letter or digit. */
export function countWords(text: string): number {
  let n = 0;
  for (const w of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(w)) n++;
  return n;
}

/** The GCM objectives with the thematic area's defaults first. */
export function orderObjectives<T extends { number: number }>(all: T[], suggested: number[]): { suggested: T[]; other: T[] } {
  return {
    suggested: all.filter((o) => suggested.includes(o.number)),
    other: all.filter((o) => !suggested.includes(o.number)),
  };
}

/** The date `months` after an ISO date, or null. */
export function addMonths(iso: string | null, months: number | null): string | null {
  if (!iso || !months) return null;
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return null;
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
