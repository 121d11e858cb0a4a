// Everything AWS-facing the extension uses, for one connection. Loaded with a dynamic import so the SDK
// stays unloaded until a connection is first used.
import type { ResolvedConnection } from '../core/connection';
import { createClients } from './clients';
import { KinesisDestinationsService } from './kinesisDestinations';
import { SdkKinesisApi } from './kinesisApi';
import { SdkStreamsApi } from './streamsApi';
import { TableSettingsService } from './tableSettings';
import { TablesService } from './tables';
import { listProfiles, profileRegion } from './profiles';

export interface AwsServices {
  tables: TablesService;
  tableSettings: TableSettingsService;
  streams: SdkStreamsApi;
  kinesis: SdkKinesisApi;
  kinesisDestinations: KinesisDestinationsService;
  dispose(): void;
}

export function createServices(connection: ResolvedConnection): AwsServices {
  const clients = createClients(connection);
  return {
    tables: new TablesService(clients.dynamodb),
    tableSettings: new TableSettingsService(clients.dynamodb),
    streams: new SdkStreamsApi(clients.streams),
    kinesis: new SdkKinesisApi(clients.kinesis),
    kinesisDestinations: new KinesisDestinationsService(clients.dynamodb),
    dispose: () => clients.destroy(),
  };
}

export { listProfiles, profileRegion };
