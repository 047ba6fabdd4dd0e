import { describe, it, expect } from 'vitest';
import { orderObjectives } from './words';
import { setAt, concerns } from './pointer';
import { t } from './i18n';
import en from './i18n/en.json';

describe('orderObjectives', () => {
  it('puts the area defaults first and keeps the rest', () => {
    const all = [1, 2, 3, 4, 5].map((number) => ({ number }));
    const { suggested, other } = orderObjectives(all, [4, 2]);
    expect(suggested.map((o) => o.number)).toEqual([2, 4]);
    expect(other.map((o) => o.number)).toEqual([1, 3, 5]);
  });
});

describe('pointer', () => {
  it('sets nested values and appends', () => {
    const doc = { cover: { punos: [{ entity: 'IOM' }] }, narrative: {} as Record<string, string> };
    setAt(doc, '/cover/punos/0/entity', 'ILO');
    setAt(doc, '/cover/punos/-', { entity: 'UNDP' });
    setAt(doc, '/narrative/context.body', 'x');
    expect(doc.cover.punos).toEqual([{ entity: 'ILO' }, { entity: 'UNDP' }]);
    expect(doc.narrative['context.body']).toBe('x');
  });
  it('matches problems to fields', () => {
    expect(concerns('/cover/punos/1/entity', '/cover/punos')).toBe(true);
    expect(concerns('/cover/punos', '/cover/punos')).toBe(true);
    expect(concerns('/cover/punosx', '/cover/punos')).toBe(false);
  });
});

describe('i18n', () => {
  it('fills parameters', () => {
    expect(t('library.completeness', { done: 3, total: 19 })).toBe('3 of 19 sections complete');
  });
  it('shows the key for a missing string rather than nothing', () => {
    expect(t('no.such.key')).toBe('no.such.key');
  });
  it('has no empty strings', () => {
    for (const [k, v] of Object.entries(en)) expect(v.trim(), k).not.toBe('');
  });
});
