// Long texts are edited as a column of paragraphs, one textarea each, so a
// keystroke re-lays out one paragraph rather than the whole section (WebKit
// lays a textarea out whole on every change: ~70 ms at 20,000 words).

/** Words above which a narrative field switches to paragraph editing. */
export const LONG_TEXT_WORDS = 1000;

export function splitBlocks(text: string): string[] {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return blocks.length ? blocks : [''];
}

export function joinBlocks(blocks: string[]): string {
  return blocks.join('\n\n');
}

/**
 * A block's new text after an edit. A blank line typed or pasted inside it
 * splits it; returns the replacement blocks and where the caret goes
 * (block offset from the edited one, and position in that block).
 */
export function editBlock(text: string, caret: number): { blocks: string[]; focus: number; caret: number } {
  if (!/\n{2,}/.test(text)) return { blocks: [text], focus: 0, caret };
  const before = splitBlocks(text.slice(0, caret));
  const after = splitBlocks(text.slice(caret));
  const blocks = [...before.slice(0, -1), before[before.length - 1] + after[0], ...after.slice(1)];
  return { blocks, focus: before.length - 1, caret: before[before.length - 1].length };
}

/** Backspace at the start of block `i`: joins it to the one before with a line break. */
export function mergeWithPrevious(blocks: string[], i: number): { blocks: string[]; caret: number } {
  if (i <= 0) return { blocks, caret: 0 };
  const prev = blocks[i - 1];
  const merged = [...blocks.slice(0, i - 1), `${prev}\n${blocks[i]}`, ...blocks.slice(i + 1)];
  return { blocks: merged, caret: prev.length + 1 };
}
