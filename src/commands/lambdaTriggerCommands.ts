// Create Lambda trigger… (a stream's Lambda triggers), Update trigger filter… and Delete Lambda trigger… (a trigger):
// event source mappings made from VS Code. The filter comes from the stream's tail panel (its Lambda filter) and is
// checked by the same parser; Lambda's refusals are shown as Lambda words them; the tree's list is read again after each.
import * as vscode from 'vscode';
import {
  filterChange,
  filterDocument,
  STARTING_POSITIONS,
  validateBatchingWindow,
  validateBatchSize,
  validateDestinationArn,
  validateFunctionRef,
  validateRetries,
  validateTriggerFilter,
  type NewTrigger,
  type StartingPosition,
} from '../core/lambda/triggerRequests';
import { patternSources } from '../core/lambda/filter/lambdaFilterParse';
import type { LambdaTrigger } from '../core/lambda/lambdaTriggers';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { confirm, input, notify, pick } from '../ui/prompts';
import { CommandContext, ServiceFailure, streamFor, type StreamRef } from './context';

const TITLE = 'Create Lambda trigger';
const PASTE_FUNCTION = '$(edit) Paste a function name or ARN…';

/** Lambda's own refusals (a bad parameter, a mapping that exists, a function not found): their words are the message. */
function isLambdaRefusal(err: unknown): err is { name: string; message: string } {
  const name = (err as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && /InvalidParameterValue|ResourceConflict|ResourceNotFound|ResourceInUse|AccessDenied|TooManyRequests/.test(name);
}

/** The Lambda filter of the stream's open tail panel ('' when none is open or it has no filter). */
export function panelFilter(panels: TailPanelManager, streamArn: string): string {
  return panels.get({ source: 'dynamodb', streamArn })?.session.lambdaState.text.trim() ?? '';
}

/** The Lambda triggers service, or undefined (after saying why) when this connection has no Lambda. */
async function triggersService(ctx: CommandContext) {
  const { lambdaTriggers } = await ctx.connection.getServices();
  if (lambdaTriggers.unavailableReason) {
    notify('info', `${lambdaTriggers.unavailableReason}.`);
    return undefined;
  }
  return lambdaTriggers;
}

async function pickFunction(ctx: CommandContext, list: () => Promise<{ name: string; arn?: string; runtime?: string }[]>): Promise<string | undefined> {
  const paste = { label: PASTE_FUNCTION, alwaysShow: true, ref: undefined as string | undefined };
  const items = list().then(
    (functions) => [...functions.map((f) => ({ label: f.name, description: f.runtime, detail: f.arn, ref: f.arn ?? f.name })), paste],
    (err: unknown) => {
      // Listing may be denied while creating is allowed: the ARN can still be pasted.
      ctx.log.warn(`ListFunctions: ${String(err)}`);
      return [{ ...paste, description: `(functions could not be listed: ${(err as Error).message ?? String(err)})` }];
    },
  );
  const chosen = await pick(items, { title: `${TITLE}: function`, placeHolder: 'Lambda function to invoke with the stream\'s batches', matchOnDetail: true });
  if (!chosen) return undefined;
  if (chosen.ref) return chosen.ref;
  return (await input({ title: `${TITLE}: function`, prompt: 'Function name or ARN (with :alias or :version if you like)', placeHolder: 'arn:aws:lambda:us-east-1:123456789012:function:process-orders', validateInput: validateFunctionRef }))?.trim();
}

async function yesNo(title: string, placeHolder: string, detailYes: string, detailNo: string): Promise<boolean | undefined> {
  const chosen = await pick([{ label: 'No', detail: detailNo }, { label: 'Yes', detail: detailYes }], { title, placeHolder });
  return chosen && chosen.label === 'Yes';
}

/** Asks every choice in turn; undefined once the user cancels one. */
async function askTrigger(ctx: CommandContext, stream: StreamRef, list: () => Promise<{ name: string; arn?: string; runtime?: string }[]>, prefilledFilter: string): Promise<NewTrigger | undefined> {
  const functionName = await pickFunction(ctx, list);
  if (!functionName) return undefined;
  const batchSize = await input({ title: `${TITLE}: batch size`, prompt: 'Most records per invocation (1–10,000)', value: '100', validateInput: validateBatchSize });
  if (batchSize === undefined) return undefined;
  const position = await pick(
    [
      { label: 'LATEST', detail: 'Only changes made after the trigger starts' },
      { label: 'TRIM_HORIZON', detail: 'Everything still in the stream (up to 24 h), then new changes' },
    ],
    { title: `${TITLE}: starting position`, placeHolder: 'Where the function starts reading' },
  );
  if (!position || !STARTING_POSITIONS.includes(position.label as StartingPosition)) return undefined;
  const window = await input({ title: `${TITLE}: batching window`, prompt: 'Seconds to gather records before invoking (0–300)', value: '0', validateInput: validateBatchingWindow });
  if (window === undefined) return undefined;
  const retries = await input({ title: `${TITLE}: retries`, prompt: 'Retries of a failed batch: -1 until the record expires, or 0–10,000', value: '-1', validateInput: validateRetries });
  if (retries === undefined) return undefined;
  const bisect = await yesNo(`${TITLE}: split batch on error`, 'Bisect a failed batch?', 'A failed batch is split in two and each half retried (finds the bad record)', 'A failed batch is retried whole');
  if (bisect === undefined) return undefined;
  const report = await yesNo(`${TITLE}: report batch item failures`, 'Does the function report batch item failures?', 'The function returns {"batchItemFailures":[…]}; retrying starts at the first failed record', 'Any error fails the whole batch');
  if (report === undefined) return undefined;
  const destination = await input({ title: `${TITLE}: on failure`, prompt: 'On-failure destination: an SQS queue, SNS topic or S3 bucket ARN (empty: none, the records are dropped)', validateInput: validateDestinationArn });
  if (destination === undefined) return undefined;
  const filterText = await input({
    title: `${TITLE}: filter`,
    prompt: prefilledFilter ? 'Filter (from the stream\'s tail panel); empty: every record invokes the function' : 'Filter: FilterCriteria or one pattern, e.g. {"eventName":["REMOVE"]}; empty: every record invokes the function',
    value: prefilledFilter,
    validateInput: validateTriggerFilter,
  });
  if (filterText === undefined) return undefined;
  return {
    streamArn: stream.streamArn,
    functionName,
    batchSize: Number(batchSize.trim()),
    startingPosition: position.label as StartingPosition,
    batchingWindowSeconds: Number(window.trim()),
    maximumRetryAttempts: Number(retries.trim()),
    bisectOnError: bisect,
    reportBatchItemFailures: report,
    onFailureDestination: destination.trim() || undefined,
    filterText: filterText.trim() || undefined,
  };
}

/** Runs a Lambda call; Lambda's refusals are shown in its words (undefined), other failures thrown to be shown with their next step. */
async function lambdaCall<T>(ctx: CommandContext, what: string, action: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (!isLambdaRefusal(err)) throw new ServiceFailure(err, { action });
    ctx.log.warn(`${what}: ${err.name}: ${err.message}`);
    notify('error', `${what}: ${err.message}`);
    return undefined;
  }
}

