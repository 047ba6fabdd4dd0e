// Markdown is read by the core, the one reader for every screen and the
// PDF (studio_core::markdown). This module asks for the blocks of the texts
// a screen shows, a batch per tick, and remembers the last few hundred.
import type { MdBlock } from './backend/bindings/MdBlock';
import { markdownBlocks } from './backend';

const CACHE = 400;
const cache = new Map<string, MdBlock[]>();
let waiting: { text: string; resolve: (b: MdBlock[]) => void; reject: (e: unknown) => void }[] = [];

function remember(text: string, blocks: MdBlock[]) {
  cache.delete(text);
  cache.set(text, blocks);
  if (cache.size > CACHE) cache.delete(cache.keys().next().value as string);
}

async function send() {
  const batch = waiting;
  waiting = [];
  const texts = [...new Set(batch.map((w) => w.text))];
  try {
    const read = await markdownBlocks(texts);
    texts.forEach((t, i) => remember(t, read[i] ?? []));
    for (const w of batch) w.resolve(cache.get(w.text) ?? []);
  } catch (e) {
    for (const w of batch) w.reject(e);
  }
}

/** The blocks of `text`, as the core reads them. */
export function blocksOf(text: string): Promise<MdBlock[]> {
  const known = cache.get(text);
  if (known) return Promise.resolve(known);
  return new Promise((resolve, reject) => {
    if (waiting.length === 0) queueMicrotask(() => void send());
    waiting.push({ text, resolve, reject });
  });
}

/** The blocks already read for `text`, or null (so a screen can draw them at once). */
export const knownBlocks = (text: string): MdBlock[] | null => cache.get(text) ?? null;
