// The i18n checks: every language has every key (with the same
// placeholders), every key the code uses exists, and no user-visible text is
// written into the markup instead of going through t().
import { describe, expect, it } from 'vitest';
import { catalogues } from './index';

const sources = import.meta.glob('../../**/*.{svelte,ts}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const components = Object.entries(sources).filter(([f]) => f.endsWith('.svelte'));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

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
