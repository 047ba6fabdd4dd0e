// In a draft opened from a share, the rows given to other authors are read,
// not written. The editor says which; each table row asks.
import { getContext, setContext } from 'svelte';
import type { Anchor } from '../backend';

const KEY = Symbol('row-lock');

/** True for a row this author may not change here. */
export type RowLock = (id: string) => boolean;

export function provideRowLock(lock: RowLock): void {
  setContext(KEY, lock);
}

/** The lock the editor provided; nothing is locked outside a shared draft. */
export function rowLock(): RowLock {
  return getContext<RowLock | undefined>(KEY) ?? (() => false);
}

const COMMENT = Symbol('row-comment');

/** Comments on a row given to another author (a shared draft's own comments). */
export type RowComment = (anchor: Anchor) => void;

export function provideRowComment(f: RowComment): void {
  setContext(COMMENT, f);
}

/** The comment action the editor provided, or null where there is none. */
export function rowComment(): RowComment | null {
  return getContext<RowComment | undefined>(COMMENT) ?? null;
}
