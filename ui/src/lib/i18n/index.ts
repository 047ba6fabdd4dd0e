import { IntlMessageFormat } from 'intl-messageformat';
import type { DateFormat } from '../backend/bindings/DateFormat';
import type { UnEntity } from '../backend/bindings/UnEntity';
// Every user-visible string goes through t(). Languages are JSON files with
// the same keys (a test fails on a key missing from any language); a missing
// key shows the English text, never an empty space.
import enMain from './en.json';
import enAnnexes from './annexes.en.json';
import enReview from './review.en.json';
import enHistory from './history.en.json';
import enTeam from './team.en.json';

type Messages = Record<string, string>;
// Each area keeps its strings in its own file; a language is their union.
// Other languages are found by file name: fr.json, annexes.fr.json, ...
const files = import.meta.glob('./*.json', { eager: true, import: 'default' }) as Record<string, Messages>;
const en: Messages = { ...enMain, ...enAnnexes, ...enReview, ...enHistory, ...enTeam };

function collect(): Record<string, Messages> {
  const out: Record<string, Messages> = { en };
  for (const [path, messages] of Object.entries(files)) {
    const m = /\.\/(?:(\w+)\.)?(\w\w)\.json$/.exec(path);
    if (!m || m[2] === 'en') continue;
    out[m[2]] = { ...(out[m[2]] ?? {}), ...messages };
  }
  return out;
}

export const catalogues: Record<string, Messages> = collect();

/** Languages written right to left; the layout uses logical properties, so `dir` is all it takes. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

let current = 'en';

/** The interface languages available. */
export function languages(): string[] {
  return Object.keys(catalogues);
}

/** The first of the system's preferred languages that the app has, else English. */
export function systemLanguage(preferred: readonly string[] = navigator.languages ?? [navigator.language]): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base in catalogues) return base;
  }
  return 'en';
}

export function setLanguage(lang: string) {
  current = lang in catalogues ? lang : 'en';
  if (typeof document === 'undefined') return;
  document.documentElement.lang = current;
  document.documentElement.dir = RTL.has(current) ? 'rtl' : 'ltr';
}

export function language(): string {
  return current;
}

/** A message that chooses its words by a number: ICU MessageFormat's `plural` or `select`. */
const CHOOSES = /\{\s*\w+\s*,\s*(?:plural|selectordinal|select)\s*,/;
const compiled = new Map<string, IntlMessageFormat>();

/**
 * The message `key` in the interface language, with `{name}` replaced by
 * `params[name]`. A message written in ICU MessageFormat (`{count, plural,
 * one {# line} other {# lines}}`) is formatted by intl-messageformat with the
 * language's plural rules (CLDR: French counts 0 as one, Spanish has many).
 */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const lang = catalogues[current]?.[key] !== undefined ? current : 'en';
  const text = catalogues[lang]?.[key] ?? key;
  if (CHOOSES.test(text)) {
    const id = `${lang}\u0000${key}`;
    let format = compiled.get(id);
    if (!format) compiled.set(id, (format = new IntlMessageFormat(text, lang)));
    try {
      return String(format.format(params));
    } catch {
      // A parameter is missing: the message as written, rather than nothing.
      return text;
    }
  }
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A template text in the UI language, falling back to English. */
export function tx(text: Record<string, string> | undefined): string {
  if (!text) return '';
  return text[current] ?? text.en ?? '';
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit' });
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(current, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How each language writes a date in figures; from the core (app_info). */
let dateFormats: Record<string, DateFormat> = {};

export function setDateFormats(formats: Record<string, DateFormat>) {
  dateFormats = formats;
}

const dateFormat = (): DateFormat => dateFormats[current] ?? dateFormats.en ?? { order: 'dmy', placeholder: 'dd/mm/yyyy' };

/** What an empty date field shows: the order the interface language types dates in. */
export function datePlaceholder(): string {
  return dateFormat().placeholder;
}

/** A stored `YYYY-MM-DD` in figures, in the interface language's order (01/03/2025). */
export function showDate(iso: string | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!m) return iso ?? '';
  const part: Record<string, string> = { y: m[1], m: m[2], d: m[3] };
  return [...dateFormat().order].map((c) => part[c]).join('/');
}

/** The template's UN entities, for naming PUNOs; set once from app_info. */
let entities: UnEntity[] = [];

export function setEntities(list: UnEntity[]) {
  entities = list;
}

/** The template's entity a PUNO stands for, if it is one of them. */
export function punoEntity(code: string): UnEntity | undefined {
  return entities.find((x) => x.code === code.trim());
}

/**
 * A PUNO as people know it in the interface language: the template's short
 * name ("ONU Femmes" for the stored "UN Women"), or what was typed for an
 * entity the template does not list.
 */
export function punoName(code: string): string {
  const e = punoEntity(code);
  return e ? tx(e.short) || code : code;
}
