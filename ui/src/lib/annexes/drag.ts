// Drag-and-drop reordering beside the keyboard's move up and move down: the
// item being dragged, shared by the drop targets of its own list.

export interface Dragged {
  kind: string;
  /** Which list it belongs to (the parent's id), so items only move within it. */
  group: string;
  index: number;
  move: (delta: number) => void;
}

export const drag: { current: Dragged | null } = { current: null };

/** Whether a drop at `index` of (`kind`, `group`) moves the dragged item. */
export function canDrop(d: Dragged | null, kind: string, group: string, index: number): boolean {
  return d !== null && d.kind === kind && d.group === group && d.index !== index;
}
