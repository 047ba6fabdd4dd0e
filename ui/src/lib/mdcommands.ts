// The Markdown toolbar's edits, as CodeMirror transactions on the main
// selection: pure functions of the editor state, so they are tested without
// a page (see mdcommands.test.ts) and undone in one step.
import { EditorSelection, type EditorState, type TransactionSpec } from '@codemirror/state';

/** A list marker or heading hashes at the start of a line, with the spaces after them. */
const LINE_MARK = /^\s*([-*+]|\d+[.)]|#{1,6})\s+/;

const spec = (s: TransactionSpec): TransactionSpec => ({ ...s, scrollIntoView: true, userEvent: 'input.format' });

/**
 * Wraps the selection in `mark` (`**` bold, `*` italic). With nothing
 * selected, `placeholder` is wrapped and selected, ready to be typed over.
 */
export function wrapWith(state: EditorState, mark: string, placeholder: string): TransactionSpec {
  const { from, to } = state.selection.main;
  const inner = state.sliceDoc(from, to) || placeholder;
  const start = from + mark.length;
  return spec({
    changes: { from, to, insert: `${mark}${inner}${mark}` },
    selection: EditorSelection.single(start, start + inner.length),
  });
}

/**
 * Gives every line the selection touches the prefix `prefix(i)` (i counting
 * from 0), in place of any list marker or heading it had; the lines stay
 * selected.
 */
export function prefixLines(state: EditorState, prefix: (i: number) => string): TransactionSpec {
  const { from, to } = state.selection.main;
  const first = state.doc.lineAt(from);
  const last = state.doc.lineAt(to);
  const lines: string[] = [];
  for (let n = first.number; n <= last.number; n++) {
    lines.push(prefix(n - first.number) + state.doc.line(n).text.replace(LINE_MARK, ''));
  }
  const insert = lines.join(state.lineBreak);
  return spec({
    changes: { from: first.from, to: last.to, insert },
    selection: EditorSelection.single(first.from, first.from + insert.length),
  });
}

/**
 * Makes the selection (or `placeholder`) a link; the caret waits after
 * `https://` for the address.
 */
export function insertLink(state: EditorState, placeholder: string): TransactionSpec {
  const { from, to } = state.selection.main;
  const label = state.sliceDoc(from, to) || placeholder;
  const insert = `[${label}](https://)`;
  return spec({
    changes: { from, to, insert },
    selection: EditorSelection.cursor(from + insert.length - 1),
  });
}
