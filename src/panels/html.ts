// The tail panel's HTML: a static shell with a strict CSP; all record data arrives later by postMessage and is
// rendered as text by the webview script.
import { randomBytes } from 'node:crypto';
import type { PanelContext } from '../core/panel/recordContext';

function panelContext(key: string, mode: PanelMode): PanelContext | { itemsPanel: string } {
  return mode === 'items' ? { itemsPanel: key } : { tailPanel: key };
}

/** One webview bundle, two panels: a tail (`Tail: <table>`) or a table's items (`Items: <table>`). */
export type PanelMode = 'tail' | 'items';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface TailHtmlParts {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri(media/dist/tail.js) */
  scriptUri: string;
  /** webview.asWebviewUri(media/dist/tail.css) */
  styleUri: string;
  /** The panel's key: the right-click menu's context names it, so the record commands reach this panel. */
  panelKey: string;
  /** Items mode: the same bundle shows an items panel. */
  mode?: PanelMode;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
  ].join('; ');
}

export function tailPanelHtml(parts: TailHtmlParts): string {
  if (!/^[A-Za-z0-9]+$/.test(parts.nonce)) throw new Error('nonce must be alphanumeric');
  const csp = contentSecurityPolicy(parts.cspSource, parts.nonce);
  const mode: PanelMode = parts.mode ?? 'tail';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${parts.nonce}" href="${attr(parts.styleUri)}">
<title>${mode === 'items' ? 'Items' : 'Tail'}</title>
</head>
<body data-vscode-context="${attr(JSON.stringify(panelContext(parts.panelKey, mode)))}">
<div id="app" class="app"${mode === 'items' ? ' data-mode="items"' : ''} aria-busy="true"></div>
<script type="module" nonce="${parts.nonce}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>
`;
}
