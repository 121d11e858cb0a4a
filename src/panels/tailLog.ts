// A tail panel's reader events in its log channel.
import type * as vscode from 'vscode';
import type { TailEvent } from '../core/tail/types';

/** A reader event in the panel's log, at the level it deserves (records only at trace). */
export function logTailEvent(log: vscode.LogOutputChannel, name: string, event: TailEvent): void {
  switch (event.type) {
    case 'records':
      log.trace(`${name}: ${event.records.length} records from ${event.shardId}`);
      break;
    case 'state':
      log.info(`${name}: ${event.state}${event.reason ? ` (${event.reason})` : ''}`);
      break;
    case 'shard':
      log.debug(`${name}: shard ${event.shardId} ${event.status}`);
      break;
    case 'gap':
      log.warn(`${name}: gap in ${event.shardId}: ${event.message}`);
      break;
    case 'error':
      if (event.fatal) log.error(`${name}: ${event.message}`);
      else log.warn(`${name}: ${event.message}`);
      break;
    case 'notice':
      log.info(`${name}: ${event.message}`);
      break;
    case 'stats':
      break;
  }
}
