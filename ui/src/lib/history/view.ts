// What the history panel asks the editor's main pane to show.
export type HistoryView =
  | { kind: 'version'; versionId: string }
  /** `null` on either side is the draft as it is now. */
  | { kind: 'compare'; from: string | null; to: string | null };
