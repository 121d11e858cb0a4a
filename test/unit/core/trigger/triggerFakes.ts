// Test doubles for the local trigger's engine: an invoker whose answers a test scripts (and can hold), and a trigger
// on the synthetic stream in virtual time.
import { LocalTriggerEngine, type LocalTriggerOptions } from '../../../../src/core/trigger/engine';
import { DEFAULT_TRIGGER_SETTINGS } from '../../../../src/core/trigger/settings';
import type { BatchReport, InvokeOutcome, OnFailureRecord, TriggerActivity, TriggerCheckpoints, TriggerInvoker, TriggerSettings } from '../../../../src/core/trigger/types';
import type { LambdaDynamoDbEvent } from '../../../../src/core/lambda/lambdaEvent';
import { FakeClock, SyntheticStream } from '../tail/fakes';

export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:local-test';

export interface InvokeCall {
  n: number;
  lane: number;
  at: number;
  event: LambdaDynamoDbEvent;
  seqs: string[];
  keys: string[];
  signal: AbortSignal;
  /** Resolves the call when the script held it (returned `undefined`). */
  answer(outcome: InvokeOutcome): void;
}

export const ok = (value?: unknown): InvokeOutcome => ({ kind: 'success', value: value ?? null, durationMs: 5 });
export const fail = (message = 'boom'): InvokeOutcome => ({ kind: 'error', errorType: 'Error', errorMessage: message, durationMs: 5 });

/** `script` answers each call, or returns undefined to hold it until `call.answer(...)`. */
export class FakeInvoker implements TriggerInvoker {
  readonly calls: InvokeCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  script: (call: InvokeCall) => InvokeOutcome | undefined = () => ok();

  constructor(private readonly clock: FakeClock) {}

  invoke(event: LambdaDynamoDbEvent, lane: number, signal: AbortSignal): Promise<InvokeOutcome> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<InvokeOutcome>((resolve) => {
      let settled = false;
      const finish = (o: InvokeOutcome) => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        signal.removeEventListener('abort', onAbort);
        resolve(o);
      };
      const onAbort = () => finish({ kind: 'error', errorType: 'Aborted', errorMessage: 'aborted', durationMs: 0 });
      signal.addEventListener('abort', onAbort, { once: true });
      const call: InvokeCall = {
        n: this.calls.length,
        lane,
        at: this.clock.now(),
        event,
        seqs: event.Records.map((r) => r.dynamodb.SequenceNumber!),
        keys: event.Records.map((r) => r.dynamodb.Keys!.pk.S as string),
        signal,
        answer: finish,
      };
      this.calls.push(call);
      const outcome = this.script(call);
      if (outcome) finish(outcome);
    });
  }

  async dispose(): Promise<void> {}

  /** Every record sequence number the handler was sent, in call order. */
  allSeqs(): string[] {
    return this.calls.flatMap((c) => c.seqs);
  }
}

export interface TriggerRun {
  clock: FakeClock;
  stream: SyntheticStream;
  invoker: FakeInvoker;
  engine: LocalTriggerEngine;
  activities: TriggerActivity[];
  done: Promise<void>;
  finished(): boolean;
  batches(): BatchReport[];
  /** Each batch's final report (the last one emitted per id). */
  finalBatches(): BatchReport[];
  onFailure(): OnFailureRecord[];
  checkpoint(): TriggerCheckpoints | undefined;
  stopReason(): string | undefined;
}

export function trigger(
  settings: Partial<TriggerSettings> = {},
  over: Partial<LocalTriggerOptions> & { clock?: FakeClock; stream?: SyntheticStream } = {},
): TriggerRun {
  const clock = over.clock ?? new FakeClock();
  clock.random = () => 0.5;
  let stream = over.stream;
  if (!stream) {
    stream = new SyntheticStream(clock);
    stream.addShard('S');
  }
  const invoker = (over.invoker as FakeInvoker | undefined) ?? new FakeInvoker(clock);
  const activities: TriggerActivity[] = [];
  const engine = new LocalTriggerEngine({
    streamArn: stream.arn,
    api: stream,
    loopback: false,
    invoker,
    functionArn: FUNCTION_ARN,
    region: 'us-east-1',
    onActivity: (a) => activities.push(a),
    clock,
    ...over,
    settings: { ...DEFAULT_TRIGGER_SETTINGS, filterPatterns: [], startingPosition: 'TRIM_HORIZON', ...settings },
  });
  let finished = false;
  const done = engine.run().then(() => {
    finished = true;
  });
  const batches = () => activities.flatMap((a) => (a.type === 'batch' ? [a.batch] : []));
  return {
    clock,
    stream,
    invoker,
    engine,
    activities,
    done,
    finished: () => finished,
    batches,
    finalBatches: () => [...new Map(batches().map((b) => [b.id, b])).values()],
    onFailure: () => activities.flatMap((a) => (a.type === 'onFailure' ? [a.record] : [])),
    checkpoint: () => activities.flatMap((a) => (a.type === 'checkpoint' ? [a.checkpoints] : [])).at(-1),
    stopReason: () => {
      const last = activities.filter((a) => a.type === 'state' && a.state === 'stopped').at(-1);
      return last && last.type === 'state' ? last.reason : undefined;
    },
  };
}

/** Stops the trigger and waits (in virtual time) until it has. */
export async function stopTrigger(run: TriggerRun): Promise<void> {
  const stopping = run.engine.stop();
  await run.clock.runUntil(() => run.finished(), 5_000);
  await stopping;
}

export const seqsOf = (stream: SyntheticStream, from = 0, to?: number) => stream.written.slice(from, to).map((r) => r.dynamodb!.SequenceNumber!);
