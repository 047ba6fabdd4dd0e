// What the user reads when the core refuses or fails. The core's messages
// are English and precise; in another interface language the user reads a
// sentence for the error's code in that language, with the core's words kept
// as technical details.
import { t, language, catalogues } from './i18n';

export interface Described {
  text: string;
  /** The core's own words, when `text` is a translation of its meaning. */
  detail: string;
}

export function describeError(code: string, message: string): Described {
  if (language() === 'en') return { text: message, detail: '' };
  const key = `error.${code}`;
  const text = key in catalogues.en ? t(key) : t('error.unknown');
  return { text, detail: message };
}
