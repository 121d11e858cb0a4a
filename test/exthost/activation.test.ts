// Smoke suite in the real extension host: the extension activates and contributes every command users rely on.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'dynamodb-streams.dynamodb-streams'; // publisher.name in package.json
const COMMANDS = [
  'dynamodbStreams.connect',
  'dynamodbStreams.refresh',
  'dynamodbStreams.tailStream',
  'dynamodbStreams.enableStream',
  'dynamodbStreams.disableStream',
  'dynamodbStreams.changeViewType',
  'dynamodbStreams.copyArn',
  'dynamodbStreams.describeTable',
];

describe('activation', () => {
  it('finds and activates the extension', async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers all eight commands', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((id) => !all.has(id));
    assert.deepStrictEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('declares the commands in package.json under the "DynamoDB Streams" category', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared: { command: string; category?: string }[] = ext.packageJSON.contributes?.commands ?? [];
    for (const id of COMMANDS) {
      const cmd = declared.find((c) => c.command === id);
      assert.ok(cmd, `${id} is not declared in contributes.commands`);
      assert.strictEqual(cmd.category, 'DynamoDB Streams', `${id} category`);
    }
  });
});
