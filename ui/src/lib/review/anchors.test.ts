import { describe, expect, it } from 'vitest';
import { anchorKey, countByAnchor, sectionOf, takesText } from './anchors';

describe('review anchors', () => {
  it('keys a paragraph apart from its field', () => {
    const field = { kind: 'field' as const, path: '/narrative/context.body', paragraph: null };
    const para = { kind: 'paragraph' as const, path: '/narrative/context.body', paragraph: 0 };
    expect(anchorKey(field)).not.toEqual(anchorKey(para));
    expect(countByAnchor([para, para, field])[anchorKey(para)]).toBe(2);
  });

  it('finds the section of each kind of target', () => {
    const narrative = (key: string) => key.split('.')[0];
    expect(sectionOf({ kind: 'field', path: '/cover/title' }, narrative)).toBe('cover');
    expect(sectionOf({ kind: 'paragraph', path: '/narrative/strategy.theory_of_change' }, narrative)).toBe('strategy');
    expect(sectionOf({ kind: 'budget_line', path: '/budget/lines/3' }, narrative)).toBe('annex_budget');
    expect(sectionOf({ kind: 'row', path: '/results_framework/outcomes/0/outputs/1/activities/2' }, narrative)).toBe('annex_workplan');
    expect(sectionOf({ kind: 'criterion', path: '/markers/human_rights/criteria/x' }, narrative)).toBe('annex_human_rights_marker');
    expect(sectionOf({ kind: 'section', path: 'context' }, narrative)).toBe('context');
  });
});

describe('takesText', () => {
  it('offers suggestions on paragraphs and text fields only', () => {
    expect(takesText({ kind: 'paragraph', path: '/narrative/context.body' })).toBe(true);
    expect(takesText({ kind: 'field', path: '/cover/title' })).toBe(true);
    expect(takesText({ kind: 'field', path: '/cover/countries' })).toBe(false);
    expect(takesText({ kind: 'budget_line', path: '/budget/lines/0' })).toBe(false);
  });
});
