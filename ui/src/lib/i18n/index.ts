// Every user-visible string goes through t(). Languages are JSON files with
// the same keys; a missing key shows the key itself, never an empty space.
import enMain from './en.json';
import enAnnexes from './annexes.en.json';
import enReview from './review.en.json';
import enHistory from './history.en.json';

type Messages = Record<string, string>;
// Each area keeps its strings in its own file; a language is their union.
const en: Messages = { ...enMain, ...enAnnexes, ...enReview, ...enHistory };
const catalogues: Record<string, Messages> = { en };

let current = 'en';

export function setLanguage(lang: string) {
  current = lang in catalogues ? lang : 'en';
  document.documentElement.lang = current;
}

export function language(): string {
  return current;
}

export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogues[current]?.[key] ?? catalogues.en[key] ?? key;
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

export function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(current, { dateStyle: 'long' });
}
