// Ids for new items in the annexes. The core wants 1 to 64 of
// [A-Za-z0-9_-], unique across the whole results framework (outcomes,
// outputs, indicators and activities share one id space) and within the
// risks and the budget lines.

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function random20(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID().replace(/-/g, '').slice(0, 20);
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = new Uint8Array(10);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A new 20-character id that is not in `taken`. */
export function newId(taken?: { has(id: string): boolean }): string {
  for (;;) {
    const id = random20();
    if (!taken?.has(id)) return id;
  }
}
