// The "bad deploy" of issue 15 at its full scale on DynamoDB Local: 500 items snapshotted (38-digit numbers, sets,
// binary, nested maps; TTL on), 5,000 changes over them (updates, replacing puts, deletes, inserts of new keys, deleted
// keys put back), then Undo changes… over those records. It runs the product's path without the editor: the tail's
// stream reader feeds a tail panel's session (records held as the panel holds them), planUndo plans from its changes,
// applyUndo writes through ItemsService (the command wraps exactly this in its dialogs; the extension host test
// test/exthost/undoMany.test.ts drives the command itself at a small scale).
// One deploy serves both cases: its table is copied (as the deploy left it) into a second table before anything is
// undone, and the concurrent-writer case undoes the same held changes on the copy. An undo needs only the changes and
// the items as they are now, so the copy stands for the table; the deploy is the costly part (5,000 writes, 5,500
// stream records tailed) and ran twice before, which took 300+ s per case on a loaded machine.
// No TTL expiries here: DynamoDB Local's TTL sweep removed only 5 of 10 expired items of this 1,000-item table in 6
// minutes (9 of 25 in 2), so waiting for them would make the test slow and flaky. Real TTL REMOVEs (by the DynamoDB
// service) are undone in test/exthost/undoStreams.test.ts, on a table of three items, alone and by Undo changes….
import assert from 'node:assert/strict';
import { DeleteItemCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand, paginateScan, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ItemsService } from '../../src/aws/items';
import { createServices } from '../../src/aws/services';
import { resolveConnection } from '../../src/core/connection/connection';
import { itemIdentity } from '../../src/core/history/itemHistory';
import { applyUndo, UNDO_PARALLELISM } from '../../src/core/history/undoApply';
import { planUndo } from '../../src/core/history/undoPlan';
import { loadInBatches } from '../../src/core/items/batchLoad';
import { countOutcomes, dryRunText, isWrite, reportText, runBounded, type WriteStep } from '../../src/core/history/undoRun';
import { TailSession } from '../../src/core/panel/tailSession';
import type { Item } from '../../src/core/records/model';
import { eventKindOf } from '../../src/core/records/records';
import { readStream } from '../../src/core/tail/dynamodb/reader';
import { localEndpoint } from './setup';

type Row = Record<string, AttributeValue>;
const SEED = Number(process.env.UNDO_SEED ?? Date.now() % 100_000);
const ITEMS = 500;
const CHANGES = 5000;
const CONCURRENT_ITEMS = 50;
const PARALLELISM = UNDO_PARALLELISM;
const RUN = Date.now().toString(36);

/** mulberry32: the same seed gives the same deploy, so a failing run can be repeated with UNDO_SEED. */
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

const key = (pk: string): Row => ({ PK: { S: pk }, SK: { S: 'v' } });

/** Items as a Scan returns them, sets sorted (their order is not part of the value), binary as base64, by key. */
function normalized(items: readonly Row[]): string[] {
  const norm = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, ['SS', 'NS', 'BS'].includes(k) ? (o[k] as unknown[]).map(norm).map(String).sort() : norm(o[k])]));
    }
    return v;
  };
  return items.map((i) => JSON.stringify(norm(i))).sort();
}

/** Equal lists of normalized items; otherwise a short message: how many differ, and the first few either way. */
function assertSameItems(actual: string[], expected: string[]): void {
  const want = new Set(expected);
  const have = new Set(actual);
  const extra = actual.filter((i) => !want.has(i));
  const missing = expected.filter((i) => !have.has(i));
  assert.ok(!extra.length && !missing.length && actual.length === expected.length, `${actual.length} items, ${expected.length} expected; ${extra.length} unexpected, e.g. ${extra.slice(0, 2).join(' ')}; ${missing.length} missing, e.g. ${missing.slice(0, 2).join(' ')}`);
  assert.deepEqual(actual, expected);
}

