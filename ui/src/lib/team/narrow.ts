// A collision in a long text is shown by the paragraphs that differ: those
// all three versions share before and after are set aside, and put back
// around the author's choice.

export interface Narrowed {
  /** The paragraphs all three share before and after the stretch that differs. */
  before: string[];
  after: string[];
  base: string | null;
  ours: string;
  theirs: string;
}

const PARAGRAPH = '\n\n';

export function narrow(base: string | null, ours: string, theirs: string): Narrowed {
  const sides = [ours, theirs, ...(base === null ? [] : [base])].map((s) => s.split(PARAGRAPH));
  const shortest = Math.min(...sides.map((s) => s.length));
  let head = 0;
  while (head < shortest && sides.every((s) => s[head] === sides[0][head])) head++;
  let tail = 0;
  const at = (s: string[], i: number) => s[s.length - 1 - i];
  while (tail < shortest - head && sides.every((s) => at(s, tail) === at(sides[0], tail))) tail++;
  const middle = (s: string[]) => s.slice(head, s.length - tail).join(PARAGRAPH);
  const [o, t, b] = sides;
  return {
    before: o.slice(0, head),
    after: o.slice(o.length - tail),
    base: b ? middle(b) : null,
    ours: middle(o),
    theirs: middle(t),
  };
}

/** The whole text again, with `middle` in place of the stretch that differed. */
export function widen(n: Narrowed, middle: string): string {
  return [...n.before, ...(middle ? [middle] : []), ...n.after].join(PARAGRAPH);
}
