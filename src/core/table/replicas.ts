// Global-table replicas of a table, from either version's answer (pure; the shapes mirror the documented responses):
// version 2019.11.21 lists them in DescribeTable `Replicas`, version 2017.11.29 in DescribeGlobalTable's
// `GlobalTableDescription.ReplicationGroup`. Each replica has its own stream in its own region.

export type GlobalTableVersion = '2019.11.21' | '2017.11.29';

/** One element of DescribeTable `Replicas` (ReplicaDescription) or of a ReplicationGroup. */
export interface ReplicaDescriptionShape {
  RegionName?: string;
  ReplicaStatus?: string;
  ReplicaStatusDescription?: string;
  ReplicaStatusPercentProgress?: string;
  ReplicaTableClassSummary?: { TableClass?: string };
  KMSMasterKeyId?: string;
}

/** The parts of DescribeTable's TableDescription read here. */
export interface ReplicatedTableShape {
  TableName?: string;
  GlobalTableVersion?: string;
  Replicas?: ReplicaDescriptionShape[];
  StreamSpecification?: { StreamEnabled?: boolean; StreamViewType?: string };
}

/** DescribeGlobalTable's GlobalTableDescription (version 2017.11.29). */
export interface GlobalTableDescriptionShape {
  GlobalTableName?: string;
  GlobalTableStatus?: string;
  ReplicationGroup?: ReplicaDescriptionShape[];
}

export interface Replica {
  region: string;
  version: GlobalTableVersion;
  /** CREATING, ACTIVE, UPDATING, DELETING, CREATION_FAILED, REGION_DISABLED, INACCESSIBLE_ENCRYPTION_CREDENTIALS, … */
  status?: string;
  statusDescription?: string;
  /** Percent of the replica's initial copy (while CREATING). */
  progress?: string;
  /** STANDARD when the summary is absent (as for the table itself). */
  tableClass?: string;
  kmsKeyId?: string;
}

function toReplicas(list: readonly ReplicaDescriptionShape[] | undefined, version: GlobalTableVersion, fallbackStatus?: string): Replica[] {
  const replicas: Replica[] = [];
  for (const r of list ?? []) {
    if (!r.RegionName) continue;
    replicas.push({
      region: r.RegionName,
      version,
      status: r.ReplicaStatus ?? fallbackStatus,
      statusDescription: r.ReplicaStatusDescription,
      progress: r.ReplicaStatusPercentProgress,
      tableClass: version === '2019.11.21' ? (r.ReplicaTableClassSummary?.TableClass ?? 'STANDARD') : undefined,
      kmsKeyId: r.KMSMasterKeyId,
    });
  }
  return replicas.sort((a, b) => a.region.localeCompare(b.region));
}

/** Replicas listed by DescribeTable (version 2019.11.21); empty for a table that is no such global table. */
/** Lists a table's replicas (implemented over the SDK in src/aws; extension-host tests substitute their own, as
 * DynamoDB Local has none). */
export interface ReplicaSource {
  list(table: ReplicatedTableShape): Promise<Replica[]>;
}

export function replicasFromTable(table: ReplicatedTableShape): Replica[] {
  return toReplicas(table.Replicas, '2019.11.21');
}

/** Replicas of a version 2017.11.29 global table (each replica's status is the global table's own). */
export function replicasFromGlobalTable(description: GlobalTableDescriptionShape | undefined): Replica[] {
  return toReplicas(description?.ReplicationGroup, '2017.11.29', description?.GlobalTableStatus);
}

/** True when DescribeTable alone says the table is a global table (no need to ask DescribeGlobalTable). */
export function isGlobalTableV2019(table: ReplicatedTableShape): boolean {
  return table.GlobalTableVersion === '2019.11.21' || (table.Replicas?.length ?? 0) > 0;
}

/**
 * Whether DescribeGlobalTable (version 2017.11.29) is worth asking: such a table always has a NEW_AND_OLD_IMAGES
 * stream, so every other table is answered without a call.
 */
export function mayBeGlobalTableV2017(table: ReplicatedTableShape): boolean {
  const spec = table.StreamSpecification;
  return !isGlobalTableV2019(table) && spec?.StreamEnabled === true && spec.StreamViewType === 'NEW_AND_OLD_IMAGES';
}

/** The tree row's description of a replica: its status, and why when AWS says so. */
export function replicaSummary(replica: Replica, ownRegion?: string): string {
  const parts = [replica.status ?? 'status unknown'];
  if (replica.progress && replica.status === 'CREATING') parts.push(`${replica.progress}%`);
  if (replica.region === ownRegion) parts.push('this region');
  return parts.join(' · ');
}

/** Label/value lines of a replica's tooltip. */
export function replicaDetailLines(replica: Replica): [string, string][] {
  const lines: [string, string][] = [
    ['Region', replica.region],
    ['Status', replica.status ?? '—'],
    ['Global table version', replica.version],
  ];
  if (replica.statusDescription) lines.push(['Status detail', replica.statusDescription]);
  if (replica.progress) lines.push(['Initial copy', `${replica.progress}%`]);
  if (replica.tableClass) lines.push(['Table class', replica.tableClass]);
  if (replica.kmsKeyId) lines.push(['KMS key', replica.kmsKeyId]);
  return lines;
}

/**
 * The warning shown before disabling or changing the stream of a replicated table: replicas read it, with
 * NEW_AND_OLD_IMAGES. Undefined when there are no replicas.
 */
export function replicationWarning(tableName: string, replicas: readonly Replica[]): string | undefined {
  if (replicas.length === 0) return undefined;
  const regions = replicas.map((r) => r.region).join(', ');
  return `${tableName} is a global table (replicas: ${regions}). Replication reads this stream and needs NEW_AND_OLD_IMAGES: disabling or changing it breaks replication.`;
}

/**
 * The endpoint for a replica's region, given the connection's endpoint. AWS (none): the SDK's default for that
 * region. A URL naming the connection's region (e.g. https://dynamodb.us-east-1.amazonaws.com): the same URL with
 * the other region. Anything else, DynamoDB Local included: the same endpoint (DynamoDB Local keeps a separate
 * database per region, so one local endpoint stands in for both regions).
 */
export function endpointForRegion(endpoint: string | undefined, fromRegion: string | undefined, toRegion: string): string | undefined {
  if (!endpoint || !fromRegion || fromRegion === toRegion) return endpoint;
  try {
    const url = new URL(endpoint);
    const labels = url.hostname.split('.');
    const at = labels.indexOf(fromRegion);
    if (at < 0) return endpoint;
    labels[at] = toRegion;
    url.hostname = labels.join('.');
    // URL adds a trailing slash to a bare origin: keep the endpoint as the user wrote it otherwise.
    return endpoint.endsWith('/') ? url.toString() : url.toString().replace(/\/$/, '');
  } catch {
    return endpoint;
  }
}
