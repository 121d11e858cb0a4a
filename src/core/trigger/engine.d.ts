// Type-only stand-in for the engine (branch `engine`, API agreed in the trigger brief): deleted when that branch is
// merged. No implementation here: nothing may run against it.
import type { Clock } from '../tail/clock';
import type { StreamsApi } from '../tail/types';
import type { TriggerActivity, TriggerCheckpoints, TriggerInvoker, TriggerSettings } from './types';

export interface LocalTriggerOptions {
  streamArn: string;
  api: StreamsApi;
  loopback: boolean;
  settings: TriggerSettings;
  invoker: TriggerInvoker;
  checkpoints?: TriggerCheckpoints;
  functionArn: string;
  region: string;
  onActivity: (activity: TriggerActivity) => void;
  clock?: Clock;
  partitionKeyName?: string;
}

export declare class LocalTriggerEngine {
  constructor(options: LocalTriggerOptions);
  run(): Promise<void>;
  stop(): Promise<void>;
}
