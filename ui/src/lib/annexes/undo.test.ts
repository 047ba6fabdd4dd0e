import { describe, it, expect, vi, afterEach } from 'vitest';
import { UndoOffer, UNDO_MS } from './undo';

afterEach(() => vi.useRealTimers());

describe('UndoOffer', () => {
  it('offers an entry for ten seconds, then withdraws it', () => {
    vi.useFakeTimers();
    const seen: (string | null)[] = [];
    const u = new UndoOffer<string>((e) => seen.push(e));
    u.offer('line 3');
    expect(u.current).toBe('line 3');
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(u.current).toBe('line 3');
    vi.advanceTimersByTime(1);
    expect(u.current).toBeNull();
    expect(seen).toEqual(['line 3', null]);
  });
  it('hands the entry over once and stops the timer', () => {
    vi.useFakeTimers();
    const seen: (string | null)[] = [];
    const u = new UndoOffer<string>((e) => seen.push(e));
    u.offer('a');
    expect(u.take()).toBe('a');
    expect(u.take()).toBeNull();
    vi.advanceTimersByTime(UNDO_MS * 2);
    expect(seen).toEqual(['a', null, null]);
  });
  it('a newer delete replaces the offer and restarts the clock', () => {
    vi.useFakeTimers();
    const u = new UndoOffer<string>(() => {}, 1000);
    u.offer('a');
    vi.advanceTimersByTime(800);
    u.offer('b');
    vi.advanceTimersByTime(800);
    expect(u.current).toBe('b');
    vi.advanceTimersByTime(200);
    expect(u.current).toBeNull();
  });
  it('can be dismissed and disposed', () => {
    vi.useFakeTimers();
    const u = new UndoOffer<string>(() => {});
    u.offer('a');
    u.dismiss();
    expect(u.current).toBeNull();
    u.offer('b');
    u.dispose();
    expect(u.current).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });
});
