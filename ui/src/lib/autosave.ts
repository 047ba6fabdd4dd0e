import { describeError } from './errors';
// Autosave: coalesces field changes, sends them one batch at a time in the
// order they were made, and never drops one. A change waits for a pause in
// typing (`debounceMs`) but never longer than `maxWaitMs`, so a crash loses at
// most about a second of work. Framework-free so it can be tested with fake
// timers.
import type { Patch } from './backend/bindings/Patch';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'error'; message: string };

/** A patch the backend refused for good; the rest of its batch was saved. */
export interface RejectedPatch {
  path: string;
  code?: string;
  message: string;
}

export interface SendResult {
  /** When the batch reached the disk (unix ms). */
  savedAt: number;
  /** Refused patches; they are not sent again. */
  rejected?: RejectedPatch[];
}

export interface SaverOptions {
  /** Writes one batch; rejects when nothing of it was saved. */
  send: (patches: Patch[]) => Promise<SendResult>;
  onState?: (state: SaveState) => void;
  onRejected?: (rejected: RejectedPatch[]) => void;
  debounceMs?: number;
  maxWaitMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

interface Queued {
  patch: Patch;
  seq: number;
}

let appendCounter = 0;

/** The coalescing key: the path, except that appends (`/-`) never merge. */
function keyOf(patch: Patch): string {
  return patch.path.endsWith('/-') ? `${patch.path}#${++appendCounter}` : patch.path;
}

export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const code = 'code' in e ? String((e as { code: unknown }).code) : 'unknown';
    return describeError(code, String((e as { message: unknown }).message)).text;
  }
  return String(e);
}

export class Saver {
  private pending = new Map<string, Queued>();
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Time the oldest unsent change was queued, and the latest. */
  private firstQueuedAt: number | null = null;
  private lastQueuedAt = 0;
  private failures = 0;
  /** Sequence number of the latest queued change, and of the latest one on disk. */
  private queuedSeq = 0;
  private savedSeq = 0;
  private disposed = false;
  private _state: SaveState = { kind: 'idle' };
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;

  constructor(private readonly options: SaverOptions) {
    this.debounceMs = options.debounceMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.retryMaxMs = options.retryMaxMs ?? 10000;
  }

  get state(): SaveState {
    return this._state;
  }

  /** True while some change is not yet known to be on disk. */
  get hasUnsaved(): boolean {
    return this.savedSeq < this.queuedSeq;
  }

  /** True while a change is queued or on its way (same as `hasUnsaved`). */
  get hasPending(): boolean {
    return this.hasUnsaved;
  }

  private setState(state: SaveState) {
    this._state = state;
    this.options.onState?.(state);
  }

  /** Queues a change; a later change to the same path replaces it. */
  queue(patch: Patch): void {
    if (this.disposed) return;
    const key = keyOf(patch);
    this.pending.delete(key);
    // A change to a whole list or object carries every change made inside it:
    // drop those, so they are not applied afterwards against a different shape.
    const inside = `${patch.path}/`;
    for (const k of [...this.pending.keys()]) {
      if (this.pending.get(k)?.patch.path.startsWith(inside)) this.pending.delete(k);
    }
    this.pending.set(key, { patch, seq: ++this.queuedSeq });
    const now = Date.now();
    this.firstQueuedAt ??= now;
    this.lastQueuedAt = now;
    // While failing, the error stays on screen until a save succeeds.
    if (this._state.kind !== 'error') this.setState({ kind: 'saving' });
    if (this.retryTimer === null) this.scheduleSend();
  }

  /** Arms the debounce timer for the pending changes. */
  private scheduleSend() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 || this.firstQueuedAt === null) return;
    const due = Math.min(this.lastQueuedAt + this.debounceMs, this.firstQueuedAt + this.maxWaitMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sendNow().catch(() => {});
    }, Math.max(0, due - Date.now()));
  }

  /**
   * Sends everything queued so far now and resolves once it is on disk.
   * Rejects with the error if a send fails (the changes are kept and retried).
   */
  async flush(): Promise<void> {
    const target = this.queuedSeq;
    while (this.savedSeq < target) {
      if (this.inFlight) {
        await this.inFlight;
      } else if (this.pending.size > 0) {
        await this.sendNow();
      } else {
        // Nothing pending or in flight yet not saved: only refused patches.
        break;
      }
    }
  }

  /** Stops timers; unsent changes stay unsent (call flush() first). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = null;
  }

  /**
   * Sends the pending batch, or waits for the one in flight. The returned
   * promise rejects when the batch fails; timers ignore that (the state
   * says it, and a retry is scheduled).
   */
  private sendNow(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.pending.size === 0) return Promise.resolve();
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = null;

    const batch = [...this.pending.entries()];
    const batchSeq = this.queuedSeq;
    this.pending.clear();
    this.firstQueuedAt = null;
    if (this._state.kind !== 'error') this.setState({ kind: 'saving' });

    const run = (async () => {
      let result: SendResult;
      try {
        result = await this.options.send(batch.map(([, q]) => q.patch));
      } catch (e) {
        this.restore(batch);
        this.failures++;
        this.setState({ kind: 'error', message: errorMessage(e) });
        this.scheduleRetry();
        throw e;
      }
      this.failures = 0;
      this.savedSeq = Math.max(this.savedSeq, batchSeq);
      if (result.rejected?.length) this.options.onRejected?.(result.rejected);
      if (this.pending.size === 0) this.setState({ kind: 'saved', at: result.savedAt });
      else this.setState({ kind: 'saving' });
    })();

    this.inFlight = run.finally(() => {
      this.inFlight = null;
      // Changes made while this batch was on its way go next, on their own timer.
      if (!this.disposed && this.pending.size > 0 && this.retryTimer === null) this.scheduleSend();
    });
    return this.inFlight;
  }

  /** Puts a failed batch back under anything queued since, which is newer. */
  private restore(batch: [string, Queued][]) {
    const newer = this.pending;
    this.pending = new Map();
    for (const [key, q] of batch) if (!newer.has(key)) this.pending.set(key, q);
    for (const [key, q] of newer) this.pending.set(key, q);
    this.firstQueuedAt ??= Date.now();
  }

  private scheduleRetry() {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const delay = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** (this.failures - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.sendNow().catch(() => {});
    }, delay);
  }
}
