// A shard's checkpoint bookkeeping: every record read, in shard order, until it is done (handled, filtered out or given
// up on). With a parallelization factor, batches finish out of order: the checkpoint is the highest sequence number
// such that everything up to it is done, so a resume never skips a record still in flight on another lane.

export class Ledger {
  private seqs: string[] = [];
  private done: boolean[] = [];
  /** Absolute index of seqs[0]. */
  private base = 0;
  /** seqs[head - base] is the first record not yet done. */
  private head = 0;

  /** Records the next record read; returns its index. */
  add(seq: string): number {
    this.seqs.push(seq);
    this.done.push(false);
    return this.base + this.seqs.length - 1;
  }

  markDone(index: number): void {
    if (index >= this.head) this.done[index - this.base] = true;
  }

  /** Moves past every leading record that is done; returns the new checkpoint when it moved (else undefined). */
  advance(): string | undefined {
    let moved: string | undefined;
    while (this.head - this.base < this.seqs.length && this.done[this.head - this.base]) {
      const seq = this.seqs[this.head - this.base];
      if (seq !== '') moved = seq;
      this.head++;
    }
    // Drop what is behind the head now and then, so a long-running shard does not keep every sequence number.
    const behind = this.head - this.base;
    if (behind > 4096 && behind * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(behind);
      this.done = this.done.slice(behind);
      this.base = this.head;
    }
    return moved;
  }

  /** Records read and not yet done. */
  get open(): number {
    return this.seqs.length - (this.head - this.base);
  }
}

/** One invocation at a time per warm process (lane): shards share the invoker's lanes. Waiters are served in order. */
export class Gate {
  private busy = false;
  private waiting: (() => void)[] = [];

  /** Resolves true once the caller holds the gate, or false if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const entry = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        this.waiting = this.waiting.filter((e) => e !== entry);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
}
