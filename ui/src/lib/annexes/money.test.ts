import { describe, it, expect } from 'vitest';
import { isDecimal, toScaled, lineTotalCents, centsToDecimal, formatUsd, formatLineTotal, isZeroAmount } from './money';

describe('isDecimal', () => {
  it('accepts what the core accepts', () => {
    for (const ok of ['12', '2.5', '1250.50', '.5', '10.', '0', '-3', ' 7 ', '000123']) expect(isDecimal(ok, 2), ok).toBe(true);
    expect(isDecimal('2.5001', 4)).toBe(true);
  });
  it('refuses commas, letters, exponents, empty text and too many decimals', () => {
    for (const bad of ['12,5', 'abc', '', ' ', '.', '-', '1e5', '1.234', '1 000', '--1', '+1', 'NaN', '1.2.3', '١٢'])
      expect(isDecimal(bad, 2), bad).toBe(false);
    expect(isDecimal('2.50001', 4)).toBe(false);
  });
  it('bounds the integer digits like the core (15 for amounts, 12 for quantities)', () => {
    expect(isDecimal('123456789012345', 2)).toBe(true);
    expect(isDecimal('1234567890123456', 2)).toBe(false);
    expect(isDecimal('123456789012', 4, 12)).toBe(true);
    expect(isDecimal('1234567890123', 4, 12)).toBe(false);
  });
});

describe('toScaled', () => {
  it('scales exactly', () => {
    expect(toScaled('1000.5', 2)).toBe(100050n);
    expect(toScaled('.05', 2)).toBe(5n);
    expect(toScaled('-3', 2)).toBe(-300n);
    expect(toScaled('2.5', 4)).toBe(25000n);
    expect(toScaled('x', 2)).toBeNull();
  });
});

describe('lineTotalCents', () => {
  it('multiplies exactly, with no float drift', () => {
    expect(lineTotalCents('10', '1000.50')).toBe(1000500n);
    expect(lineTotalCents('3', '0.1')).toBe(30n);
    expect(lineTotalCents('9', '6500')).toBe(5850000n);
    expect(lineTotalCents('1.5', '0.99')).toBe(149n); // 1.485 → 1.49
  });
  it('rounds half away from zero to the cent, as the core does', () => {
    expect(lineTotalCents('0.335', '3')).toBe(101n); // 1.005 → 1.01
    expect(lineTotalCents('0.3349', '3')).toBe(100n); // 1.0047 → 1.00
    expect(lineTotalCents('0.0005', '10')).toBe(1n); // 0.005 → 0.01
    expect(lineTotalCents('0.0004', '10')).toBe(0n);
    expect(lineTotalCents('-0.335', '3')).toBe(-101n); // -1.005 → -1.01
    expect(lineTotalCents('0.335', '-3')).toBe(-101n);
    expect(lineTotalCents('2.5', '0.01')).toBe(3n); // 0.025 → 0.03
  });
  it('is null while a figure is invalid', () => {
    expect(lineTotalCents('12,5', '10')).toBeNull();
    expect(lineTotalCents('1', '1.234')).toBeNull();
    expect(lineTotalCents('1.23456', '1')).toBeNull();
  });
  it('handles huge lines without overflow', () => {
    expect(lineTotalCents('999999999999.9999', '999999999999999.99')).toBe(10n ** 29n - 11_000_000_000_000n);
  });
});

describe('formatting', () => {
  it('turns cents into a decimal', () => {
    expect(centsToDecimal(1000500n)).toBe('10005.00');
    expect(centsToDecimal(5n)).toBe('0.05');
    expect(centsToDecimal(-101n)).toBe('-1.01');
    expect(centsToDecimal(0n)).toBe('0.00');
  });
  it('groups thousands with string operations only', () => {
    expect(formatUsd('2240000.00')).toBe('2,240,000.00');
    expect(formatUsd('1080705.35')).toBe('1,080,705.35');
    expect(formatUsd('999.5')).toBe('999.50');
    expect(formatUsd('1000')).toBe('1,000.00');
    expect(formatUsd('0.00')).toBe('0.00');
    expect(formatUsd('-1234567.8')).toBe('-1,234,567.80');
    expect(formatUsd('-0.00')).toBe('0.00');
    expect(formatUsd('123456789012345678.99')).toBe('123,456,789,012,345,678.99');
    expect(formatUsd('007.10')).toBe('7.10');
    expect(formatUsd('not money')).toBe('not money');
  });
  it('formats a line preview', () => {
    expect(formatLineTotal('10', '1000.50')).toBe('10,005.00');
    expect(formatLineTotal('abc', '1')).toBeNull();
  });
  it('knows zero', () => {
    expect(isZeroAmount('0.00')).toBe(true);
    expect(isZeroAmount('0')).toBe(true);
    expect(isZeroAmount('0.01')).toBe(false);
  });
});

describe('formatUsd per language', () => {
  it('groups and marks decimals as each language does', () => {
    expect(formatUsd('2396800', 'en')).toBe('2,396,800.00');
    expect(formatUsd('2396800', 'fr')).toBe('2\u202f396\u202f800,00');
    expect(formatUsd('-2396800.5', 'es')).toBe('-2.396.800,50');
  });
});

import coreTotals from '../backend/bindings/line-totals.fixture.json';

describe('line totals previewed while typing', () => {
  it('are the totals the core computes, case by case', () => {
    expect(coreTotals.length).toBeGreaterThan(200);
    for (const c of coreTotals) {
      const cents = lineTotalCents(c.quantity, c.unit_cost);
      expect(cents === null ? null : centsToDecimal(cents), `${c.quantity} × ${c.unit_cost}`).toBe(c.total);
    }
  });
});