/** Create Lambda trigger…: resolves to the new trigger, or undefined (cancelled, refused, no Lambda). */
export async function createLambdaTrigger(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<LambdaTrigger | undefined> {
  const lambda = await triggersService(ctx);
  if (!lambda) return undefined;
  const stream = await streamFor(ctx, arg, 'Create a Lambda trigger on the stream of which table?');
  if (!stream) return undefined;
  const spec = await askTrigger(ctx, stream, () => lambda.listFunctions(), panelFilter(panels, stream.streamArn));
  if (!spec) return undefined;
  const created = await lambdaCall(ctx, `${TITLE} on ${stream.tableName}`, 'lambda:CreateEventSourceMapping', async () =>
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${TITLE}: ${stream.tableName} → ${spec.functionName}` }, () => lambda.create(spec)),
  );
  if (!created) return undefined;
  ctx.log.info(`Created Lambda trigger ${created.uuid}: ${stream.streamArn} → ${created.functionArn ?? spec.functionName} (${created.state ?? 'state unknown'})`);
  notify('info', `Lambda trigger created: ${stream.tableName}'s stream → ${created.functionName} (${created.state ?? 'Creating'}).`);
  await ctx.tables.reread(stream.tableName);
  return created;
}

/** The trigger node's parts, or an error saying where the command is run from. */
function triggerOf(arg: unknown): { stream: StreamRef; trigger: LambdaTrigger } {
  const node = arg as { stream?: StreamRef; trigger?: LambdaTrigger } | undefined;
  if (!node?.trigger?.uuid || !node.stream?.streamArn) throw new Error('Run this on a trigger in the tree: expand a stream\'s Lambda triggers and right-click one');
  return { stream: node.stream, trigger: node.trigger };
}

/** Update trigger filter…: the stream's tail panel's Lambda filter, shown as a diff against the trigger's, then sent. */
export async function updateTriggerFilter(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<boolean> {
  const { stream, trigger } = triggerOf(arg);
  const lambda = await triggersService(ctx);
  if (!lambda) return false;
  const text = panelFilter(panels, stream.streamArn);
  if (!text) {
    notify('info', `Set a Lambda filter in the tail panel of ${stream.tableName}'s stream first ("Apply filter to tail" starts from ${trigger.functionName}'s own).`);
    return false;
  }
  const refused = validateTriggerFilter(text);
  if (refused) {
    notify('error', `The panel's Lambda filter is refused: ${refused}`);
    return false;
  }
  const change = filterChange(trigger.filterPatterns, patternSources(text));
  if (!change.changed) {
    notify('info', `${trigger.functionName} already has the panel's filter.`);
    return false;
  }
  // Both sides in VS Code's diff editor, so a long pattern can be read before confirming.
  const [before, after] = await Promise.all([
    vscode.workspace.openTextDocument({ language: 'json', content: filterDocument(trigger.filterPatterns) }),
    vscode.workspace.openTextDocument({ language: 'json', content: filterDocument(patternSources(text)) }),
  ]);
  await vscode.commands.executeCommand('vscode.diff', before.uri, after.uri, `${trigger.functionName}: trigger's filter ↔ panel's filter`, { preview: true });
  const ok = await confirm(`Update the filter of ${trigger.functionName}?`, `Lambda filter of the trigger on ${stream.tableName}'s stream:\n${change.lines.join('\n')}`, 'Update filter');
  if (!ok) return false;
  const updated = await lambdaCall(ctx, `Update trigger filter of ${trigger.functionName}`, 'lambda:UpdateEventSourceMapping', () => lambda.updateFilter(trigger.uuid, text));
  if (!updated) return false;
  ctx.log.info(`Updated the filter of Lambda trigger ${trigger.uuid} (${trigger.functionName}): ${text}`);
  notify('info', `${trigger.functionName}'s filter updated (${updated.state ?? 'Updating'}).`);
  await ctx.tables.reread(stream.tableName);
  return true;
}

/** Delete Lambda trigger…: asks first; the function itself stays. */
export async function deleteLambdaTrigger(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const { stream, trigger } = triggerOf(arg);
  const lambda = await triggersService(ctx);
  if (!lambda) return false;
  const ok = await confirm(
    `Delete the Lambda trigger ${trigger.functionName} on ${stream.tableName}'s stream?`,
    `${trigger.functionName} stops receiving this stream's records (records not yet processed are not delivered to it). The function itself is kept.\nMapping UUID: ${trigger.uuid}`,
    'Delete trigger',
  );
  if (!ok) return false;
  const deleted = await lambdaCall(ctx, `Delete Lambda trigger ${trigger.functionName}`, 'lambda:DeleteEventSourceMapping', () => lambda.delete(trigger.uuid));
  if (!deleted) return false;
  ctx.log.info(`Deleted Lambda trigger ${trigger.uuid} (${trigger.functionName}) on ${stream.streamArn}`);
  notify('info', `Lambda trigger ${trigger.functionName} deleted (${deleted.state ?? 'Deleting'}).`);
  await ctx.tables.reread(stream.tableName);
  return true;
}
