// Time source of the stream reader. Injected so tests drive virtual time; the default uses real timers.

export interface Clock {
  now(): number;
  /**
   * Resolves after `ms`, or as soon as `signal` aborts (then it must clear its timer, so an aborted reader
   * leaves nothing behind). It may resolve or reject on abort; the reader accepts both.
   */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Source of backoff jitter in [0, 1); Math.random when absent. */
  random?(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
    });
  },
};
