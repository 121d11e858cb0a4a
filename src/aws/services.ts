// Everything AWS-facing the extension uses, for one connection. Loaded with a dynamic import so the SDK
// stays unloaded until a connection is first used.
import type { ResolvedConnection } from '../core/connection';
import { createClients } from './clients';
import { SdkStreamsApi } from './streamsApi';
import { TablesService } from './tables';
import { listProfiles, profileRegion } from './profiles';

export interface AwsServices {
  tables: TablesService;
  streams: SdkStreamsApi;
  dispose(): void;
}

export function createServices(connection: ResolvedConnection): AwsServices {
  const clients = createClients(connection);
  return {
    tables: new TablesService(clients.dynamodb),
    streams: new SdkStreamsApi(clients.streams),
    dispose: () => clients.destroy(),
  };
}

export { listProfiles, profileRegion };
