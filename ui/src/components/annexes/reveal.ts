// A hook for "go to problem": before looking for the field of a problem,
// the editor can announce its path, and an annex that hides the field (a
// collapsed block, another page of budget lines) shows it:
//   window.dispatchEvent(new CustomEvent(REVEAL_EVENT, { detail: path })); await tick();

export const REVEAL_EVENT = 'annex-reveal';

/** Calls `fn` with each announced path; returns the function that stops listening. */
export function onReveal(fn: (path: string) => void): () => void {
  const listener = (e: Event) => {
    const path = (e as CustomEvent<unknown>).detail;
    if (typeof path === 'string') fn(path);
  };
  window.addEventListener(REVEAL_EVENT, listener);
  return () => window.removeEventListener(REVEAL_EVENT, listener);
}
