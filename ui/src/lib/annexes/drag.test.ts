import { describe, it, expect } from 'vitest';
import { canDrop } from './drag';

describe('drag and drop', () => {
  const d = { kind: 'output', group: 'oc1', index: 2, move: () => {} };
  it('moves only within the same list and kind', () => {
    expect(canDrop(d, 'output', 'oc1', 0)).toBe(true);
    expect(canDrop(d, 'output', 'oc1', 2)).toBe(false);
    expect(canDrop(d, 'output', 'oc2', 0)).toBe(false);
    expect(canDrop(d, 'activity', 'oc1', 0)).toBe(false);
    expect(canDrop(null, 'output', 'oc1', 0)).toBe(false);
  });
});
