// The core's reading of budget figures, kept for the grid. A line's total,
// its quantity and unit cost as exact integers come from the core
// (`line_figures`): the UI neither parses a figure nor rounds a total; it
// only adds the core's cents and compares them. Answers are remembered by
// the pair of texts, so a line that did not change is never asked again.

import * as api from '../backend';
import type { LineFigures } from '../backend/bindings/LineFigures';

/** Figures for lines that are not numbers (or when the core could not be asked). */
export const NO_FIGURES: LineFigures = { quantity: null, unit_cost: null, total: null, total_decimal: null };

/** Beyond this many remembered pairs, the oldest half is forgotten. */
const REMEMBERED = 50_000;
/** The most pairs sent in one call (the core's own limit is the largest budget). */
const BATCH = 5_000;

const keyOf = (quantity: string, unitCost: string) => `${quantity}\u0000${unitCost}`;

export class FigureBook {
  /** Bumped when answers arrive, so what read a missing figure reads again. */
  #version = $state(0);
  #known = new Map<string, LineFigures>();
  #waiting = new Map<string, [string, string]>();
  #scheduled = false;

  constructor(private readonly ask: (pairs: [string, string][]) => Promise<LineFigures[]> = api.lineFigures) {}

  /**
   * The core's figures for a quantity and unit cost, or undefined while
   * they are on their way (asked for at once, with every other missing
   * pair read in the same turn). Reactive: read inside `$derived` or markup.
   */
  of(quantity: string, unitCost: string): LineFigures | undefined {
    void this.#version;
    const key = keyOf(quantity, unitCost);
    const known = this.#known.get(key);
    if (known) return known;
    if (!this.#waiting.has(key)) {
      this.#waiting.set(key, [quantity, unitCost]);
      if (!this.#scheduled) {
        this.#scheduled = true;
        queueMicrotask(() => void this.#send());
      }
    }
    return undefined;
  }

  /** Asks the core for the pairs not known yet and resolves once every one is known. */
  async read(pairs: [string, string][]): Promise<LineFigures[]> {
    const missing = pairs.filter(([q, c]) => !this.#known.has(keyOf(q, c)));
    if (missing.length > 0) await this.#ask(missing);
    return pairs.map(([q, c]) => this.#known.get(keyOf(q, c)) ?? NO_FIGURES);
  }

  async #send() {
    this.#scheduled = false;
    const pairs = [...this.#waiting.values()];
    this.#waiting.clear();
    await this.#ask(pairs);
    this.#version++;
  }

  async #ask(pairs: [string, string][]) {
    for (let at = 0; at < pairs.length; at += BATCH) {
      const part = pairs.slice(at, at + BATCH);
      let answers: LineFigures[];
      try {
        answers = await this.ask(part);
      } catch {
        // Shown as not numbers rather than asked again and again; the core
        // still checks every figure when the draft is saved.
        answers = part.map(() => NO_FIGURES);
      }
      if (this.#known.size + part.length > REMEMBERED) {
        const keys = [...this.#known.keys()];
        for (const k of keys.slice(0, keys.length / 2)) this.#known.delete(k);
      }
      part.forEach(([q, c], i) => this.#known.set(keyOf(q, c), answers[i] ?? NO_FIGURES));
    }
  }
}

/** The app's one book of figures. */
export const figures = new FigureBook();

/** A figure the core gave, as a BigInt (null when it is not a number). */
export const exact = (digits: string | null | undefined): bigint | null => (digits == null ? null : BigInt(digits));
