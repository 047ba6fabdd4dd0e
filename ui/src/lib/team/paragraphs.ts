// In a shared draft, a narrative field of which some paragraphs were given
// to this PUNO: those paragraphs are marked and can be written (and grow as
// they are written); the rest of the field cannot be changed.
import { EditorState, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

const yours = Decoration.mark({ class: 'cm-yours', attributes: { 'data-testid': 'paragraph-yours' } });

/** The stretches given, as `[from, to)` offsets in the text; they follow the text as it changes. */
export function givenParagraphs(ranges: readonly (readonly [number, number])[]): Extension {
  const field = StateField.define<[number, number][]>({
    create: (state) => ranges.map(([a, b]) => [Math.min(a, state.doc.length), Math.min(b, state.doc.length)] as [number, number]),
    update(value, tr) {
      if (!tr.docChanged) return value;
      // Typing at either end of a paragraph given keeps the typing inside it.
      return value.map(([a, b]) => [tr.changes.mapPos(a, -1), tr.changes.mapPos(b, 1)] as [number, number]);
    },
    provide: (f) =>
      EditorView.decorations.from(f, (value): DecorationSet =>
        Decoration.set(value.filter(([a, b]) => b > a).map(([a, b]): Range<Decoration> => yours.range(a, b)), true),
      ),
  });
  // Changes anywhere else are suppressed: the stretches between the ones given.
  const filter = EditorState.changeFilter.of((tr) => {
    const given = tr.startState.field(field);
    const out: number[] = [];
    let at = 0;
    for (const [a, b] of [...given].sort((x, y) => x[0] - y[0])) {
      if (a > at) out.push(at, a);
      at = Math.max(at, b);
    }
    if (at < tr.startState.doc.length) out.push(at, tr.startState.doc.length);
    return out.length ? out : true;
  });
  return [field, filter];
}
