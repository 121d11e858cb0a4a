// Enable TTL…, Disable TTL, Change table class…: table settings around the stream (TTL expiries leave as
// REMOVE records, which a Lambda function often archives into a Standard-IA table). AWS's refusals (a second TTL change within the hour) are shown
// as AWS words them.
import * as vscode from 'vscode';
import {
  isNothingToUpdate,
  numberAttributeNames,
  TABLE_CLASS_DESCRIPTIONS,
  TABLE_CLASS_LABELS,
  TABLE_CLASSES,
  tableClassOf,
  ttlEnabled,
  ttlUnreadable,
  validateAttributeName,
} from '../core/table/tableSettings';
import type { TableExtras } from '../core/table/tableTypes';
import { confirm, input, pick } from '../ui/prompts';
import { CommandContext, onTable, requireTable, withTableProgress } from './context';
import { plural } from '../core/util/plural';

const OTHER_ATTRIBUTE = '$(edit) Another attribute…';

/** The TTL attribute: one of type N seen in a sample of items, or one typed (validated). */
async function pickTtlAttribute(ctx: CommandContext, tableName: string): Promise<string | undefined> {
  const { tableSettings } = await ctx.connection.getServices();
  const sample = tableSettings.sampleItems(tableName).then((items) => [
    ...numberAttributeNames(items).map((a) => ({
      label: a.name,
      description: a.looksLikeEpoch ? 'epoch seconds' : 'type N',
      detail: `Type N in ${a.count} of ${plural(items.length, 'sampled item')}${a.looksLikeEpoch ? '' : ' — values do not look like epoch seconds'}`,
    })),
    { label: OTHER_ATTRIBUTE, description: 'Items whose attribute is not a number (N) of epoch seconds never expire', detail: undefined },
  ]);
  const chosen = await pick(sample, { title: `Enable TTL on ${tableName}`, placeHolder: 'Attribute holding the expiry time (epoch seconds, type N)' });
  if (!chosen) return undefined;
  if (chosen.label !== OTHER_ATTRIBUTE) return chosen.label;
  return input({ title: `Enable TTL on ${tableName}`, prompt: 'Attribute holding the expiry time, in epoch seconds (type N)', placeHolder: 'ExpirationTime', validateInput: validateAttributeName });
}

/** A TTL that could not be read is neither off nor on: say so rather than offer to change it. */
function refusedUnreadableTtl(tableName: string, current: TableExtras): boolean {
  const why = ttlUnreadable(tableName, current);
  if (why) void vscode.window.showErrorMessage(why);
  return why !== undefined;
}

export function enableTtl(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Enable TTL on which table?', async (tableName) => {
    const { tables, tableSettings } = await ctx.connection.getServices();
    const current = await tables.describeExtras(tableName);
    if (refusedUnreadableTtl(tableName, current)) return false;
    if (ttlEnabled(current)) {
      void vscode.window.showInformationMessage(`${tableName} already expires items by "${current.ttlAttribute}". Disable TTL first to use another attribute.`);
      return false;
    }
    const attribute = await pickTtlAttribute(ctx, tableName);
    if (!attribute) return false;
    await withTableProgress(ctx, tableName, 'enabling TTL…', () => tableSettings.setTtl(tableName, true, attribute));
    ctx.log.info(`Enabled TTL on ${tableName} (attribute ${attribute})`);
    void vscode.window.showInformationMessage(`TTL enabled on ${tableName}: items whose "${attribute}" is in the past are deleted; with a stream, each deletion arrives as a REMOVE record marked "TTL expired".`);
    return true;
  });
}

export function disableTtl(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Disable TTL on which table?', async (tableName) => {
    const { tables, tableSettings } = await ctx.connection.getServices();
    const current = await tables.describeExtras(tableName);
    if (refusedUnreadableTtl(tableName, current)) return false;
    if (!ttlEnabled(current) || !current.ttlAttribute) {
      void vscode.window.showInformationMessage(`${tableName} has no TTL enabled.`);
      return false;
    }
    const attribute = current.ttlAttribute;
    const ok = await confirm(`Disable TTL on ${tableName}?`, `Items stop expiring by "${attribute}". AWS allows one TTL change per table in about an hour.`, 'Disable TTL');
    if (!ok) return false;
    await withTableProgress(ctx, tableName, 'disabling TTL…', () => tableSettings.setTtl(tableName, false, attribute));
    ctx.log.info(`Disabled TTL on ${tableName}`);
    return true;
  });
}

export function changeTableClass(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Change the table class of which table?', async (tableName) => {
    const current = tableClassOf(await requireTable(ctx, tableName));
    const items = TABLE_CLASSES.map((c) => ({ label: TABLE_CLASS_LABELS[c], description: c === current ? 'current' : c, detail: TABLE_CLASS_DESCRIPTIONS[c], tableClass: c }));
    const chosen = await pick(items, { title: `Table class of ${tableName} (now ${TABLE_CLASS_LABELS[current]})`, placeHolder: 'Table class' });
    if (!chosen || chosen.tableClass === current) return false;
    const ok = await confirm(
      `Change ${tableName} to ${chosen.label}?`,
      'The change runs in the background; the table stays available. Streams, TTL and Lambda triggers are not affected.',
      `Change to ${chosen.label}`,
    );
    if (!ok) return false;
    const { tables, tableSettings } = await ctx.connection.getServices();
    try {
      await withTableProgress(ctx, tableName, 'changing table class…', async () => {
        await tableSettings.setTableClass(tableName, chosen.tableClass);
        await tables.waitUntilActive(tableName);
      });
    } catch (err) {
      if (!isNothingToUpdate(err)) throw err;
      // DynamoDB Local ignores classes: say so rather than pretend the class changed.
      void vscode.window.showWarningMessage(`Table classes are not supported by this endpoint (DynamoDB Local ignores them): ${tableName} was not changed.`);
      return false;
    }
    ctx.log.info(`Changed the table class of ${tableName} to ${chosen.tableClass}`);
    return true;
  });
}
