// Type-only stand-in for the warm runner (branch `runner`, API agreed in the trigger brief): deleted when that branch
// is merged.
import type { LambdaDynamoDbEvent } from '../core/lambda/lambdaEvent';
import type { InvokeOutcome, TriggerInvoker } from '../core/trigger/types';

export interface WarmRunnerOptions {
  file: string;
  handlerName: string;
  runtime: 'node' | 'python';
  env: Record<string, string>;
  removeEnv?: readonly string[];
  cwd?: string;
  functionTimeoutSeconds: number;
  lanes: number;
  onOutput: (lane: number, stream: 'stdout' | 'stderr', text: string) => void;
  pythonCommand?: string;
  nodePath?: string;
  runnersDir?: string;
  functionName?: string;
  functionArn?: string;
}

export declare class WarmRunnerPool implements TriggerInvoker {
  constructor(options: WarmRunnerOptions);
  invoke(event: LambdaDynamoDbEvent, lane: number, signal: AbortSignal): Promise<InvokeOutcome>;
  dispose(): Promise<void>;
}
