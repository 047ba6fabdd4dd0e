// Pure list operations for add, delete, undo and reorder. Each returns a new
// list and leaves its input alone.

/** `list` with item `i` moved by `delta` places (clamped to the ends). */
export function moveItem<T>(list: readonly T[], i: number, delta: number): T[] {
  const out = [...list];
  if (i < 0 || i >= out.length) return out;
  const to = Math.min(out.length - 1, Math.max(0, i + delta));
  const [item] = out.splice(i, 1);
  out.splice(to, 0, item);
  return out;
}

/** `list` without item `i`, and the item removed. */
export function removeAt<T>(list: readonly T[], i: number): { list: T[]; item: T | undefined } {
  const out = [...list];
  const [item] = out.splice(i, 1);
  return { list: out, item };
}

/** `list` with `item` inserted at `i` (clamped to the ends). */
export function insertAt<T>(list: readonly T[], i: number, item: T): T[] {
  const out = [...list];
  out.splice(Math.min(out.length, Math.max(0, i)), 0, item);
  return out;
}
