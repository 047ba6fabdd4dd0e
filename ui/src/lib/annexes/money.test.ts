import { describe, it, expect } from 'vitest';
import { centsToDecimal, formatUsd, isZeroAmount } from './money';

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
