import { describe, it, expect } from 'vitest';
import type { Problem } from '../backend/bindings/Problem';
import { exactly, blocks, countProblems, byIndex, rejectedUnder } from './problems';

const p = (path: string, severity: 'blocking' | 'warning' = 'blocking'): Problem =>
  ({ path, severity, code: 'x', message: path, section: 'annex_budget' });

describe('problems of a field, row or block', () => {
  const list = [p('/budget/lines'), p('/budget/lines/0/unit_cost'), p('/budget/lines/12/year', 'warning'), p('/budget/lines/12/puno'), p('/budget/linesx')];
  it('separates a list’s own problems from its items’', () => {
    expect(exactly(list, '/budget/lines').map((x) => x.path)).toEqual(['/budget/lines']);
  });
  it('counts and finds blocking problems under a path', () => {
    expect(countProblems(list, '/budget/lines/12')).toBe(2);
    expect(countProblems(list, '/budget/lines/1')).toBe(0);
    expect(blocks(list, '/budget/lines/12/year')).toBe(false);
    expect(blocks(list, '/budget/lines/12')).toBe(true);
  });
  it('groups by list position', () => {
    const g = byIndex(list, '/budget/lines');
    expect([...g.keys()].sort((a, b) => a - b)).toEqual([0, 12]);
    expect(g.get(12)!.map((x) => x.path)).toEqual(['/budget/lines/12/year', '/budget/lines/12/puno']);
  });
  it('joins rejected changes under a path', () => {
    expect(rejectedUnder({ '/budget/lines/3': 'A', '/budget/lines/30': 'B', '/cover/title': 'C' }, '/budget/lines/3')).toBe('A');
  });
});
