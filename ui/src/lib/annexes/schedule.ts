// Programme time: quarters and years counted from the start of the
// programme, and their calendar months when a start date is known.

/** Programme quarters in a duration (30 months → 10), or null when unknown. */
export function quarterCount(durationMonths: number | null | undefined): number | null {
  return durationMonths && durationMonths > 0 ? Math.ceil(durationMonths / 3) : null;
}

/** Programme years in a duration (30 months → 3), or null when unknown. */
export function yearCount(durationMonths: number | null | undefined): number | null {
  return durationMonths && durationMonths > 0 ? Math.ceil(durationMonths / 12) : null;
}

/** The list 1..n. */
export function range1(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i + 1);
}

export interface YearMonth {
  year: number;
  /** 1 to 12. */
  month: number;
}

function parseStart(startDate: string | null | undefined): YearMonth | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate ?? '');
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year, month } : null;
}

function addMonths(ym: YearMonth, n: number): YearMonth {
  const total = ym.year * 12 + (ym.month - 1) + n;
  return { year: Math.floor(total / 12), month: (total % 12) + 1 };
}

/** The first and last calendar months of programme quarter `q` (1-based). */
export function quarterMonths(startDate: string | null | undefined, q: number): { from: YearMonth; to: YearMonth } | null {
  const start = parseStart(startDate);
  if (!start || q < 1) return null;
  const from = addMonths(start, (q - 1) * 3);
  return { from, to: addMonths(from, 2) };
}

/** A month's short name in `locale` ("Apr"). */
export function monthName(month: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
}

/**
 * The calendar months of programme quarter `q`: "Apr–Jun 2027", or
 * "Nov 2027–Jan 2028" across a new year; null without a start date.
 */
export function quarterCalendar(startDate: string | null | undefined, q: number, locale = 'en'): string | null {
  const r = quarterMonths(startDate, q);
  if (!r) return null;
  const from = monthName(r.from.month, locale);
  const to = monthName(r.to.month, locale);
  return r.from.year === r.to.year ? `${from}–${to} ${r.to.year}` : `${from} ${r.from.year}–${to} ${r.to.year}`;
}

/** A quarter list with `q` switched on or off: sorted, each quarter once. */
export function toggleQuarter(quarters: readonly number[], q: number, on = !quarters.includes(q)): number[] {
  const set = new Set(quarters.filter((x) => x !== q));
  if (on) set.add(q);
  return [...set].sort((a, b) => a - b);
}

/** Quarters after the end of the programme (none when the duration is unknown). */
export function quartersOutOfRange(quarters: readonly number[], count: number | null): number[] {
  return count === null ? [] : quarters.filter((q) => q > count);
}

/**
 * Columns the workplan shows: every programme quarter, plus any later quarter
 * an activity still names, so nothing scheduled is hidden. Without a
 * duration, `fallback` quarters.
 */
export function workplanColumns(count: number | null, used: Iterable<number>, fallback = 12): number[] {
  let n = count ?? fallback;
  for (const q of used) if (q > n) n = q;
  return range1(n);
}

/** A year as typed: null for empty, a number for 1900 to 2200, undefined otherwise. */
export function parseYear(s: string): number | null | undefined {
  const v = s.trim();
  if (v === '') return null;
  if (!/^\d{4}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1900 && n <= 2200 ? n : undefined;
}
