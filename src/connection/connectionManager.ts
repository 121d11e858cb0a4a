// The connection to AWS (or DynamoDB Local) and its services, rebuilt when the settings change. Not to be confused
// with a tail panel's TailSession (core/panel/tailSession.ts).
import * as vscode from 'vscode';
import { kinesisEndpointProblem, redactEndpoint, resolveConnection, ResolvedConnection } from '../core/connection/connection';
import { connectionSettings, onDidChangeSettings } from '../config/settings';
import type { AwsServices } from '../aws/services';
import type { KinesisApi } from '../core/tail/kinesis/types';
import type { StreamsApi } from '../core/tail/types';

type ServicesModule = typeof import('../aws/services');

/** Connect… writes up to three settings in a row: rebuild once for all of them. */
const SETTLE_MS = 100;

export class ConnectionManager implements vscode.Disposable {
  private services?: Promise<AwsServices>;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired after the connection changed; listeners stop using the previous services before they are disposed. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private pendingReset?: ReturnType<typeof setTimeout>;
  /** The settings the current connection was built from. */
  private settingsUsed = '';
  /** What the settings and environment resolve to now. */
  current: ResolvedConnection;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.current = this.resolve();
    this.subscription = onDidChangeSettings((change) => {
      if (!change.affectsConnection) return;
      clearTimeout(this.pendingReset);
      this.pendingReset = setTimeout(() => {
        if (JSON.stringify(connectionSettings()) !== this.settingsUsed) this.reset();
      }, SETTLE_MS);
    });
  }

  private resolve(): ResolvedConnection {
    const settings = connectionSettings();
    this.settingsUsed = JSON.stringify(settings);
    const c = resolveConnection(settings, process.env);
    const endpoint = c.dynamodbEndpoint ? redactEndpoint(c.dynamodbEndpoint) : 'AWS';
    const kinesis = c.kinesisEndpoint ? `, Kinesis endpoint ${redactEndpoint(c.kinesisEndpoint)}` : '';
    this.log.info(`Connection: ${c.label} (profile ${c.profile ?? 'default chain'}, region ${c.region ?? 'from profile'}, endpoint ${endpoint}${kinesis})`);
    return c;
  }

  /** The SDK module, loaded on first use. */
  static loadSdk(): Promise<ServicesModule> {
    return import('../aws/services');
  }

  async getServices(): Promise<AwsServices> {
    if (!this.services) {
      const connection = this.current;
      this.services = ConnectionManager.loadSdk().then(async (sdk) => {
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

  /**
   * DynamoDB Streams through whatever the connection is at the time of each call, so a tail restarted after the
   * connection changed uses the new one (and a stream of the old connection then reports itself gone).
   */
  readonly streams: StreamsApi = {
    describeStream: async (...args) => (await this.getServices()).streams.describeStream(...args),
    getShardIterator: async (...args) => (await this.getServices()).streams.getShardIterator(...args),
    getRecords: async (...args) => (await this.getServices()).streams.getRecords(...args),
  };

  /** Kinesis Data Streams through the connection current at each call, like `streams`. */
  readonly kinesis: KinesisApi = {
    listStreams: async (...args) => (await this.kinesisServices()).listStreams(...args),
    listShards: async (...args) => (await this.kinesisServices()).listShards(...args),
    getShardIterator: async (...args) => (await this.kinesisServices()).getShardIterator(...args),
    getRecords: async (...args) => (await this.kinesisServices()).getRecords(...args),
  };

  /** Refresh: the services ask again what they remembered this endpoint does not support or allow. */
  forgetAnswers(): void {
    // Runs before any call made after Refresh: those wait on the same promise, registered later.
    this.services?.then((s) => s.forgetAnswers(), () => undefined);
  }

  /** The Kinesis API, after checking its endpoint: one that cannot be an endpoint is refused with the next step. */
  async kinesisServices(): Promise<AwsServices['kinesis']> {
    const problem = kinesisEndpointProblem(this.current.kinesisEndpoint);
    if (problem) throw problem;
    return (await this.getServices()).kinesis;
  }

  /** Re-reads the settings and starts afresh (new clients on next use; the tree reloads). */
  reset(): void {
    clearTimeout(this.pendingReset);
    const old = this.services;
    this.services = undefined;
    this.current = this.resolve();
    this.changed.fire();
    old?.then((s) => s.dispose(), () => undefined);
  }

  dispose(): void {
    clearTimeout(this.pendingReset);
    this.services?.then((s) => s.dispose(), () => undefined);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