/** Polls (no fixed sleep) until `ready` gives a value, or fails naming what was awaited. */
async function until<T>(what: string, ready: () => T | undefined | false, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = ready();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Undo changes… after a bad deploy of 5,000 changes over 500 items (DynamoDB Local)', function () {
  this.timeout(600_000);
  const config = () => ({ endpoint: localEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let services: ReturnType<typeof createServices>;
  let ddb: DynamoDBClient;
  const tables: string[] = [];
  const stops: (() => Promise<void>)[] = [];

  before(() => {
    console.log(`bad deploy seed: ${SEED} (repeat with UNDO_SEED=${SEED})`);
    services = createServices(resolveConnection({ profile: '', region: 'us-east-1', endpoint: localEndpoint() }, {}));
    ddb = new DynamoDBClient(config());
  });
  after(async () => {
    for (const stop of stops) await stop();
    for (const t of tables) await services.tableLifecycle.delete(t).catch(() => undefined);
    services.dispose();
    ddb.destroy();
  });

  const scan = async (table: string) => {
    const rows: Row[] = [];
    for await (const page of paginateScan({ client: ddb }, { TableName: table, ConsistentRead: true })) rows.push(...(page.Items ?? []));
    return rows;
  };

  /** A PK/SK table (deleted after the suite), with the stream and TTL asked for. */
  async function newTable(name: string, extra: { streamViewType?: 'NEW_AND_OLD_IMAGES'; ttlAttribute?: string } = {}) {
    const table = `undo-deploy-${name}-${RUN}`;
    tables.push(table);
    await services.tableLifecycle.create({
      name: table,
      partitionKey: { name: 'PK', type: 'S' },
      sortKey: { name: 'SK', type: 'S' },
      billing: { mode: 'PAY_PER_REQUEST' },
      tableClass: 'STANDARD',
      deletionProtection: false,
      ...extra,
    });
    return table;
  }

  /** A table with a NEW_AND_OLD_IMAGES stream and TTL on `expiresAt`, tailed from TRIM_HORIZON into a panel's session. */
  async function tailedTable(name: string) {
    const table = await newTable(name, { streamViewType: 'NEW_AND_OLD_IMAGES', ttlAttribute: 'expiresAt' });
    const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
    const session = new TailSession({
      target: { source: 'dynamodb', name: table, streamArn, viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'TRIM_HORIZON', maxRecords: 20_000 },
      post: () => undefined,
    });
    const stop = new AbortController();
    const reading = readStream(services.streams, { streamArn, start: 'TRIM_HORIZON', loopback: true, signal: stop.signal }, (e) => session.handleEvent(e));
    let stopped: Promise<void> | undefined;
    const stopTail = () =>
      (stopped ??= (async () => {
        stop.abort();
        await reading;
        session.dispose();
      })());
    stops.push(stopTail);
    // The count first: heldChanges parses every held record.
    const held = (n: number) => until(`${n} records held by the session`, () => session.held >= n && session.heldChanges());
    return { table, held, stopTail };
  }

  /** The snapshot, the 5,000 changes, and the changes as the panel holds them (the selection to undo). */
  async function badDeploy(name: string, next: () => number) {
    const { table, held, stopTail } = await tailedTable(name);
    const digits = (n: number) => Array.from({ length: n }, (_, i) => String(i === 0 ? 1 + Math.floor(next() * 9) : Math.floor(next() * 10))).join('');
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
    const item = (pk: string, label: string): Row => ({
      ...key(pk),
      label: { S: label },
      big: { N: digits(38) },
      small: { N: `-${digits(1)}.${digits(37)}` },
      counts: { NS: [digits(38), `0.${digits(38)}`, String(Math.floor(next() * 1000))] },
      tags: { SS: ['a', 'b', `t-${label}`] },
      blobs: { BS: [bytes(8), bytes(12)] },
      bin: { B: bytes(32) },
      nested: { M: { level: { M: { n: { N: digits(38) }, l: { L: [{ S: label }, { BOOL: next() < 0.5 }, { NULL: true }, { N: digits(20) }] } } } } },
      ...(next() < 0.3 ? { expiresAt: { N: String(Math.floor(Date.now() / 1000) + 30 * 86_400) } } : {}),
    });

    const live = new Set<string>();
    const gone: string[] = [];
    const pks = Array.from({ length: ITEMS }, (_, i) => `item-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < pks.length; i += PARALLELISM) {
      await Promise.all(pks.slice(i, i + PARALLELISM).map((pk) => ddb.send(new PutItemCommand({ TableName: table, Item: item(pk, 'seed') }))));
    }
    pks.forEach((pk) => live.add(pk));
    const snapshot = await scan(table);
    assert.equal(snapshot.length, ITEMS);
    const lastSeeded = Math.max(...(await held(ITEMS)).map((c) => c.id));

    const pick = () => {
      const candidates = [...live];
      return candidates[Math.floor(next() * candidates.length)];
    };
    let inserted = 0;
    const deployStarted = Date.now();
    // The changes are drawn first (seeded), then sent: each item's in the drawn order, PARALLELISM items at a time.
    const byItem = new Map<string, (PutItemCommand | UpdateItemCommand | DeleteItemCommand)[]>();
    const change = (pk: string, command: PutItemCommand | UpdateItemCommand | DeleteItemCommand) => {
      const list = byItem.get(pk);
      if (list) list.push(command);
      else byItem.set(pk, [command]);
    };
    for (let n = 0; n < CHANGES; n++) {
      const roll = next();
      if (roll < 0.55) {
        // Every update sets a new label, so each makes a MODIFY record.
        const pk = pick();
        const extra = next();
        change(pk, new UpdateItemCommand({
          TableName: table,
          Key: key(pk),
          UpdateExpression: `SET #label = :l, #nested.#level.#n = :n ADD #tags :t${extra < 0.3 ? ' REMOVE #bin' : extra < 0.5 ? ' DELETE #counts :c' : ''}`,
          // Names as placeholders: some attribute names are DynamoDB reserved words (LEVEL).
          ExpressionAttributeNames: { '#label': 'label', '#nested': 'nested', '#level': 'level', '#n': 'n', '#tags': 'tags', ...(extra < 0.3 ? { '#bin': 'bin' } : extra < 0.5 ? { '#counts': 'counts' } : {}) },
          ExpressionAttributeValues: { ':l': { S: `deploy-${n}` }, ':n': { N: `${digits(19)}.${digits(19)}` }, ':t': { SS: [`deploy-${n}`] }, ...(extra >= 0.3 && extra < 0.5 ? { ':c': { NS: ['1'] } } : {}) },
        }));
      } else if (roll < 0.65) {
        const pk = pick();
        change(pk, new PutItemCommand({ TableName: table, Item: item(pk, `replaced-${n}`) }));
      } else if (roll < 0.78 && live.size > 100) {
        const pk = pick();
        change(pk, new DeleteItemCommand({ TableName: table, Key: key(pk) }));
        live.delete(pk);
        gone.push(pk);
      } else {
        // An insert: a deleted key back, or a new key.
        const back = roll < 0.85 && gone.length ? gone.splice(Math.floor(next() * gone.length), 1)[0] : undefined;
        const pk = back ?? `new-${inserted++}`;
        change(pk, new PutItemCommand({ TableName: table, Item: item(pk, `inserted-${n}`) }));
        live.add(pk);
      }
    }
    await runBounded([...byItem.values()], PARALLELISM, async (commands) => {
      for (const command of commands) await ddb.send(command as PutItemCommand);
    });
    console.log(`${table}: ${CHANGES} writes made in ${Math.round((Date.now() - deployStarted) / 1000)} s`);
    const all = await held(ITEMS + CHANGES);
    assert.equal(all.length, ITEMS + CHANGES, 'one record per change, and no more');
    const selected = all.filter((c) => c.id > lastSeeded);
    const kinds = new Map<string, number>();
    for (const c of selected) kinds.set(eventKindOf(c.record), (kinds.get(eventKindOf(c.record)) ?? 0) + 1);
    console.log(`${table}: ${selected.length} changes held: ${[...kinds].map(([k, v]) => `${v} ${k}`).join(', ')}; ${inserted} new keys`);
    for (const kind of ['INSERT', 'MODIFY', 'REMOVE']) assert.ok((kinds.get(kind) ?? 0) > 100, `${kind}: ${kinds.get(kind)}`);
    // Tailing stops here: the undo's own writes are not part of the changes known to it.
    await stopTail();
    return { table, snapshot, selected, known: all };
  }

  /** A copy of the table as it is now, under another name: a table the same changes can be undone on. */
  async function copyOf(table: string, name: string) {
    const copy = await newTable(name);
    const rows = (await scan(table)) as Item[];
    const summary = await loadInBatches(rows, (batch) => services.items.batchPut(copy, batch), { parallelism: PARALLELISM });
    assert.equal(summary.written, rows.length, JSON.stringify(summary));
    assertSameItems(normalized(await scan(copy)), normalized(rows as Row[]));
    return copy;
  }

  let deploy: Awaited<ReturnType<typeof badDeploy>>;
  let deployCopy: string;
  before(async function () {
    this.timeout(600_000);
    deploy = await badDeploy('deploy', random(SEED));
    deployCopy = await copyOf(deploy.table, 'copy');
  });

  it('undoing every change puts the table back: a Scan equals the snapshot exactly', async () => {
    const { table, snapshot, selected, known } = deploy;
    const steps = planUndo(selected, { known, ttlAttribute: 'expiresAt' });
    const writes = steps.filter(isWrite);
    assert.ok(steps.every((s) => s.action !== 'skip' || /already/.test(s.reason)), 'only items already as before are skipped');
    assert.ok(!dryRunText(table, steps).includes('TTL value in the past'), 'no item is restored with an expired TTL');

    const started = Date.now();
    const outcomes = await applyUndo(services.items, table, writes, { parallelism: PARALLELISM });
    const counts = countOutcomes(outcomes);
    console.log(`${table}: undo of ${writes.length} items in ${Date.now() - started} ms: ${JSON.stringify(counts)}`);
    assert.equal(counts.conflict, 0, JSON.stringify(outcomes.filter((o) => o.status === 'conflict').slice(0, 3)));
    assert.equal(counts.failed, 0, JSON.stringify(outcomes.filter((o) => o.status === 'failed').slice(0, 3)));
    assert.equal(counts.restored + counts.deleted, writes.length);
    assert.ok(counts.restored > ITEMS / 2 && counts.deleted > 50, JSON.stringify(counts));
    assertSameItems(normalized(await scan(table)), normalized(snapshot));
    assert.match(reportText(table, outcomes), new RegExp(`- Restored: ${counts.restored}\\n- Deleted: ${counts.deleted}\\n- Skipped as conflict \\(changed since; nothing written\\): 0\\n`));
  });

  it('a concurrent writer changes 50 of the items during the undo: exactly those are conflicts and keep its value', async () => {
    const next = random(SEED + 1);
    const { snapshot, selected, known } = deploy;
    const table = deployCopy;
    const steps = planUndo(selected, { known, ttlAttribute: 'expiresAt' });
    const writes = steps.filter(isWrite);
    const targets = [...writes].sort(() => next() - 0.5).slice(0, CONCURRENT_ITEMS);
    const targetIds = new Set(targets.map((s) => itemIdentity(s.keys)));
    // The writer's version of each item: a new label on the item as the deploy left it, or the item re-created.
    const theirs = (step: WriteStep): Row =>
      (step.expected.absent ? { ...step.keys, label: { S: 'writer' }, writer: { S: 'concurrent' } } : { ...step.expected.item, label: { S: 'writer' }, writer: { S: 'concurrent' } });

    // The writer runs on its own from the undo's start, through its own client, in its own order. The undo's write of
    // a target waits for the writer's write of it, so the race always ends the same way: half of the targets are
    // written before the undo reads them (the full comparison catches it), half between the undo's read and its
    // conditional write (only the condition can catch it).
    const written = new Map<string, { done: Promise<void>; release: () => void }>();
    for (const step of targets) {
      let release!: () => void;
      const done = new Promise<void>((r) => (release = r));
      written.set(itemIdentity(step.keys), { done, release });
    }
    const beforeRead = new Set(targets.slice(0, CONCURRENT_ITEMS / 2).map((s) => itemIdentity(s.keys)));
    const writerClient = new DynamoDBClient(config());
    const writer = async () => {
      for (const step of [...targets].sort(() => next() - 0.5)) {
        const row = theirs(step);
        if (step.expected.absent) await writerClient.send(new PutItemCommand({ TableName: table, Item: row }));
        else await writerClient.send(new UpdateItemCommand({ TableName: table, Key: step.keys as Row, UpdateExpression: 'SET #label = :l, #writer = :w', ExpressionAttributeNames: { '#label': 'label', '#writer': 'writer' }, ExpressionAttributeValues: { ':l': row.label, ':w': row.writer } }));
        written.get(itemIdentity(step.keys))!.release();
      }
    };
    const waitFor = (keyOf: Item, phase: 'read' | 'write') => {
      const id = itemIdentity(keyOf);
      const gate = written.get(id);
      return gate && beforeRead.has(id) === (phase === 'read') ? gate.done : undefined;
    };
    class InterleavedItems extends ItemsService {
      override async getItem(tableName: string, k: Item) {
        await waitFor(k, 'read');
        return super.getItem(tableName, k);
      }
      override async putItem(tableName: string, i: Item, condition?: Parameters<ItemsService['putItem']>[2]) {
        await waitFor(key(String(i.PK?.S)), 'write');
        return super.putItem(tableName, i, condition);
      }
      override async deleteItem(tableName: string, k: Item, condition?: Parameters<ItemsService['deleteItem']>[2]) {
        await waitFor(k, 'write');
        return super.deleteItem(tableName, k, condition);
      }
    }
    const undoClient = new DynamoDBClient(config());
    try {
      const [outcomes] = await Promise.all([applyUndo(new InterleavedItems(undoClient), table, writes, { parallelism: PARALLELISM }), writer()]);
      const counts = countOutcomes(outcomes);
      console.log(`${table}: ${JSON.stringify(counts)}`);
      const conflicts = outcomes.flatMap((o) => (o.status === 'conflict' ? [o] : []));
      assert.deepEqual(conflicts.map((o) => itemIdentity(o.step.keys)).sort(), [...targetIds].sort(), 'exactly the items the writer changed are conflicts');
      for (const o of conflicts) assert.deepEqual(normalized([o.current as Row]), normalized([theirs(o.step)]), 'the conflict shows the writer\'s item');
      assert.equal(counts.failed, 0, JSON.stringify(outcomes.filter((o) => o.status === 'failed').slice(0, 3)));
      assert.equal(counts.restored + counts.deleted, writes.length - CONCURRENT_ITEMS);
      const expected = [...snapshot.filter((row) => !targetIds.has(itemIdentity({ PK: row.PK, SK: row.SK }))), ...targets.map(theirs)];
      assertSameItems(normalized(await scan(table)), normalized(expected));
    } finally {
      writerClient.destroy();
      undoClient.destroy();
    }
  });
});
