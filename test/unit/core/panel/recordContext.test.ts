import assert from 'node:assert/strict';
import { readRecordContext, toRecordContext } from '../../../../src/core/panel/recordContext';

describe('record context (right-click menu on a tail row)', () => {
  it('a row acts on the selection it is part of, else on itself', () => {
    assert.deepEqual(toRecordContext(5, [3, 5, 9]), { webviewSection: 'record', recordId: 5, recordIds: [3, 5, 9], preventDefaultContextMenuItems: true });
    assert.deepEqual(toRecordContext(7, [3, 5]).recordIds, [7]);
    assert.deepEqual(toRecordContext(7, []).recordIds, [7]);
  });

  it('reads back what VS Code hands the command: the row\'s and the body\'s context merged', () => {
    const arg = { webview: 'dynamodbStreams.tail', tailPanel: 'dynamodb:arn#s', ...toRecordContext(5, [9, 5, 3]) };
    assert.deepEqual(readRecordContext(arg), { panelKey: 'dynamodb:arn#s', recordId: 5, recordIds: [3, 5, 9] });
  });

  it('keeps only well-formed fields (a keybinding or another extension may pass anything)', () => {
    for (const arg of [undefined, null, 'x', 42, [], {}]) assert.deepEqual(readRecordContext(arg), { panelKey: undefined, recordId: undefined, recordIds: [] }, JSON.stringify(arg));
    assert.deepEqual(readRecordContext({ tailPanel: '', recordId: -1, recordIds: [1.5, 'x', 2, 2, null, 2 ** 60] }), { panelKey: undefined, recordId: undefined, recordIds: [2] });
    assert.deepEqual(readRecordContext({ recordId: 4, recordIds: 'all' }), { panelKey: undefined, recordId: 4, recordIds: [4] });
  });
});
