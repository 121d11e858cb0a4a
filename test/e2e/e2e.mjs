// End-to-end scenario: the packaged VSIX in code-server, driven through headless Chromium like a user would,
// against DynamoDB Local. scripts/run-e2e.mjs prepares everything and runs these steps in order.
// Tables: `Orders` (stream NEW_AND_OLD_IMAGES) and `Customers` (no stream), created with the SDK.
import assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';

/** Tables the scenario expects; created before the workbench opens. */
export async function createTables(dynamodb) {
  const table = (TableName, StreamSpecification) => ({
    TableName,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification,
  });
  await dynamodb.send(new CreateTableCommand(table('Orders', { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' })));
  await dynamodb.send(new CreateTableCommand(table('Customers')));
  await dynamodb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'order#1' }, total: { N: '42.50' } } }));
  await dynamodb.send(new PutItemCommand({ TableName: 'Customers', Item: { pk: { S: 'customer#1' }, name: { S: 'Ada' } } }));
}

/** Polls `probe` until it returns without throwing (its value is returned) or `timeout` ms have passed. */
async function eventually(probe, { timeout = 30_000, interval = 500 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}

/** The tree row whose visible label starts with `name` (aria-labels are "<label> <description>" unless a string tooltip replaces them). */
function treeItem(page, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.locator('.pane-body [role="treeitem"]').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escaped}`) }) }).first();
}

/** Waits until the table's row shows `text` (in its aria-label or its visible description); returns both. */
async function expectRow(page, name, text, timeout = 60_000) {
  return eventually(async () => {
    const row = treeItem(page, name);
    const aria = (await row.getAttribute('aria-label', { timeout: 2000 })) ?? '';
    const visible = await row.innerText({ timeout: 2000 });
    assert.ok(aria.includes(text) || visible.includes(text), `tree row "${name}" should show "${text}"; aria-label is "${aria}", text is "${visible.replace(/\s+/g, ' ')}"`);
    return { aria, visible };
  }, { timeout });
}

/** Drags the side bar's edge so it is `width` px wide (cosmetic: a failure here is ignored). */
async function widenSideBar(page, width) {
  try {
    const box = await page.locator('.part.sidebar').boundingBox();
    if (!box || box.width >= width) return;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  } catch { /* keep the default width */ }
}

/** Expands a collapsed row (a click on its twistie). */
async function expand(page, name) {
  const row = treeItem(page, name);
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  await eventually(async () => assert.equal(await row.getAttribute('aria-expanded'), 'true', `row "${name}" expanded`), { timeout: 10_000 });
}

/** Right-clicks a table row and chooses `command` from its context menu (retrying while the menu lacks it). */
async function contextMenu(page, name, command) {
  await eventually(async () => {
    await page.keyboard.press('Escape'); // close a previous attempt's menu
    await treeItem(page, name).click({ button: 'right', timeout: 5000 });
    const item = page.getByRole('menuitem', { name: command, exact: true });
    try {
      await item.waitFor({ state: 'visible', timeout: 3000 });
    } catch {
      const offered = await page.getByRole('menuitem').allInnerTexts().catch(() => []);
      throw new Error(`context menu of "${name}" has no "${command}"; it offers: ${offered.map((t) => t.trim()).filter(Boolean).join(' | ') || '(no menu)'}`);
    }
    // The web workbench's menu does not always act on a synthetic click; Enter on the hovered item always works.
    await item.hover();
    await page.keyboard.press('Enter');
    await item.waitFor({ state: 'hidden', timeout: 3000 });
  }, { timeout: 20_000, interval: 1000 });
}

async function describe(dynamodb, name) {
  return (await dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
}

/**
 * The scenario: [name, async (ctx) => void] in order; ctx = {page, dynamodb, shot(name)}.
 * A failing step stops the scenario (later steps depend on it).
 */
export const steps = [
  ['workbench loads', async ({ page }) => {
    await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
  }],

  ['activity bar has "DynamoDB Streams" and opens its view', async ({ page, shot }) => {
    const icon = page.locator('.activitybar [aria-label^="DynamoDB Streams"]').first();
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    // A container with one view shows its name as the side bar title (the pane header is hidden).
    await page.locator('.sidebar .composite.title', { hasText: 'DynamoDB Streams' }).first().waitFor({ timeout: 30_000 });
    await widenSideBar(page, 560); // readable stream labels and shard ids in the screenshots
    await shot('view-opened');
  }],

  ['tree lists Orders (NEW_AND_OLD_IMAGES) and Customers (stream off)', async ({ page, shot }) => {
    await expectRow(page, 'Orders', 'NEW_AND_OLD_IMAGES');
    await expectRow(page, 'Customers', 'stream off');
    await shot('tree');
  }],

  ['Orders expands to its current stream and its open shard', async ({ page, shot }) => {
    await expand(page, 'Orders');
    await expectRow(page, 'Stream ', 'NEW_AND_OLD_IMAGES', 30_000);
    await expand(page, 'Stream ');
    await treeItem(page, 'shardId-').waitFor({ timeout: 30_000 });
    // The README picture: no hover or tooltip left over from the clicks.
    await page.mouse.move(800, 600);
    await page.waitForTimeout(1500);
    await shot('tree');
  }],

  ['Customers → Enable stream… → NEW_AND_OLD_IMAGES shows in the tree', async ({ page, shot }) => {
    await contextMenu(page, 'Customers', 'Enable stream…');
    const option = page.locator('.quick-input-widget [role="option"]', { hasText: 'NEW_AND_OLD_IMAGES' }).first();
    await option.waitFor({ timeout: 15_000 });
    await shot('enable-quick-pick');
    await option.click();
    await expectRow(page, 'Customers', 'NEW_AND_OLD_IMAGES');
    await shot('stream-enabled');
  }],

  ['DescribeTable confirms Customers streams NEW_AND_OLD_IMAGES', async ({ dynamodb }) => {
    const table = await eventually(async () => {
      const t = await describe(dynamodb, 'Customers');
      assert.equal(t.StreamSpecification?.StreamEnabled, true, 'StreamSpecification.StreamEnabled');
      return t;
    }, { timeout: 10_000 });
    assert.equal(table.StreamSpecification.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.ok(table.LatestStreamArn, 'LatestStreamArn is set');
  }],

  ['Customers → Disable stream → modal "Disable" → tree shows "stream off"', async ({ page, shot }) => {
    await contextMenu(page, 'Customers', 'Disable stream');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    await shot('disable-confirmation');
    await dialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await expectRow(page, 'Customers', 'stream off');
    await shot('stream-disabled');
  }],

  ['DescribeTable confirms Customers has no stream, Orders keeps its stream', async ({ dynamodb }) => {
    const customers = await eventually(async () => {
      const t = await describe(dynamodb, 'Customers');
      assert.notEqual(t.StreamSpecification?.StreamEnabled, true, 'Customers StreamSpecification.StreamEnabled');
      return t;
    }, { timeout: 10_000 });
    assert.ok(!customers.StreamSpecification?.StreamEnabled);
    const orders = await describe(dynamodb, 'Orders');
    assert.equal(orders.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
  }],
];

/** What the window shows about errors: visible notifications' text, to explain a failed step. */
export async function visibleNotifications(page) {
  return page.locator('.notifications-toasts .notification-list-item-message, .monaco-dialog-box .dialog-message-text')
    .allInnerTexts()
    .catch(() => []);
}

/** The aria-labels of the tree rows on screen, to explain a failed step. */
export async function treeRows(page) {
  return page.locator('.pane-body [role="treeitem"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label'))).catch(() => []);
}
