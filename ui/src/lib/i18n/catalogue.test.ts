// The i18n checks: every language has every key (with the same
// placeholders), every key the code uses exists, and no user-visible text is
// written into the markup instead of going through t().
import { describe, expect, it } from 'vitest';
import { parse, isArgumentElement, isNumberElement, isPluralElement, isSelectElement, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogues, setLanguage, t } from './index';
import coreMessages from '../../../../assets/i18n/messages.json';
import coreWords from '../../../../assets/i18n/pdf.json';

const coreCatalogues: Record<string, Record<string, unknown>> = { 'messages.json': coreMessages, 'pdf.json': coreWords };

const sources = import.meta.glob('../../**/*.{svelte,ts}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const components = Object.entries(sources).filter(([f]) => f.endsWith('.svelte'));
/** The arguments a message names, plain (`{name}`) or choosing (`{count, plural, …}`), and its plural cases. */
function argumentsOf(message: string): { names: string; cases: string[][] } {
  const names = new Set<string>();
  const cases: string[][] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (isArgumentElement(el) || isNumberElement(el)) names.add(el.value);
      if (isPluralElement(el) || isSelectElement(el)) {
        names.add(el.value);
        cases.push(Object.keys(el.options));
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return { names: [...names].sort().join(','), cases };
}
const placeholders = (s: string) => argumentsOf(s).names;

/** The markup of a component: no script, no style, no {expressions}, no comments. */
function markup(src: string): string {
  let out = src.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  // Remove {…} blocks, innermost first, until none are left.
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(/\{[^{}]*\}/g, '');
  }
  return out;
}

describe('catalogues', () => {
  it('has English, French and Spanish', () => {
    expect(Object.keys(catalogues).sort()).toEqual(['en', 'es', 'fr']);
  });

  it('has every key in every language, with the same placeholders and no empty text', () => {
    const en = catalogues.en;
    const problems: string[] = [];
    for (const [lang, messages] of Object.entries(catalogues)) {
      for (const key of Object.keys(en)) {
        if (!(key in messages)) problems.push(`${lang}: missing ${key}`);
        else if (placeholders(messages[key]) !== placeholders(en[key])) problems.push(`${lang}: placeholders of ${key}`);
        else if (!messages[key].trim()) problems.push(`${lang}: empty ${key}`);
      }
      for (const key of Object.keys(messages)) if (!(key in en)) problems.push(`${lang}: unknown key ${key}`);
    }
    expect(problems).toEqual([]);
  });

  it('writes every message that counts in ICU MessageFormat, with an other case', () => {
    const problems: string[] = [];
    for (const [lang, messages] of Object.entries(catalogues)) {
      for (const [key, message] of Object.entries(messages)) {
        let found: ReturnType<typeof argumentsOf>;
        try {
          found = argumentsOf(message);
        } catch (e) {
          problems.push(`${lang}: ${key} does not parse: ${e}`);
          continue;
        }
        if (found.cases.some((c) => !c.includes('other'))) problems.push(`${lang}: ${key} has a choice without "other"`);
        // "(s)" is how a message dodged the plural; a plural case says it properly.
        if (/\p{L}\((?:s|es|x|nt)\)/u.test(message)) problems.push(`${lang}: ${key} writes a plural as "(s)"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads the core\'s catalogues with the same ICU MessageFormat parser', () => {
    // The core formats these with its own reader of the same syntax and CLDR's rules (icu_plurals).
    const problems: string[] = [];
    for (const [name, file] of Object.entries(coreCatalogues)) {
      for (const [key, texts] of Object.entries(file)) {
        if (typeof texts !== 'object') continue;
        for (const [lang, text] of Object.entries(texts as Record<string, string>)) {
          try {
            const found = argumentsOf(text);
            if (found.cases.some((c) => !c.includes('other'))) problems.push(`${name} ${key}/${lang}: a choice without "other"`);
          } catch (e) {
            problems.push(`${name} ${key}/${lang} does not parse: ${e}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('chooses the words by each language\'s plural rules', () => {
    try {
      setLanguage('en');
      expect(t('review.view.commentCount', { count: 1 })).toBe('1 comment');
      expect(t('review.view.commentCount', { count: 0 })).toBe('0 comments');
      expect(t('review.view.commentCount', { count: 1200 })).toBe('1,200 comments');
      expect(t('comments.imported', { count: 1, who: 'Ana', already: 2 })).toBe('1 new comment from Ana; 2 were already here.');
      setLanguage('fr');
      // French counts zero as one.
      expect(t('review.view.commentCount', { count: 0 })).toBe('0 commentaire');
      expect(t('review.view.commentCount', { count: 2 })).toBe('2 commentaires');
      expect(t('narrative.wordsOfLimit', { count: 1436, limit: 1500 })).toBe('1436 / 1500 mots');
      setLanguage('es');
      expect(t('grid.shown', { count: 1, total: 1 })).toBe('Se muestra 1 de 1 línea.');
      expect(t('grid.shown', { count: 3, total: 40 })).toBe('Se muestran 3 de 40 líneas.');
    } finally {
      setLanguage('en');
    }
  });

  it('has every key the code asks for', () => {
    const missing: string[] = [];
    for (const [file, src] of Object.entries(sources)) {
      if (file.includes('.test.')) continue;
      for (const m of src.matchAll(/\bt\(\s*'([^']+)'/g)) if (!(m[1] in catalogues.en)) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('markup', () => {
  it('finds the components', () => {
    expect(components.length).toBeGreaterThan(30);
  });

  it('has no literal words outside t(): text between tags or in labelling attributes', () => {
    const found: string[] = [];
    for (const [file, src] of components) {
      const html = markup(src);
      for (const m of html.matchAll(/>([^<>]*)</g)) {
        const text = m[1].trim();
        if (/\p{L}{2,}/u.test(text)) found.push(`${file}: "${text}"`);
      }
      for (const m of html.matchAll(/\b(aria-label|title|placeholder|alt|aria-description)="([^"]*)"/g)) {
        if (/\p{L}{2,}/u.test(m[2])) found.push(`${file}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('right-to-left readiness', () => {
  const styles = import.meta.glob('../../**/*.{svelte,css}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
  it('uses logical CSS properties only, so `dir="rtl"` mirrors the layout', () => {
    const physical: string[] = [];
    for (const [file, src] of Object.entries(styles)) {
      const css = file.endsWith('.css') ? src : (src.match(/<style[\s\S]*?<\/style>/g) ?? []).join('\n');
      for (const m of css.matchAll(/(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)/g)) {
        physical.push(`${file}: ${m[0]}`);
      }
    }
    expect(physical).toEqual([]);
  });
});
