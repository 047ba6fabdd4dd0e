import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Saver, type SaveState, type SendResult } from './autosave';
import type { Patch } from './backend/bindings/Patch';

const set = (path: string, value: string | number | null): Patch => ({ op: 'set', path, value });

/** A fake backend: records each batch; each call can be made to fail or wait. */
function fakeBackend() {
  const batches: Patch[][] = [];
  let failures: unknown[] = [];
  let gate: Promise<void> | null = null;
  const send = vi.fn(async (patches: Patch[]): Promise<SendResult> => {
    batches.push(patches);
    if (gate) await gate;
    const f = failures.shift();
    if (f !== undefined) throw f;
    return { savedAt: Date.now() };
  });
  return {
    send,
    batches,
    failNext(...errors: unknown[]) {
      failures = errors;
    },
    /** Holds every send until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

function saverWith(backend: ReturnType<typeof fakeBackend>) {
  const states: SaveState[] = [];
  const saver = new Saver({ send: backend.send, onState: (s) => states.push(s) });
  return { saver, states };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2027-03-01T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Saver', () => {
  it('starts idle and says saving as soon as a change is queued', () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    expect(saver.state).toEqual({ kind: 'idle' });
    saver.queue(set('/cover/title', 'A'));
    expect(saver.state).toEqual({ kind: 'saving' });
    expect(saver.hasUnsaved).toBe(true);
  });

  it('coalesces changes to one path: the last value wins', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/title', 'A'));
    saver.queue(set('/cover/short_title', 'S'));
    saver.queue(set('/cover/title', 'AB'));
    await vi.advanceTimersByTimeAsync(300);
    expect(b.batches).toEqual([[set('/cover/short_title', 'S'), set('/cover/title', 'AB')]]);
    expect(saver.state.kind).toBe('saved');
    expect(saver.hasUnsaved).toBe(false);
  });

  it('never merges appends to a list', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/countries/-', 'Peru'));
    saver.queue(set('/cover/countries/-', 'Chile'));
    await vi.advanceTimersByTimeAsync(300);
    expect(b.batches[0]).toHaveLength(2);
  });

  it('waits for a 300 ms pause before sending', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/title', 'A'));
    await vi.advanceTimersByTimeAsync(200);
    saver.queue(set('/cover/title', 'AB'));
    await vi.advanceTimersByTimeAsync(299);
    expect(b.send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(b.batches).toEqual([[set('/cover/title', 'AB')]]);
  });

  it('never holds a change longer than one second while typing goes on', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    let text = '';
    for (let i = 0; i < 9; i++) {
      text += 'x';
      saver.queue(set('/narrative/context.body', text));
      await vi.advanceTimersByTimeAsync(100);
    }
    // 900 ms of typing every 100 ms: nothing yet.
    expect(b.send).not.toHaveBeenCalled();
    text += 'x';
    saver.queue(set('/narrative/context.body', text));
    await vi.advanceTimersByTimeAsync(100);
    expect(b.send).toHaveBeenCalledTimes(1);
    expect(b.batches[0]).toEqual([set('/narrative/context.body', 'xxxxxxxxxx')]);
  });

  it('flush sends at once and resolves when the change is on disk', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/title', 'A'));
    const release = b.hold();
    let done = false;
    const flushed = saver.flush().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(b.send).toHaveBeenCalledTimes(1);
    expect(done).toBe(false);
    release();
    await flushed;
    expect(done).toBe(true);
    expect(saver.state.kind).toBe('saved');
  });

  it('flush with nothing queued resolves at once', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    await saver.flush();
    expect(b.send).not.toHaveBeenCalled();
  });

  it('sends one batch at a time, in order; flush waits for both', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/title', 'A'));
    const release = b.hold();
    await vi.advanceTimersByTimeAsync(300);
    expect(b.send).toHaveBeenCalledTimes(1);
    // Typed while the first batch is on its way.
    saver.queue(set('/cover/title', 'AB'));
    saver.queue(set('/cover/short_title', 'S'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(b.send).toHaveBeenCalledTimes(1);
    expect(saver.state.kind).toBe('saving');
    const flushed = saver.flush();
    release();
    await flushed;
    expect(b.batches).toEqual([
      [set('/cover/title', 'A')],
      [set('/cover/title', 'AB'), set('/cover/short_title', 'S')],
    ]);
    expect(saver.state.kind).toBe('saved');
  });

  it('sends changes made during a batch on their own timer after it', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/title', 'A'));
    const release = b.hold();
    await vi.advanceTimersByTimeAsync(300);
    saver.queue(set('/cover/title', 'AB'));
    release();
    await vi.advanceTimersByTimeAsync(300);
    expect(b.batches).toEqual([[set('/cover/title', 'A')], [set('/cover/title', 'AB')]]);
  });

  it('on failure keeps the changes, says so, and retries with backoff', async () => {
    const b = fakeBackend();
    const { saver, states } = saverWith(b);
    b.failNext({ code: 'io', message: 'disk full' }, { code: 'io', message: 'disk full' }, { code: 'io', message: 'disk full' });
    saver.queue(set('/cover/title', 'A'));
    await vi.advanceTimersByTimeAsync(300);
    expect(saver.state).toEqual({ kind: 'error', message: 'disk full' });
    expect(b.send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(b.send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1); // 1 s
    expect(b.send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(b.send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1); // 2 s
    expect(b.send).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4000); // 4 s, and this one works
    expect(b.send).toHaveBeenCalledTimes(4);
    expect(b.batches.every((batch) => batch[0].path === '/cover/title')).toBe(true);
    expect(saver.state.kind).toBe('saved');
    expect(states.filter((s) => s.kind === 'error')).toHaveLength(3);
  });

  it('caps the backoff at ten seconds and never drops the changes', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    b.failNext(...Array.from({ length: 8 }, () => new Error('locked')));
    saver.queue(set('/cover/title', 'A'));
    await vi.advanceTimersByTimeAsync(300);
    // 1 + 2 + 4 + 8 + 10 + 10 + 10 seconds of retries.
    await vi.advanceTimersByTimeAsync(45_000);
    expect(b.send).toHaveBeenCalledTimes(8);
    expect(saver.state).toEqual({ kind: 'error', message: 'locked' });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(b.send).toHaveBeenCalledTimes(8);
    await vi.advanceTimersByTimeAsync(1);
    expect(b.send).toHaveBeenCalledTimes(9);
    expect(b.batches[8]).toEqual([set('/cover/title', 'A')]);
    expect(saver.state.kind).toBe('saved');
  });

  it('a failed batch goes back under newer changes to the same path', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/title', 'A'));
    saver.queue(set('/cover/short_title', 'S'));
    const release = b.hold();
    b.failNext(new Error('busy'));
    await vi.advanceTimersByTimeAsync(300);
    saver.queue(set('/cover/title', 'AB'));
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.state.kind).toBe('error');
    // Typing during the backoff waits for the retry.
    saver.queue(set('/cover/duration_months', 24));
    await vi.advanceTimersByTimeAsync(999);
    expect(b.send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(b.batches[1]).toEqual([
      set('/cover/short_title', 'S'),
      set('/cover/title', 'AB'),
      set('/cover/duration_months', 24),
    ]);
    expect(saver.state.kind).toBe('saved');
  });

  it('flush rejects when the save fails, keeps the changes, and a later flush saves them', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    b.failNext({ code: 'io', message: 'disk full' });
    saver.queue(set('/cover/title', 'A'));
    await expect(saver.flush()).rejects.toEqual({ code: 'io', message: 'disk full' });
    expect(saver.hasUnsaved).toBe(true);
    await saver.flush();
    expect(b.batches).toEqual([[set('/cover/title', 'A')], [set('/cover/title', 'A')]]);
    expect(saver.hasUnsaved).toBe(false);
    // The retry that was scheduled finds nothing to send.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(b.send).toHaveBeenCalledTimes(2);
  });

  it('reports refused patches and does not send them again', async () => {
    const rejected = vi.fn();
    const send = vi.fn(async () => ({ savedAt: 1, rejected: [{ path: '/cover/duration_months', message: 'too long' }] }));
    const saver = new Saver({ send, onRejected: rejected });
    saver.queue(set('/cover/duration_months', 9999));
    await saver.flush();
    expect(rejected).toHaveBeenCalledWith([{ path: '/cover/duration_months', message: 'too long' }]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(saver.state).toEqual({ kind: 'saved', at: 1 });
  });

  it('saved carries the time the backend gave', async () => {
    const send = vi.fn(async () => ({ savedAt: 1_790_000_000_000 }));
    const saver = new Saver({ send });
    saver.queue(set('/cover/title', 'A'));
    await saver.flush();
    expect(saver.state).toEqual({ kind: 'saved', at: 1_790_000_000_000 });
  });

  it('after dispose nothing more is sent', async () => {
    const b = fakeBackend();
    const { saver } = saverWith(b);
    saver.queue(set('/cover/title', 'A'));
    saver.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(b.send).not.toHaveBeenCalled();
  });

  it('a change to a whole list replaces pending changes inside it', async () => {
    const batches: Patch[][] = [];
    const saver = new Saver({
      send: async (patches) => {
        batches.push(patches);
        return { savedAt: 1, rejected: [] };
      },
    });
    saver.queue({ op: 'set', path: '/budget/lines', value: [] });
    saver.queue({ op: 'set', path: '/budget/lines/3', value: 'x' });
    saver.queue({ op: 'set', path: '/cover/title', value: 't' });
    saver.queue({ op: 'set', path: '/budget/lines', value: ['new'] });
    await saver.flush();
    expect(batches.flat().map((p) => p.path)).toEqual(['/cover/title', '/budget/lines']);
  });
});
