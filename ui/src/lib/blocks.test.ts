import { describe, it, expect } from 'vitest';
import { splitBlocks, joinBlocks, editBlock, mergeWithPrevious } from './blocks';

describe('paragraph blocks', () => {
  it('split and join round-trip normal text', () => {
    const text = 'One.\n\nTwo, with\na soft break.\n\n- list\n- items';
    expect(splitBlocks(text)).toEqual(['One.', 'Two, with\na soft break.', '- list\n- items']);
    expect(joinBlocks(splitBlocks(text))).toBe(text);
    expect(splitBlocks('')).toEqual(['']);
  });

  it('a blank line typed inside a block splits it and keeps the caret after it', () => {
    expect(editBlock('Hello world', 5)).toEqual({ blocks: ['Hello world'], focus: 0, caret: 5 });
    const r = editBlock('Hello\n\n world', 7);
    expect(r.blocks).toEqual(['Hello', ' world']);
    expect(r.focus).toBe(1);
    expect(r.caret).toBe(0);
    const pasted = editBlock('A\n\nB\n\nC tail', 6);
    expect(pasted.blocks).toEqual(['A', 'B', 'C tail']);
    expect(pasted.focus).toBe(2);
  });

  it('backspace at a block start joins it to the previous one', () => {
    expect(mergeWithPrevious(['a', 'b', 'c'], 1)).toEqual({ blocks: ['a\nb', 'c'], caret: 2 });
    expect(mergeWithPrevious(['a'], 0)).toEqual({ blocks: ['a'], caret: 0 });
  });
});
