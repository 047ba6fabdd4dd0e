// Amounts, percentages and calendar dates as the screens show them, written
// by the core (`shown_amounts`): the UI never groups digits, places decimals,
// signs a difference, places a percent sign or names a month. Each
// amount is asked for once per language and remembered; every amount read
// in the same turn goes in one call. Until the core's answer is back the
// amount shows as PENDING.

import * as api from '../backend';
import type { AmountAsked } from '../backend/bindings/AmountAsked';
import { language } from '../i18n';

/** What an amount shows for the moment it is on its way. */
export const PENDING = '…';

/** Beyond this many remembered amounts, the oldest half is forgotten. */
const REMEMBERED = 50_000;
/** The most amounts sent in one call (well under the core's own limit). */
const BATCH = 5_000;

type Ask = (language: string, amounts: AmountAsked[]) => Promise<string[]>;

const keyOf = (lang: string, a: AmountAsked) => `${lang}\u0000${a.kind}\u0000${a.value}`;

export class AmountBook {
  /** Bumped when answers arrive, so what read a pending amount reads again. */
  #version = $state(0);
  #known = new Map<string, string>();
  #waiting = new Map<string, Map<string, AmountAsked>>();
  #scheduled = false;

  constructor(private readonly ask: Ask = api.shownAmounts) {}

  /** A decimal text ("2240000.00", a unit cost as typed), written; text that is no amount shows as typed. */
  usd(decimal: string, lang: string = language()): string {
    return this.#written({ kind: 'decimal', value: decimal }, lang);
  }

  /** Exact cents (the core's figures, or their sum), written. */
  cents(cents: bigint | string, lang: string = language()): string {
    return this.#written({ kind: 'cents', value: String(cents) }, lang);
  }

  /** A difference in cents with its sign: "+1,250.00", "−300.00", "0.00". */
  change(cents: bigint, lang: string = language()): string {
    return this.#written({ kind: 'change', value: String(cents) }, lang);
  }

  /** A percentage from a plain decimal ("12.5", 40): "12.5%", "12,5 %". */
  percent(plain: string | number, lang: string = language()): string {
    return this.#written({ kind: 'percent', value: String(plain) }, lang);
  }

  /** A calendar date (`YYYY-MM-DD`) in words, as the PDF writes it: "1 March 2025", "1er mars 2025". */
  date(iso: string, lang: string = language()): string {
    return this.#written({ kind: 'date', value: iso }, lang);
  }

  #written(asked: AmountAsked, lang: string): string {
    void this.#version;
    const key = keyOf(lang, asked);
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    let waiting = this.#waiting.get(lang);
    if (!waiting) this.#waiting.set(lang, (waiting = new Map()));
    waiting.set(key, asked);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => void this.#send());
    }
    return PENDING;
  }

  async #send() {
    this.#scheduled = false;
    const batches = [...this.#waiting.entries()];
    this.#waiting.clear();
    await Promise.all(batches.map(([lang, asked]) => this.#ask(lang, [...asked.values()])));
    this.#version++;
  }

  async #ask(lang: string, asked: AmountAsked[]) {
    for (let at = 0; at < asked.length; at += BATCH) {
      const part = asked.slice(at, at + BATCH);
      let answers: string[];
      try {
        answers = await this.ask(lang, part);
      } catch {
        // Shown as the plain figure rather than asked again and again.
        answers = part.map((a) => a.value);
      }
      if (this.#known.size + part.length > REMEMBERED) {
        const keys = [...this.#known.keys()];
        for (const k of keys.slice(0, keys.length / 2)) this.#known.delete(k);
      }
      part.forEach((a, i) => this.#known.set(keyOf(lang, a), answers[i] ?? a.value));
    }
  }
}

/** The app's one book of written amounts. */
export const amounts = new AmountBook();
