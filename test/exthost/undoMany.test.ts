// Undo changes… on DynamoDB Local: 30 items (38-digit numbers, a set, binary, a nested map) snapshotted, ~150 seeded
// random changes tailed in a NEW_AND_OLD_IMAGES panel, then Undo changes… over those records puts the table back to the
// snapshot exactly; and items another writer changed after the selection are reported as conflicts and keep its value.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
import type { StreamRecord } from '../../src/core/records/model';
import type { TestApi } from '../../src/extension';
import { COMMANDS } from '../../src/ids';
import { APPLY_ACTION, type UndoChangesResult } from '../../src/commands/undoChanges';
import { activateExtension, connectionUses, createKeyedTable, endpoint, localConfig as config, until } from './support';

interface PanelLike {
  key: string;
  webviewPanel: vscode.WebviewPanel;
  stop(reason: string): void;
  receive(message: unknown): Promise<void>;
  session: { isWebviewReady: boolean; heldChanges(): { id: number; record: StreamRecord }[] };
}

type Row = Record<string, AttributeValue>;
const RUN = Date.now().toString(36);
const SEED = Number(process.env.UNDO_SEED ?? Date.now() % 100_000);

/** A small seeded generator (mulberry32), so a failing run can be repeated with UNDO_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (pk: string): Row => ({ PK: { S: pk }, SK: { S: '1' } });

/** Items as a Scan returns them, sets sorted (their order is not part of the value), by key. */
function normalized(items: Row[]): unknown[] {
  const norm = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, ['SS', 'NS', 'BS'].includes(k) ? (o[k] as unknown[]).map(norm).map(String).sort() : norm(o[k])]));
    }
    return v;
  };
  return items.map(norm).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('Undo changes… over many records (DynamoDB Local)', function () {
  this.timeout(240_000);
  const ddb = new DynamoDBClient(config);
  const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
  const tables: string[] = [];
  const panels: PanelLike[] = [];
  let api: TestApi;

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    console.log(`undo changes seed: ${SEED} (repeat with UNDO_SEED=${SEED})`);
    api = await activateExtension();
    await settings().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await connectionUses(api, endpoint);
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    for (const p of panels) p.webviewPanel.dispose();
    for (const t of tables) await ddb.send(new DeleteTableCommand({ TableName: t })).catch(() => undefined);
  });

  async function tailedTable(name: string): Promise<{ table: string; panel: PanelLike }> {
    const table = `ext-undomany-${name}-${RUN}`;
    tables.push(table);
    await createKeyedTable(ddb, table, 'NEW_AND_OLD_IMAGES');
    const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
    const manager = api.panels as unknown as { open(options: Record<string, unknown>): PanelLike };
    const panel = manager.open({
      source: 'dynamodb',
      name: table,
      streamArn,
      viewType: 'NEW_AND_OLD_IMAGES',
      startPosition: 'TRIM_HORIZON',
      maxRecords: 5000,
      reader: streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient(config)), { streamArn, loopback: true }),
    });
    panels.push(panel);
    await until('the webview to say ready', () => panel.session.isWebviewReady);
    return { table, panel };
  }

  const heldCount = (panel: PanelLike, n: number) => until(`${n} held records`, () => panel.session.heldChanges().length === n && panel.session.heldChanges(), 60_000);
  const scan = async (table: string) => (await ddb.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
  const undoChanges = (panel: PanelLike, ids: number[]) =>
    vscode.commands.executeCommand<UndoChangesResult>(COMMANDS.undoChanges, { tailPanel: panel.key, webviewSection: 'record', recordId: ids[0], recordIds: ids });

  /** 30 items with the hard values: numbers to 38 digits, a string set, binary, a nested map. */
  async function seedItems(table: string, next: () => number): Promise<string[]> {
    const digits = (n: number) => Array.from({ length: n }, (_, i) => String(i === 0 ? 1 + Math.floor(next() * 9) : Math.floor(next() * 10))).join('');
    const pks: string[] = [];
    for (let i = 0; i < 30; i++) {
      const pk = `item-${i}`;
      pks.push(pk);
      await ddb.send(new PutItemCommand({
        TableName: table,
        Item: {
          ...key(pk),
          big: { N: digits(38) },
          small: { N: `-0.${digits(37)}` },
          tags: { SS: ['a', 'b', `t${i}`] },
          bin: { B: Uint8Array.from({ length: 16 }, () => Math.floor(next() * 256)) },
          nested: { M: { level: { M: { n: { N: digits(20) }, l: { L: [{ S: 'x' }, { BOOL: true }, { NULL: true }] } } } } },
        },
      }));
    }
    return pks;
  }

  it('150 random updates, deletes and inserts undone: a Scan equals the snapshot exactly', async () => {
    const next = random(SEED);
    const { table, panel } = await tailedTable('all');
    const pks = await seedItems(table, next);
    const snapshot = await scan(table);
    assert.strictEqual(snapshot.length, 30);
    const seeded = await heldCount(panel, 30);
    const lastSeeded = Math.max(...seeded.map((c) => c.id));

    const present = new Set(pks);
    let inserted = 0;
    for (let n = 0; n < 150; n++) {
      const roll = next();
      const existing = [...present];
      const pk = existing[Math.floor(next() * existing.length)];
      if (roll < 0.15 && existing.length > 5) {
        await ddb.send(new DeleteItemCommand({ TableName: table, Key: key(pk) }));
        present.delete(pk);
      } else if (roll < 0.35) {
        const fresh = pks[Math.floor(next() * pks.length)];
        const newPk = present.has(fresh) ? `new-${inserted++}` : fresh;
        await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key(newPk), v: { N: String(n) } } }));
        present.add(newPk);
      } else {
        // Every update writes a different value, so each makes a MODIFY record.
        await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key(pk), v: { N: `${n}.${digits38()}` }, tags: { SS: [`u${n}`] } } }));
      }
    }
    const held = await heldCount(panel, 180);
    const ids = held.filter((c) => c.id > lastSeeded).map((c) => c.id);
    assert.strictEqual(ids.length, 150);

    api.testHooks.answer(APPLY_ACTION);
    const result = await undoChanges(panel, ids);
    assert.ok(result?.applied, 'the writes were applied');
    assert.strictEqual(api.testHooks.pending(), 0);
    assert.match(api.testHooks.lastConfirmation?.message ?? '', /^Apply \d+ writes?\?$/);
    assert.strictEqual(result.counts.conflict, 0, JSON.stringify(result.outcomes.filter((o) => o.status !== 'restored' && o.status !== 'deleted')));
    assert.strictEqual(result.counts.failed, 0);
    assert.ok(result.counts.restored > 0 && result.counts.deleted > 0, JSON.stringify(result.counts));
    assert.deepStrictEqual(normalized(await scan(table)), normalized(snapshot));

    const dryRun = (await vscode.workspace.openTextDocument(result.dryRun)).getText();
    assert.match(dryRun, new RegExp(`- ${result.counts.restored} items? will be restored`));
    const report = (await vscode.workspace.openTextDocument(result.report!)).getText();
    assert.match(report, new RegExp(`- Restored: ${result.counts.restored}\\n- Deleted: ${result.counts.deleted}\\n`));

    function digits38(): string {
      return Array.from({ length: 30 }, () => String(Math.floor(next() * 10))).join('');
    }
  });

  it('items another writer changed after the selection are conflicts, keep its value, and are exported as such', async () => {
    const next = random(SEED + 1);
    const { table, panel } = await tailedTable('conflict');
    const pks = await seedItems(table, next);
    const snapshot = await scan(table);
    const seeded = await heldCount(panel, 30);
    const lastSeeded = Math.max(...seeded.map((c) => c.id));
    for (const pk of pks) await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key(pk), v: { N: '1' } } }));
    const held = await heldCount(panel, 60);
    const ids = held.filter((c) => c.id > lastSeeded).map((c) => c.id);

    // The other writer works after the selection, unseen by the panel: only the conditional writes can catch it.
    panel.stop('the test makes writes the panel does not see');
    const changed = [...pks].sort(() => next() - 0.5).slice(0, 5);
    const theirs = (pk: string): Row => ({ ...key(pk), v: { N: '99' }, writer: { S: 'other' } });
    for (const pk of changed) await ddb.send(new PutItemCommand({ TableName: table, Item: theirs(pk) }));

    api.testHooks.answer(APPLY_ACTION);
    const result = await undoChanges(panel, ids);
    assert.ok(result?.applied);
    const conflicts = result.outcomes.filter((o) => o.status === 'conflict');
    assert.deepStrictEqual(conflicts.map((o) => o.step.keys.PK.S).sort(), [...changed].sort());
    for (const o of conflicts) assert.deepStrictEqual((o as { current?: Row }).current, theirs(o.step.keys.PK.S!));
    assert.strictEqual(result.counts.restored, 25, JSON.stringify(result.counts));
    assert.strictEqual(result.counts.failed, 0);
    const expected = [...snapshot.filter((i) => !changed.includes(i.PK.S!)), ...changed.map(theirs)];
    assert.deepStrictEqual(normalized(await scan(table)), normalized(expected));

    const report = (await vscode.workspace.openTextDocument(result.report!)).getText();
    assert.match(report, /- Skipped as conflict \(changed since; nothing written\): 5\n/);
    for (const pk of changed) assert.ok(report.includes(`### PK="${pk}"`) || report.includes(pk), `the report names ${pk}`);
    const target = vscode.Uri.file(path.join(os.tmpdir(), `undo-report-${RUN}.ndjson`));
    const exported = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.exportUndoReport, target);
    const lines = Buffer.from(await vscode.workspace.fs.readFile(exported)).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { keys: Row; outcome: string; current?: Row });
    assert.strictEqual(lines.length, 30);
    assert.deepStrictEqual(lines.filter((l) => l.outcome === 'conflict').map((l) => l.keys.PK.S).sort(), [...changed].sort());
    assert.ok(lines.filter((l) => l.outcome === 'conflict').every((l) => l.current?.writer?.S === 'other'));
  });

  it('the toolbar\'s More actions › Undo changes… takes the records the panel shows', async () => {
    const { table, panel } = await tailedTable('shown');
    for (const pk of ['a', 'b', 'c']) await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key(pk), v: { N: '1' } } }));
    await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key('a'), v: { N: '2' } } }));
    await heldCount(panel, 4);
    api.testHooks.answer(APPLY_ACTION);
    await panel.receive({ type: 'undoChanges' });
    assert.strictEqual(api.testHooks.pending(), 0, 'the confirmation was asked');
    assert.match(api.testHooks.lastConfirmation?.message ?? '', /^Apply 3 writes\?$/);
    // Every item's first change shown is its INSERT: undoing them all deletes the items.
    assert.deepStrictEqual(await scan(table), []);
  });
});
