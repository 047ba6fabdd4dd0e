import { describe, expect, it } from 'vitest';
import { Reveal } from './reveal.svelte';
import type { Problem } from './backend/bindings/Problem';

const problem = (path: string): Problem => ({ path, code: 'x', severity: 'blocking', message: path, section: 'cover' });
const all = ['/cover/title', '/cover/punos', '/cover/punos/0/entity', '/narrative/summary'].map(problem);

describe('Reveal', () => {
  it('shows nothing on a draft nobody has touched', () => {
    expect(new Reveal().filter(all)).toEqual([]);
  });
  it('shows the problems at and under a touched field only', () => {
    const r = new Reveal();
    r.touch('/cover/punos');
    r.touch(undefined);
    expect(r.filter(all).map((p) => p.path)).toEqual(['/cover/punos', '/cover/punos/0/entity']);
    r.touch('/cover/title');
    expect(r.filter(all).map((p) => p.path)).toEqual(['/cover/title', '/cover/punos', '/cover/punos/0/entity']);
  });
  it('a list changed as a whole shows its own problems, not those of its new rows', () => {
    const r = new Reveal();
    r.touchList('/cover/punos');
    expect(r.filter(all).map((p) => p.path)).toEqual(['/cover/punos']);
  });
  it('a touched prefix is not a touched field', () => {
    const r = new Reveal();
    r.touch('/cover/tit');
    expect(r.filter(all)).toEqual([]);
  });
  it('shows everything once the readiness view was asked for', () => {
    const r = new Reveal();
    r.all();
    expect(r.filter(all)).toEqual(all);
    expect(r.revealed).toBe(true);
  });
});
