// What the grid needs to know of a column and of a change to a cell.

export interface Choice {
  value: string;
  label: string;
}

export interface GridColumn<R> {
  /** The field, also the end of the cell's data-path. */
  key: string;
  label: string;
  /** A fixed CSS width ("7rem"): every row lays out alone, so tracks must not depend on content. */
  width: string;
  /** Figures are aligned to the end. */
  numeric?: boolean;
  /** Computed (a line total): shown and copied, never typed over. */
  computed?: boolean;
  /** What the cell shows. */
  text: (row: R) => string;
  /** What editing and copying start from (defaults to the shown text). */
  raw?: (row: R) => string;
  /** A choice list: Enter or F2 opens it; typing still writes text, read by the core. */
  choices?: (row: R) => Choice[];
  /** The column can order the rows. */
  sortable?: boolean;
  /** A yes-or-no cell: Space or Enter switches it (writing "x" or ""), as does a double click. */
  toggle?: boolean;
}

/**
 * A cell written: a row of the list, or null for a row to add at the end
 * (`added` tells the rows added apart, from 0); a column; the text typed
 * or pasted.
 */
export interface CellWrite {
  index: number | null;
  added?: number;
  key: string;
  text: string;
}

/** Why cells written at once were not applied: a sentence, and each cell that cannot be read ("Line 44 · Unit cost: …"). */
export interface WriteRefusal {
  message: string;
  cells: string[];
}
