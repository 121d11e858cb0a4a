// Everything AWS-facing the extension uses, for one connection. Loaded with a dynamic import so the SDK
// stays unloaded until a connection is first used.
import type { ResolvedConnection } from '../core/connection/connection';
import { createClients } from './clients';
import { endpointForRegion } from '../core/table/replicas';
import { KinesisDestinationsService } from './kinesisDestinations';
import { LambdaTriggersService } from './lambdaTriggers';
import { ReplicasService } from './replicas';
import { SdkKinesisApi } from './kinesisApi';
import { SdkStreamsApi } from './streamsApi';
import { TableSettingsService } from './tableSettings';
import { TablesService } from './tables';
import { TableLifecycleService } from './tableLifecycle';
import { ItemsService } from './items';
import { listProfiles, profileRegion } from './profiles';

export interface AwsServices {
  tables: TablesService;
  tableSettings: TableSettingsService;
  tableLifecycle: TableLifecycleService;
  items: ItemsService;
  streams: SdkStreamsApi;
  kinesis: SdkKinesisApi;
  kinesisDestinations: KinesisDestinationsService;
  replicas: ReplicasService;
  lambdaTriggers: LambdaTriggersService;
  /** Tables and Streams of the same account in another region (a global table's replica), built on first use. */
  inRegion(region: string): RegionServices;
  /** Forgets the "not supported / not allowed" answers remembered for this connection (Refresh asks again). */
  forgetAnswers(): void;
  dispose(): void;
}

export interface RegionServices {
  tables: TablesService;
  streams: SdkStreamsApi;
}

/** The connection moved to another region: same profile and credentials; endpoints follow (see endpointForRegion). */
function connectionInRegion(connection: ResolvedConnection, region: string): ResolvedConnection {
  return {
    ...connection,
    region,
    dynamodbEndpoint: endpointForRegion(connection.dynamodbEndpoint, connection.region, region),
    streamsEndpoint: endpointForRegion(connection.streamsEndpoint, connection.region, region),
  };
}

export function createServices(connection: ResolvedConnection): AwsServices {
  const clients = createClients(connection);
  const regions = new Map<string, { services: RegionServices; destroy(): void }>();
  const lambdaReason = clients.lambdaEndpoint.available ? undefined : clients.lambdaEndpoint.reason;
  const lambdaEndpoint = clients.lambdaEndpoint.available ? clients.lambdaEndpoint.endpoint : undefined;
  const kinesisDestinations = new KinesisDestinationsService(clients.dynamodb);
  const replicas = new ReplicasService(clients.dynamodb);
  const lambdaTriggers = new LambdaTriggersService(clients.lambda, lambdaEndpoint, lambdaReason);
  return {
    tables: new TablesService(clients.dynamodb),
    tableSettings: new TableSettingsService(clients.dynamodb),
    tableLifecycle: new TableLifecycleService(clients.dynamodb),
    items: new ItemsService(clients.dynamodb),
    streams: new SdkStreamsApi(clients.streams),
    kinesis: new SdkKinesisApi(clients.kinesis),
    kinesisDestinations,
    replicas,
    lambdaTriggers,
    forgetAnswers() {
      kinesisDestinations.forgetAnswers();
      replicas.forgetAnswers();
      lambdaTriggers.forgetAnswers();
    },
    inRegion(region) {
      let entry = regions.get(region);
      if (!entry) {
        const other = createClients(connectionInRegion(connection, region));
        entry = { services: { tables: new TablesService(other.dynamodb), streams: new SdkStreamsApi(other.streams) }, destroy: () => other.destroy() };
        regions.set(region, entry);
      }
      return entry.services;
    },
    dispose: () => {
      clients.destroy();
      for (const entry of regions.values()) entry.destroy();
    },
  };
}

export { listProfiles, profileRegion };
