// Add replica region… and Remove replica region… (global tables version 2019.11.21), pure: the UpdateTable request,
// the stream a replica needs, the region check, and how far the replica has got (the shapes mirror the documented
// UpdateTable input and DescribeTable output).
import { validateRegion } from '../connection/connection';
import { replicasFromTable, type ReplicatedTableShape } from './replicas';

export type ReplicaAction = 'Create' | 'Delete';

/** The view type replication reads: a replica can be added only to a table streaming it. */
export const REPLICA_VIEW_TYPE = 'NEW_AND_OLD_IMAGES';

/** What DynamoDB Local (no global tables) says to a replica update; the extension says it in its own words. */
export const REPLICAS_UNSUPPORTED = 'Replicas are not supported by this endpoint (DynamoDB Local has no global tables)';

export interface ReplicaUpdateRequest {
  TableName: string;
  ReplicaUpdates: ({ Create: { RegionName: string } } | { Delete: { RegionName: string } })[];
}

export function replicaUpdateRequest(tableName: string, region: string, action: ReplicaAction): ReplicaUpdateRequest {
  const update = action === 'Create' ? { Create: { RegionName: region } } : { Delete: { RegionName: region } };
  return { TableName: tableName, ReplicaUpdates: [update] };
}

/** True for DynamoDB Local's answer to ReplicaUpdates ("Nothing to update"): the endpoint has no replicas. */
export function isNothingToUpdate(err: unknown): boolean {
  return /Nothing to update/i.test(String((err as { message?: unknown } | undefined)?.message ?? err));
}

/** What must change on the table's stream before a replica can be added: nothing, enable one, or change its view type. */
export function streamNeededForReplica(table: ReplicatedTableShape): 'ok' | 'enable' | 'change' {
  const spec = table.StreamSpecification;
  if (spec?.StreamEnabled !== true) return 'enable';
  return spec.StreamViewType === REPLICA_VIEW_TYPE ? 'ok' : 'change';
}

/** Why a typed region cannot get a new replica of the table (its own region, a region it already has), or undefined. */
export function validateReplicaRegion(text: string, ownRegion: string | undefined, existing: readonly string[]): string | undefined {
  const region = text.trim();
  if (!region) return 'Enter a region, e.g. eu-west-1';
  const bad = validateRegion(region);
  if (bad) return bad;
  if (region === ownRegion) return `${region} is this connection's region: the table itself is there`;
  if (existing.includes(region)) return `The table already has a replica in ${region}`;
  return undefined;
}

export type ReplicaProgress = { done: true } | { done: false; message: string } | { failed: string };

/**
 * How far a replica update has got, from a fresh DescribeTable: Create is done when the region's replica is ACTIVE
 * (CREATION_FAILED and the like stop it); Delete when the region is no longer listed.
 */
export function replicaProgress(table: ReplicatedTableShape, region: string, action: ReplicaAction): ReplicaProgress {
  const replica = replicasFromTable(table).find((r) => r.region === region);
  if (action === 'Delete') return replica ? { done: false, message: `${region}: ${replica.status ?? 'DELETING'}…` } : { done: true };
  if (!replica) return { done: false, message: `${region}: requested…` };
  const status = replica.status ?? 'CREATING';
  if (status === 'ACTIVE') return { done: true };
  if (/FAILED|INACCESSIBLE|DISABLED/.test(status)) {
    return { failed: `The replica in ${region} is ${status}${replica.statusDescription ? `: ${replica.statusDescription}` : ''}` };
  }
  const percent = replica.progress && status === 'CREATING' ? ` ${replica.progress}%` : '';
  return { done: false, message: `${region}: ${status}${percent}…` };
}

/** Delays between DescribeTable reads while a replica changes: quick first (a small table is done in a minute), then every 15 s. */
export function replicaPollDelayMs(attempt: number): number {
  return Math.min(15_000, 1_000 * 2 ** Math.min(attempt, 4));
}
