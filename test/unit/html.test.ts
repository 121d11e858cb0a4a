import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy, makeNonce, tailPanelHtml } from '../../src/panels/html';

describe('tail panel HTML', () => {
  const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
  const nonce = makeNonce();
  const panelKey = 'dynamodb:arn:aws:dynamodb:us-east-1:1:table/A"b\'<c>&/stream/1#shardId-1@eu-west-1';
  const html = tailPanelHtml({ cspSource, nonce, scriptUri: 'https://x/media/dist/tail.js?a=1&b="2"', styleUri: 'https://x/media/dist/tail.css', panelKey });

  it('makes fresh alphanumeric nonces', () => {
    assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(makeNonce(), makeNonce());
  });

  it('sets a strict CSP with the nonce', () => {
    assert.equal(
      contentSecurityPolicy(cspSource, nonce),
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} 'nonce-${nonce}'; font-src ${cspSource}; img-src ${cspSource}`,
    );
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';`.replace(/'/g, '&#39;')));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('loads only the bundle, with the nonce, and has no inline script or handlers', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`nonce="${nonce}"`));
    assert.match(scripts[0], /src="https:\/\/x\/media\/dist\/tail\.js\?a=1&amp;b=&quot;2&quot;"/);
    assert.match(html, /<script[^>]*><\/script>/, 'the script element has no inline body');
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /style="/);
  });

  it('rejects a nonce that could break out of the attribute', () => {
    assert.throws(() => tailPanelHtml({ cspSource, nonce: 'a"b', scriptUri: '', styleUri: '', panelKey }));
  });

  it('names the panel in the body\'s right-click context, escaped', () => {
    const body = /<body data-vscode-context="([^"]*)">/.exec(html);
    assert.ok(body, 'the body carries data-vscode-context');
    const unescaped = body[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(unescaped), { tailPanel: panelKey });
  });
});

describe('markup sinks', () => {
  it('src/ never parses markup from strings', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|js|mjs)$/.test(name)) files.push(p);
      }
    };
    walk(join(__dirname, '..', '..', 'src'));
    const sinks = ['inner' + 'HTML', 'outer' + 'HTML', 'insertAdjacent' + 'HTML', 'document.' + 'write', 'createContextual' + 'Fragment'];
    const offenders = files.flatMap((f) => sinks.filter((s) => readFileSync(f, 'utf8').includes(s)).map((s) => `${f}: ${s}`));
    assert.deepEqual(offenders, []);
  });
});

describe('items panel HTML (the same bundle in items mode)', () => {
  const nonce = makeNonce();
  const html = tailPanelHtml({ cspSource: 'https://c', nonce, scriptUri: 'https://x/media/dist/tail.js', styleUri: 'https://x/media/dist/tail.css', panelKey: 'p|us-east-1|<x>', mode: 'items' });

  it('loads the tail bundle under the same CSP and says items mode on the app element', () => {
    assert.match(html, new RegExp(`script-src &#39;nonce-${nonce}&#39;`));
    assert.match(html, /<div id="app" class="app" data-mode="items" aria-busy="true"><\/div>/);
    assert.match(html, /<title>Items<\/title>/);
    const body = /<body data-vscode-context="([^"]*)">/.exec(html);
    assert.ok(body);
    assert.deepEqual(JSON.parse(body[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')), { itemsPanel: 'p|us-east-1|<x>' });
  });

  it('a tail page has no mode attribute', () => {
    assert.doesNotMatch(tailPanelHtml({ cspSource: 'https://c', nonce, scriptUri: 's', styleUri: 't', panelKey: 'k' }), /data-mode/);
  });
});
