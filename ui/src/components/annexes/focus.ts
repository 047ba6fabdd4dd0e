// Focus helpers for the annex editors: after an add, a move or an undo the
// DOM changes under the keyboard user's feet; these put focus back where the
// work continues.
import { tick } from 'svelte';

/** After the next render, focuses the first element matching `selector` that can take focus. */
export async function focusLater(...selectors: string[]): Promise<void> {
  await tick();
  for (const s of selectors) {
    const el = document.querySelector<HTMLElement>(s);
    if (el && !(el as HTMLButtonElement).disabled) {
      el.focus();
      el.scrollIntoView?.({ block: 'nearest' });
      return;
    }
  }
}

/** A CSS selector for the element carrying a data-path. */
export const byPath = (path: string) => `[data-path="${CSS.escape(path)}"]`;

/** An id usable in aria-describedby for the problems under a path. */
export const problemsId = (path: string) => `annex-problems${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
