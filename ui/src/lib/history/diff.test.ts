import { describe, expect, it } from 'vitest';
import type { Template } from '../backend';
import type { Comparison } from '../backend/bindings/Comparison';
import type { DiffOp } from '../backend/bindings/DiffOp';
import type { TextChange } from '../backend/bindings/TextChange';
import { changeCounts, condense, narrativeGroups, type Piece } from './diff';

const same = (text: string): DiffOp => ({ kind: 'same', text });
const ins = (text: string): DiffOp => ({ kind: 'inserted', text });
const del = (text: string): DiffOp => ({ kind: 'deleted', text });
const words = (n: number, w = 'word') => Array.from({ length: n }, (_, i) => `${w}${i + 1}`).join(' ');
/** The pieces as one string, folds written [n] (and [·] inside a paragraph). */
const show = (pieces: Piece[]) =>
  pieces.map((p) => (p.kind === 'fold' ? (p.paragraphs ? `[${p.paragraphs}]` : '[·]') : p.kind === 'same' ? p.text : `<${p.kind[0]}>${p.text}`)).join('');

describe('condense', () => {
  it('keeps short texts whole', () => {
    const ops = [same('Ecuador '), del('is now'), ins('has become'), same(' a country.')];
    expect(condense(ops)).toEqual(ops);
  });

  it('never folds a change, and keeps a few words of context around it', () => {
    const ops = [same(`${words(40)} `), ins('new'), same(` ${words(40, 'end')}`)];
    expect(show(condense(ops, 3))).toBe('[·]word38 word39 word40 <i>new end1 end2 end3[·]');
  });

  it('folds the middle of a long run between two changes within a paragraph', () => {
    const ops = [del('old'), same(` ${words(20)} `), ins('new')];
    expect(show(condense(ops, 2))).toBe('<d>old word1 word2[·]word19 word20 <i>new');
    // Short runs between changes stay whole.
    expect(condense([del('a'), same(' b c '), ins('d')], 2)).toEqual([del('a'), same(' b c '), ins('d')]);
  });

  it('folds whole unchanged paragraphs into one count', () => {
    const ops = [same('First.\n\nSecond.\n\nThird '), ins('new'), same(' end.\n\nFourth.\n\nFifth.')];
    expect(show(condense(ops, 5))).toBe('[2]\n\nThird <i>new end.\n\n[2]');
  });

  it('counts the paragraphs folded between two changes and keeps the breaks around the fold', () => {
    const ops = [ins('A'), same(' tail.\n\nP2.\n\nP3.\n\nhead '), del('B')];
    expect(show(condense(ops, 5))).toBe('<i>A tail.\n\n[2]\n\nhead <d>B');
    // With no whole paragraph between, the one break stays.
    expect(show(condense([ins('A'), same(' x.\n\ny '), del('B')], 5))).toBe('<i>A x.\n\ny <d>B');
  });

  it('takes context from the neighbouring paragraph when a change is a paragraph of its own', () => {
    const ops = [same('Zero.\n\nOne two.\n\n'), ins('Three.'), same('\n\nFour five.\n\nSix.')];
    expect(show(condense(ops, 1))).toBe('[1]\n\n[·]two.\n\n<i>Three.\n\nFour[·]\n\n[1]');
  });

  it('gives the text back whole when nothing needs folding', () => {
    const ops = [same('One two.\n\n'), ins('Three.'), same('\n\nFour.')];
    expect(show(condense(ops, 10))).toBe('One two.\n\n<i>Three.\n\nFour.');
  });
});

describe('narrative groups', () => {
  const template = {
    sections: [
      { id: 'context', kind: 'narrative', title: { en: 'Context and situation analysis' }, fields: [
        { id: 'body', label: { en: 'Situation analysis' } },
        { id: 'rights_holders', label: { en: 'Rights-holders' } },
      ] },
      { id: 'principles', kind: 'principles', title: { en: 'GCM guiding principles' }, fields: [] },
      { id: 'risk_management', kind: 'narrative', title: { en: 'Risk management' }, fields: [{ id: 'body', label: { en: 'Risk management' } }] },
    ],
    guiding_principles: [{ id: 'a', title: { en: 'People-centred' } }, { id: 'f', title: { en: 'Human rights' } }],
  } as unknown as Pick<Template, 'sections' | 'guiding_principles'>;
  const change = (key: string): TextChange => ({ key, section: key.split('.')[0], ops: [], inserted_words: 1, deleted_words: 0 });

  it('orders fields as the template does and names them, without repeating a section title', () => {
    const groups = narrativeGroups(
      [change('risk_management.body'), change('principles.f'), change('context.rights_holders'), change('context.body'), change('principles.a')],
      template,
    );
    expect(groups.map((g) => [g.title, g.fields.map((f) => f.label)])).toEqual([
      ['Context and situation analysis', ['Situation analysis', 'Rights-holders']],
      ['GCM guiding principles', ['People-centred', 'Human rights']],
      ['Risk management', [null]],
    ]);
  });

  it('keeps fields the template does not know, last', () => {
    const groups = narrativeGroups([change('retired.body'), change('context.body')], template);
    expect(groups.map((g) => g.title)).toEqual(['Context and situation analysis', 'retired']);
    expect(groups[1].fields[0].label).toBe('body');
  });
});

describe('change counts', () => {
  it('counts each part, and budget figures only when they differ', () => {
    const c = {
      cover: [{ field: 'title', before: 'a', after: 'b' }],
      narrative: [],
      tables: [
        { table: 'risks', rows: [{ id: 'r1', label: '', status: 'added', fields: [] }], unchanged: 3 },
        { table: 'budget_lines', rows: [{ id: 'b1', label: '', status: 'removed', fields: [] }, { id: 'b2', label: '', status: 'changed', fields: [] }], unchanged: 0 },
      ],
      budget: [{ key: 'total', before: '1.00', after: '2.00', difference: '100' }, { key: 'direct', before: '1.00', after: '1.00', difference: '0' }],
      markers: [],
      identical: false,
    } as Comparison;
    expect(changeCounts(c)).toEqual({ cover: 1, narrative: 0, rows: 3, budget: 1, markers: 0 });
  });
});
