// Shard lineage: DynamoDB Streams shards form a forest (a split closes a parent and opens children).
// A parent must be read to its end before its children.
import { ShardInfo, compareSequenceNumbers } from '../records/model';

export interface ShardNode {
  shard: ShardInfo;
  id: string;
  closed: boolean;
  children: ShardNode[];
  /** Set when the parent is named but no longer listed (trimmed after 24 h). */
  missingParentId?: string;
}

export function isClosed(shard: ShardInfo): boolean {
  return shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
}

function startOf(shard: ShardInfo): string {
  return shard.SequenceNumberRange?.StartingSequenceNumber ?? '0';
}

/** Builds the lineage forest; roots and children sorted by starting sequence number. Duplicated ids are kept once. */
export function buildLineage(shards: readonly ShardInfo[]): ShardNode[] {
  const nodes = new Map<string, ShardNode>();
  for (const shard of shards) {
    if (!shard.ShardId || nodes.has(shard.ShardId)) continue;
    nodes.set(shard.ShardId, { shard, id: shard.ShardId, closed: isClosed(shard), children: [] });
  }
  const roots: ShardNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.shard.ParentShardId;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else {
      if (parentId && parentId !== node.id) node.missingParentId = parentId;
      roots.push(node);
    }
  }
  const byStart = (a: ShardNode, b: ShardNode) => compareSequenceNumbers(startOf(a.shard), startOf(b.shard)) || a.id.localeCompare(b.id);
  const sortDeep = (list: ShardNode[]) => { list.sort(byStart); list.forEach((n) => sortDeep(n.children)); };
  sortDeep(roots);
  return roots;
}

/** Every shard in an order where each parent comes before its children (depth-first over the sorted forest). */
export function lineageOrder(shards: readonly ShardInfo[]): ShardNode[] {
  const out: ShardNode[] = [];
  const visit = (n: ShardNode) => { out.push(n); n.children.forEach(visit); };
  buildLineage(shards).forEach(visit);
  return out;
}
