import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { Saver, type SaveState } from './autosave';
import type { Patch } from './backend/bindings/Patch';

const set = (path: string, value: string): Patch => ({ op: 'set', path, value });

function harness(fail = 0) {
  const batches: Patch[][] = [];
  const states: SaveState[] = [];
  let failures = fail;
  const saver = new Saver({
    send: async (patches) => {
      if (failures > 0) {
        failures--;
        throw { code: 'disk_full', message: 'the disk is full' };
      }
      batches.push(patches);
      return { savedAt: Date.now(), rejected: [] };
    },
    onState: (s) => states.push(s),
  });
  return { saver, batches, states };
}

describe('Saver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces changes to one path and sends after the debounce', async () => {
    const { saver, batches } = harness();
    saver.queue(set('/cover/title', 'A'));
    saver.queue(set('/cover/title', 'AB'));
    saver.queue(set('/cover/short_title', 'x'));
    await vi.advanceTimersByTimeAsync(299);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[set('/cover/title', 'AB'), set('/cover/short_title', 'x')]]);
    expect(saver.state.kind).toBe('saved');
  });

  it('never holds a change longer than the max wait while typing continues', async () => {
    const { saver, batches } = harness();
    for (let i = 0; i < 20; i++) {
      saver.queue(set('/cover/title', 'x'.repeat(i + 1)));
      await vi.advanceTimersByTimeAsync(100);
    }
    // 2 s of typing every 100 ms: at least one save per second.
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches[0][0]).toEqual(set('/cover/title', 'x'.repeat(10)));
  });

  it('flush sends at once and resolves when saved', async () => {
    const { saver, batches } = harness();
    saver.queue(set('/narrative/context.body', 'text'));
    await saver.flush();
    expect(batches).toHaveLength(1);
    expect(saver.hasPending).toBe(false);
  });

  it('keeps failed patches, shows the error and retries with backoff', async () => {
    const { saver, batches, states } = harness(2);
    saver.queue(set('/cover/title', 'kept'));
    await vi.advanceTimersByTimeAsync(300);
    expect(saver.state).toEqual({ kind: 'error', message: 'the disk is full' });
    saver.queue(set('/cover/short_title', 'newer'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([set('/cover/title', 'kept'), set('/cover/short_title', 'newer')]);
    expect(states.at(-1)?.kind).toBe('saved');
  });

  it('a newer value typed during a failure wins over the failed one', async () => {
    const { saver, batches } = harness(1);
    saver.queue(set('/cover/title', 'old'));
    await vi.advanceTimersByTimeAsync(300);
    saver.queue(set('/cover/title', 'new'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toEqual([[set('/cover/title', 'new')]]);
  });

  it('sends batches one at a time, in order', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const saver = new Saver({
      send: async (patches) => {
        order.push(patches.map((p) => p.path).join());
        if (order.length === 1) await new Promise<void>((r) => (release = r));
        return { savedAt: 1, rejected: [] };
      },
    });
    saver.queue(set('/a', '1'));
    await vi.advanceTimersByTimeAsync(300);
    saver.queue(set('/b', '2'));
    await vi.advanceTimersByTimeAsync(300);
    expect(order).toEqual(['/a']);
    release();
    await saver.flush();
    expect(order).toEqual(['/a', '/b']);
  });
});
