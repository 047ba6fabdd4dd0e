// What the history panel asks the editor's main pane to show.
import type { Comparison } from '../backend';

export type HistoryView =
  | { kind: 'version'; versionId: string }
  /** `null` on either side is the draft as it is now. */
  | { kind: 'compare'; from: string | null; to: string | null }
  /** A contribution's merge before it is applied: the draft now against the draft merged. */
  | { kind: 'merge'; comparison: Comparison; title: string };
