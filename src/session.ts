// The current connection and its AWS services, rebuilt when the settings change.
import * as vscode from 'vscode';
import { resolveConnection, ResolvedConnection } from './core/connection';
import { connectionSettings, SECTION } from './settings';
import type { AwsServices } from './aws/services';

type ServicesModule = typeof import('./aws/services');

export class Session implements vscode.Disposable {
  private services?: Promise<AwsServices>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  connection: ResolvedConnection;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.connection = this.resolve();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (['profile', 'region', 'endpoint'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) this.reset();
    });
  }

  private resolve(): ResolvedConnection {
    const connection = resolveConnection(connectionSettings(), process.env);
    this.log.info(`Connection: ${connection.label} (profile ${connection.profile ?? 'default chain'}, region ${connection.region ?? 'from profile'}, endpoint ${connection.dynamodbEndpoint ?? 'AWS'})`);
    return connection;
  }

  /** The SDK module, loaded on first use. */
  static loadSdk(): Promise<ServicesModule> {
    return import('./aws/services');
  }

  async getServices(): Promise<AwsServices> {
    if (!this.services) {
      const connection = this.connection;
      this.services = Session.loadSdk().then(async (sdk) => {
        // Show the profile's own region in the tree when settings and environment name none.
        if (!connection.region && !connection.dynamodbEndpoint) {
          const region = await sdk.profileRegion(connection.profile).catch(() => undefined);
          if (region) {
            connection.region = region;
            connection.label = `${connection.profile ?? 'default'} @ ${region}`;
          }
        }
        return sdk.createServices(connection);
      });
    }
    return this.services;
  }

  /** Drops clients so the next call builds them from the current settings. */
  reset(): void {
    const old = this.services;
    this.services = undefined;
    old?.then((s) => s.dispose(), () => undefined);
    this.connection = this.resolve();
    this.changed.fire();
  }

  dispose(): void {
    this.services?.then((s) => s.dispose(), () => undefined);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
