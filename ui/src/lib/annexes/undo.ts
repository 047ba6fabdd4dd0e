// The undo offer after a delete: one entry, which expires after a while (the
// "Undo" button shows for ten seconds). Framework-free; the component passes
// a callback that mirrors the entry into its state.

export const UNDO_MS = 10_000;

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class UndoOffer<T> {
  private entry: T | null = null;
  private timer: unknown = null;

  constructor(
    private readonly onChange: (entry: T | null) => void,
    private readonly ms = UNDO_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The entry on offer, if any. */
  get current(): T | null {
    return this.entry;
  }

  /** Offers to undo `entry`, replacing any earlier offer. */
  offer(entry: T): void {
    this.stopTimer();
    this.entry = entry;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.set(null);
    }, this.ms);
    this.onChange(entry);
  }

  /** Takes the entry (to restore it); the offer ends. */
  take(): T | null {
    const e = this.entry;
    this.stopTimer();
    this.set(null);
    return e;
  }

  /** Ends the offer without restoring. */
  dismiss(): void {
    this.take();
  }

  dispose(): void {
    this.stopTimer();
    this.entry = null;
  }

  private set(e: T | null) {
    this.entry = e;
    this.onChange(e);
  }

  private stopTimer() {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
