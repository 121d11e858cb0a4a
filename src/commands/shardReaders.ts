// Before a tail opens a new reader on a DynamoDB stream: counts what already reads its shards (open tails, Lambda
// triggers) and, when the tail would be a third reader of a shard, asks first (core/tail/shardReaders.ts says why).
import { errorText } from '../core/connection/awsError';
import { mappingReads, readersBeside, thirdReaderWarning, type StreamTailRef } from '../core/tail/shardReaders';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { confirm } from '../ui/prompts';
import type { CommandContext } from './context';

/** The stream's Lambda triggers that read it; 0 when the connection has no Lambda, or they cannot be listed (logged). */
async function readingTriggers(ctx: CommandContext, streamArn: string): Promise<number> {
  try {
    const listing = await (await ctx.connection.getServices()).lambdaTriggers.list(streamArn);
    return listing.available ? listing.triggers.filter((t) => mappingReads(t.state)).length : 0;
  } catch (err) {
    ctx.log.warn(`Lambda triggers of ${streamArn} could not be listed (${errorText(err)}); they are not counted as readers of its shards`);
    return 0;
  }
}

/**
 * True when the tail may open: it adds no reader (its panel runs already), or it is at most the second reader of each
 * shard, or the user chose "Open anyway". `countTriggers` false: a replica's stream (its triggers are another region's).
 */
export async function confirmShardReaders(ctx: CommandContext, panels: TailPanelManager, tail: StreamTailRef, countTriggers = true): Promise<boolean> {
  if (panels.get({ source: 'dynamodb', ...tail })?.isRunning) return true;
  const running = panels.openPanels
    .filter((p) => p.isRunning && p.session.target.source === 'dynamodb')
    .map(({ session: { target } }) => ({ streamArn: target.streamArn, onlyShardId: target.onlyShardId, region: target.region }));
  const triggers = countTriggers ? await readingTriggers(ctx, tail.streamArn) : 0;
  const warning = thirdReaderWarning(readersBeside(tail, running, triggers));
  if (!warning) return true;
  ctx.log.info(`Tail of ${tail.streamArn}${tail.onlyShardId ? ` (${tail.onlyShardId})` : ''}: ${warning.message}`);
  return confirm(warning.message, warning.detail, 'Open anyway');
}
