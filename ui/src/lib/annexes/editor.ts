// What every annex editor receives from the editor, and what they share.
import type { Proposal, Template, BudgetSummary } from '../backend';
import type { Problem } from '../backend/bindings/Problem';
import type { Schedule } from '../backend/bindings/Schedule';
import { numbering, type Numbering } from './results';

export interface AnnexProps {
  proposal: Proposal;
  template: Template;
  budget: BudgetSummary;
  /** Quarters, years and the quarters' months, as the core counts them. */
  schedule: Schedule;
  problems: Problem[];
  rejected: Record<string, string>;
  edit: (path: string, value: unknown) => void;
  flush: () => void;
}

/** The PUNOs named on the cover page, in its order. */
export function coverPunos(p: Proposal): string[] {
  return p.cover.punos.map((x) => x.entity.trim()).filter((x) => x !== '');
}

import { getContext, setContext } from 'svelte';
const DRAFT = Symbol('draft');

/** The open draft's id and a way to read it again after a change made by the core (lines imported). */
export interface DraftHandle {
  id: string;
  reload: () => Promise<void>;
}

export function provideDraft(d: DraftHandle): void {
  setContext(DRAFT, d);
}

export function draftHandle(): DraftHandle | null {
  return getContext<DraftHandle | undefined>(DRAFT) ?? null;
}

const NUMBERS = Symbol('numbers');

/** Gives the annex editors the core's numbering of the results framework (read again on every change). */
export function provideNumbers(get: () => Numbering): void {
  setContext(NUMBERS, get);
}

/** The core's numbering, as a getter to read inside `$derived` or markup (nothing numbered outside an editor). */
export function useNumbers(): () => Numbering {
  return getContext<(() => Numbering) | undefined>(NUMBERS) ?? (() => numbering({}));
}
