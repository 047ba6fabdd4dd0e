// What the results-framework editor shares with its nested blocks.
import { getContext, setContext } from 'svelte';
import type { Outcome } from '../../lib/backend/bindings/Outcome';
import type { Problem } from '../../lib/backend/bindings/Problem';
import type { Template } from '../../lib/backend/bindings/Template';
import type { RfItem, RfPlace } from '../../lib/annexes/results';

export interface RfContext {
  readonly outcomes: Outcome[];
  /** The cover page's PUNOs. */
  readonly punos: string[];
  /** Problems of this section only. */
  readonly problems: Problem[];
  readonly template: Template;
  /** GCM objectives an outcome may link (the cover's, or all). */
  readonly objectives: number[];
  flush(): void;
  /** Changes a copy of the outcomes and saves it. */
  change(mutate: (copy: Outcome[]) => void): void;
  add(place: Omit<RfPlace, 'index'>, item: RfItem, focusPath: string): void;
  remove(place: RfPlace, name: string): void;
  move(place: RfPlace, delta: number, id: string): void;
  newId(): string;
  isOpen(id: string, path: string, kind: 'outcome' | 'output' | 'indicator'): boolean;
  setOpen(id: string, open: boolean): void;
}

const KEY = Symbol('results-framework');

export const setRf = (ctx: RfContext) => setContext(KEY, ctx);
export const getRf = () => getContext<RfContext>(KEY);
