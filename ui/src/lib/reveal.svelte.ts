import { getContext, setContext } from 'svelte';
import type { Problem } from './backend/bindings/Problem';
import { concerns } from './pointer';

/**
 * Which problems a draft's fields show. A blank draft is not covered in red:
 * a field shows its problems once the user has touched it (edited it or left
 * it), and every field shows them once the user has asked for the readiness
 * view. The readiness count is always complete; this only filters what the
 * fields say. Kept for the app's run, per draft, so going back to the library
 * and opening the draft again does not hide what was already shown.
 */
export class Reveal {
  private touched = $state<string[]>([]);
  /** Lists changed as a whole (a row added): their own problems show, not those of the new row's empty fields. */
  private lists = $state<string[]>([]);
  private everything = $state(false);

  /** A field the user edited or left: its problems and those under it show. */
  touch(path: string | undefined) {
    if (path && !this.touched.includes(path)) this.touched.push(path);
  }

  /** A list the user changed as a whole: only the problems of the list itself show. */
  touchList(path: string) {
    if (!this.lists.includes(path)) this.lists.push(path);
  }

  all() {
    this.everything = true;
  }

  get revealed(): boolean {
    return this.everything;
  }

  /** The problems a field may show: at or under a touched path, or all of them. */
  filter(problems: Problem[]): Problem[] {
    if (this.everything) return problems;
    return problems.filter((p) => this.lists.includes(p.path) || this.touched.some((t) => concerns(p.path, t)));
  }
}

const KEY = Symbol('all problems');

/**
 * The whole list of problems, for the problem lines: a field whose problems
 * are not shown yet keeps one line's space for them, so that nothing moves
 * under the pointer when they appear.
 */
export function provideAllProblems(all: () => Problem[]) {
  setContext(KEY, all);
}

export function allProblems(): (() => Problem[]) | undefined {
  return getContext<(() => Problem[]) | undefined>(KEY);
}

const drafts = new Map<string, Reveal>();

export function revealFor(id: string): Reveal {
  let r = drafts.get(id);
  if (!r) drafts.set(id, (r = new Reveal()));
  return r;
}
