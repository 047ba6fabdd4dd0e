import { describe, expect, it, vi } from 'vitest';

// The core is not here: the command is replaced by a stand-in that counts its calls.
const calls: string[][] = [];
vi.mock('./backend', () => ({
  markdownBlocks: async (texts: string[]) => {
    calls.push(texts);
    return texts.map((t) => [{ kind: 'paragraph', spans: [{ text: t, bold: false, italic: false, url: false }] }]);
  },
}));

const { blocksOf, knownBlocks } = await import('./markdown');

describe('asking the core for Markdown blocks', () => {
  it('asks once a tick for every text wanted, each text once, and remembers the answer', async () => {
    const [a, b, again] = await Promise.all([blocksOf('one'), blocksOf('two'), blocksOf('one')]);
    expect(calls).toEqual([['one', 'two']]);
    expect(a).toBe(again);
    expect(b[0]).toMatchObject({ kind: 'paragraph' });
    expect(knownBlocks('two')).toBe(b);
    await blocksOf('two');
    expect(calls).toHaveLength(1);
  });
});
