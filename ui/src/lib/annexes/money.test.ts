import { describe, expect, it } from 'vitest';
import { isZeroAmount } from './money';

describe('money', () => {
  it('knows zero', () => {
    expect(isZeroAmount('0.00')).toBe(true);
    expect(isZeroAmount('0')).toBe(true);
    expect(isZeroAmount('-0.0')).toBe(true);
    expect(isZeroAmount('0.01')).toBe(false);
  });
});
