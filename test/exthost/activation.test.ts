// Smoke suite in the real extension host: the extension activates, registers every command of src/ids.ts,
// and package.json contributes exactly those commands.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ids';
import { activateExtension, EXTENSION_ID } from './support';

const IDS: string[] = Object.values(COMMANDS);

describe('activation', () => {
  it('finds and activates the extension, which gives tests its API', async function () {
    this.timeout(60_000);
    const api = await activateExtension();
    assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.ok(api.tree && api.connection && api.panels && api.testHooks, 'test API');
  });

  it('registers every command in COMMANDS', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = IDS.filter((id) => !all.has(id));
    assert.deepStrictEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('package.json contributes exactly the commands in COMMANDS, under the "DynamoDB Streams" category', () => {
    const declared: { command: string; category?: string }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.commands ?? [];
    assert.deepStrictEqual(declared.map((c) => c.command).sort(), [...IDS].sort());
    for (const cmd of declared) assert.strictEqual(cmd.category, 'DynamoDB Streams', `${cmd.command} category`);
  });

  it('the tail rows\' right-click menu (webview/context) offers only record commands, on record rows of tail panels, hidden from the palette', () => {
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.menus ?? {};
    const all: { command: string; when: string }[] = menus['webview/context'] ?? [];
    const rowMenu = all.filter((m) => !m.when.startsWith("webviewId == 'dynamodbStreams.items'"));
    const record = [COMMANDS.copyRecord, COMMANDS.copyLambdaEvent, COMMANDS.exportLambdaEvent, COMMANDS.invokeHandler, COMMANDS.undoChange, COMMANDS.itemHistory, COMMANDS.editRecordItem, COMMANDS.undoChanges];
    assert.deepStrictEqual(rowMenu.map((m) => m.command), record);
    for (const m of rowMenu) assert.strictEqual(m.when, "webviewId == 'dynamodbStreams.tail' && webviewSection == 'record'", m.command);
    const hidden = new Set((menus.commandPalette ?? []).filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const id of record) assert.ok(hidden.has(id), `${id} hidden from the palette`);
  });

  it('the items panel rows\' right-click menu offers Edit item, Delete item (the palette commands, which take the row\'s reference) and Item history', () => {
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.menus ?? {};
    const rowMenu = ((menus['webview/context'] ?? []) as { command: string; when: string }[]).filter((m) => m.when.startsWith("webviewId == 'dynamodbStreams.items'"));
    assert.deepStrictEqual(rowMenu.map((m) => m.command), [COMMANDS.editItem, COMMANDS.deleteItem, COMMANDS.itemRowHistory]);
    for (const m of rowMenu) assert.strictEqual(m.when, "webviewId == 'dynamodbStreams.items' && webviewSection == 'itemRow'", m.command);
    const hidden = new Set((menus.commandPalette ?? []).filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    assert.ok(hidden.has(COMMANDS.itemRowHistory), 'the row\'s Item history is hidden from the palette');
    assert.ok(!hidden.has(COMMANDS.browseItems), 'Browse items is in the palette');
  });
});
