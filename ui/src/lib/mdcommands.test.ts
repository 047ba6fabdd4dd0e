import { describe, it, expect } from 'vitest';
import { EditorSelection, EditorState } from '@codemirror/state';
import { wrapWith, prefixLines, insertLink } from './mdcommands';

/** A state holding `doc` with `from`..`to` selected; the text and selection after `edit`. */
function run(doc: string, from: number, to: number, edit: (s: EditorState) => ReturnType<typeof wrapWith>) {
  const state = EditorState.create({ doc, selection: EditorSelection.single(from, to) });
  const after = state.update(edit(state)).state;
  const { from: a, to: b } = after.selection.main;
  return { text: after.doc.toString(), selected: after.sliceDoc(a, b), at: a };
}

describe('Markdown toolbar edits', () => {
  it('wraps the selection, or a selected placeholder when nothing is selected', () => {
    expect(run('make this bold', 5, 9, (s) => wrapWith(s, '**', 'text'))).toEqual({ text: 'make **this** bold', selected: 'this', at: 7 });
    expect(run('ab', 1, 1, (s) => wrapWith(s, '*', 'text'))).toEqual({ text: 'a*text*b', selected: 'text', at: 2 });
  });

  it('prefixes every touched line, replacing a marker it had, and numbers them', () => {
    const doc = 'intro\n- one\n## two\nthree';
    expect(run(doc, 8, 20, (s) => prefixLines(s, (i) => `${i + 1}. `)).text).toBe('intro\n1. one\n2. two\n3. three');
    const heading = run(doc, 2, 2, (s) => prefixLines(s, () => '### '));
    expect(heading.text).toBe('### intro\n- one\n## two\nthree');
    expect(heading.selected).toBe('### intro');
    expect(run('1) a\n2) b', 0, 8, (s) => prefixLines(s, () => '- ')).text).toBe('- a\n- b');
  });

  it('makes a link and leaves the caret where the address goes', () => {
    const r = run('see the site', 8, 12, (s) => insertLink(s, 'link text'));
    expect(r.text).toBe('see the [site](https://)');
    expect(r.at).toBe(r.text.length - 1);
    expect(run('', 0, 0, (s) => insertLink(s, 'link text')).text).toBe('[link text](https://)');
  });

  it('is one change in the history, and scrolls to it', () => {
    const state = EditorState.create({ doc: 'x', selection: EditorSelection.single(0, 1) });
    const tr = state.update(wrapWith(state, '**', 'text'));
    expect(tr.scrollIntoView).toBe(true);
    expect(tr.isUserEvent('input')).toBe(true);
  });
});
