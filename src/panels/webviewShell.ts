// What the tail and items panels share with their webview: the one bundle's HTML, and how a message is received.
import * as vscode from 'vscode';
import { errorText } from '../core/connection/awsError';
import { isWebviewMessage, type WebviewToHost } from '../core/panel/protocol';
import { makeNonce, tailPanelHtml, type PanelMode } from './html';

/** Where the webview bundle is: the only folder a panel may load from. */
export function bundleRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'dist');
}

/** Sets a panel's HTML: the bundle (tail.js, tail.css) under a fresh nonce, as a tail or an items panel. */
export function setPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, panelKey: string, mode: PanelMode = 'tail'): void {
  const bundle = bundleRoot(extensionUri);
  webview.html = tailPanelHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'tail.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'tail.css')).toString(),
    panelKey,
    mode,
  });
}

/** Checks a message from a panel's webview, then handles it; a failure is logged and shown, never thrown. */
export async function receiveWebviewMessage(title: string, log: vscode.LogOutputChannel, message: unknown, handle: (m: WebviewToHost) => Promise<void>): Promise<void> {
  if (!isWebviewMessage(message)) {
    log.warn(`${title}: ignored a malformed message from the webview`);
    return;
  }
  try {
    await handle(message);
  } catch (err) {
    log.error(`${title}: ${message.type} failed: ${errorText(err)}`);
    void vscode.window.showErrorMessage(`${title}: ${message.type} failed: ${errorText(err)}`);
  }
}
