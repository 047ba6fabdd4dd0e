import { describe, expect, it } from 'vitest';
import type { AmountAsked } from '../backend/bindings/AmountAsked';
import { AmountBook, PENDING } from './amounts.svelte';

/** Lets the book's queued call and its answer run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function recording(fail = false) {
  const calls: [string, AmountAsked[]][] = [];
  const ask = async (lang: string, asked: AmountAsked[]) => {
    calls.push([lang, asked]);
    if (fail) throw new Error('no core');
    return asked.map((a) => `${lang}|${a.kind}|${a.value}`);
  };
  return { calls, ask };
}

describe('the book of written amounts', () => {
  it('asks once for every amount read in the same turn, then remembers', async () => {
    const { calls, ask } = recording();
    const book = new AmountBook(ask);
    expect(book.usd('2240000.00', 'en')).toBe(PENDING);
    expect(book.cents(125n, 'en')).toBe(PENDING);
    expect(book.change(-30000n, 'en')).toBe(PENDING);
    expect(book.percent(12.5, 'en')).toBe(PENDING);
    expect(book.date('2025-03-01', 'en')).toBe(PENDING);
    expect(book.usd('2240000.00', 'en')).toBe(PENDING);
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0][1]).toEqual([
      { kind: 'decimal', value: '2240000.00' },
      { kind: 'cents', value: '125' },
      { kind: 'change', value: '-30000' },
      { kind: 'percent', value: '12.5' },
      { kind: 'date', value: '2025-03-01' },
    ]);
    expect(book.usd('2240000.00', 'en')).toBe('en|decimal|2240000.00');
    expect(book.cents('125', 'en')).toBe('en|cents|125');
    expect(book.change(-30000n, 'en')).toBe('en|change|-30000');
    expect(book.percent('12.5', 'en')).toBe('en|percent|12.5');
    expect(book.date('2025-03-01', 'en')).toBe('en|date|2025-03-01');
    expect(calls).toHaveLength(1);
  });

  it('keeps each language apart', async () => {
    const { calls, ask } = recording();
    const book = new AmountBook(ask);
    book.usd('5', 'en');
    book.usd('5', 'fr');
    await settle();
    expect(calls.map(([lang]) => lang).sort()).toEqual(['en', 'fr']);
    expect(book.usd('5', 'fr')).toBe('fr|decimal|5');
  });

  it('shows the plain figure when the core cannot be asked', async () => {
    const { ask } = recording(true);
    const book = new AmountBook(ask);
    book.cents(1000550n, 'en');
    await settle();
    expect(book.cents(1000550n, 'en')).toBe('1000550');
  });
});
