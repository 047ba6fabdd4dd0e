import { describe, expect, it } from 'vitest';
import { narrow, widen } from './narrow';

const text = (...ps: string[]) => ps.join('\n\n');

describe('narrowing a text collision', () => {
  it('keeps only the paragraphs that differ, and puts the rest back around a choice', () => {
    const base = text('One.', 'Two.', 'Three.', 'Four.');
    const ours = text('One.', 'Two, ours.', 'Three.', 'Four.');
    const theirs = text('One.', 'Two, theirs.', 'Three.', 'Four.');
    const n = narrow(base, ours, theirs);
    expect(n).toEqual({ before: ['One.'], after: ['Three.', 'Four.'], base: 'Two.', ours: 'Two, ours.', theirs: 'Two, theirs.' });
    expect(widen(n, n.theirs)).toBe(theirs);
    expect(widen(n, 'Mine.')).toBe(text('One.', 'Mine.', 'Three.', 'Four.'));
  });

  it('never lets the shared start and end overlap when one side added paragraphs', () => {
    const base = text('A.', 'A.');
    const ours = text('A.', 'A.', 'A.');
    const theirs = text('A.', 'B.', 'A.');
    const n = narrow(base, ours, theirs);
    expect(widen(n, n.ours)).toBe(ours);
    expect(widen(n, n.theirs)).toBe(theirs);
  });

  it('works without a base (a field both sides created) and on texts that are all different', () => {
    const n = narrow(null, 'X.', 'Y.');
    expect(n).toEqual({ before: [], after: [], base: null, ours: 'X.', theirs: 'Y.' });
    expect(widen(n, '')).toBe('');
  });
});
