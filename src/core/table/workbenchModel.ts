// Import NoSQL Workbench model…: a data model file as NoSQL Workbench exports it, read into the CreateTable requests
// it describes and the sample items to load. The format:
//   {ModelName, ModelMetadata, DataModel: [{TableName, KeyAttributes: {PartitionKey: {AttributeName, AttributeType},
//    SortKey?}, NonKeyAttributes: [{AttributeName, AttributeType}], TableData: [items in DynamoDB JSON],
//    GlobalSecondaryIndexes?: [{IndexName, KeyAttributes, Projection: {ProjectionType, NonKeyAttributes?}}],
//    BillingMode?, ProvisionedCapacitySettings?: {ProvisionedThroughput: {ReadCapacityUnits, WriteCapacityUnits}}}]}
// (TableFacets, DataAccess and auto scaling settings describe the model, not the table: ignored.)
// Numbers in TableData keep all their digits (read with the exact JSON parser).
import { nodeToItem } from '../items/itemDocument';
import { keyProblem } from '../items/itemKeys';
import { JsonDocumentError, parseJson, type JsonNode } from '../items/jsonText';
import type { Item } from '../records/model';
import { createTableRequest, validateTableName, type Billing, type CreateTableRequest, type KeyAttribute, type KeyType } from './createTable';

export interface ModelIndex {
  name: string;
  keys: KeyAttribute[];
  projectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  nonKeyAttributes?: string[];
}

export interface ModelTable {
  name: string;
  keys: KeyAttribute[];
  indexes: ModelIndex[];
  billing: Billing;
  items: Item[];
}

export interface WorkbenchModel {
  name: string;
  tables: ModelTable[];
}

/** CreateTable with the table's global secondary indexes (structurally the SDK's input). */
export interface ModelCreateTableRequest extends CreateTableRequest {
  GlobalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: ModelIndex['projectionType']; NonKeyAttributes?: string[] };
    ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  }[];
}

/** The model file is not a NoSQL Workbench model: the message says where and what. */
export class WorkbenchModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbenchModelError';
  }
}

const KEY_TYPES = new Set(['S', 'N', 'B']);
const PROJECTIONS = new Set(['ALL', 'KEYS_ONLY', 'INCLUDE']);

type Obj = { name: string; value: JsonNode }[];
const get = (node: JsonNode | undefined, name: string): JsonNode | undefined => (node?.kind === 'object' ? (node.entries as Obj).find((e) => e.name === name)?.value : undefined);
const str = (node: JsonNode | undefined): string | undefined => (node?.kind === 'string' ? node.value : undefined);
const num = (node: JsonNode | undefined): number | undefined => (node?.kind === 'number' ? Number(node.text) : undefined);

export function parseWorkbenchModel(text: string): WorkbenchModel {
  let root: JsonNode;
  try {
    root = parseJson(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new WorkbenchModelError(`The file is not JSON: ${err instanceof JsonDocumentError ? err.message : String(err)}`);
  }
  const dataModel = get(root, 'DataModel');
  if (dataModel?.kind !== 'array') throw new WorkbenchModelError('This is not a NoSQL Workbench model: it has no "DataModel" list of tables (export the model from NoSQL Workbench\'s data modeler as JSON)');
  if (dataModel.items.length === 0) throw new WorkbenchModelError('The model has no tables ("DataModel" is empty)');
  const tables = dataModel.items.map((node, i) => readTable(text, node, i));
  const seen = new Set<string>();
  for (const t of tables) {
    if (seen.has(t.name)) throw new WorkbenchModelError(`The model has two tables named ${t.name}`);
    seen.add(t.name);
  }
  return { name: str(get(root, 'ModelName')) ?? 'Unnamed model', tables };
}

function readKey(where: string, node: JsonNode | undefined, role: 'PartitionKey' | 'SortKey'): KeyAttribute | undefined {
  const key = get(node, role);
  if (!key) return undefined;
  const name = str(get(key, 'AttributeName'));
  const type = str(get(key, 'AttributeType'));
  if (!name) throw new WorkbenchModelError(`${where}: KeyAttributes.${role} has no AttributeName`);
  if (!type || !KEY_TYPES.has(type)) throw new WorkbenchModelError(`${where}: the key ${name} has type ${type ?? '(none)'}; a key is S, N or B`);
  return { name, type: type as KeyType };
}

function readKeys(where: string, node: JsonNode | undefined): KeyAttribute[] {
  const partition = readKey(where, get(node, 'KeyAttributes'), 'PartitionKey');
  if (!partition) throw new WorkbenchModelError(`${where}: KeyAttributes.PartitionKey is missing`);
  const sort = readKey(where, get(node, 'KeyAttributes'), 'SortKey');
  return sort ? [partition, sort] : [partition];
}

function readTable(text: string, node: JsonNode, index: number): ModelTable {
  const name = str(get(node, 'TableName'));
  if (!name) throw new WorkbenchModelError(`DataModel[${index}] has no TableName`);
  const nameProblem = validateTableName(name);
  if (nameProblem) throw new WorkbenchModelError(`Table ${name}: ${nameProblem}`);
  const where = `Table ${name}`;
  const keys = readKeys(where, node);
  const gsis = get(node, 'GlobalSecondaryIndexes');
  const indexes = gsis?.kind === 'array' ? gsis.items.map((g, i) => readIndex(`${where}, GlobalSecondaryIndexes[${i}]`, g)) : [];
  const throughput = get(get(node, 'ProvisionedCapacitySettings'), 'ProvisionedThroughput');
  const read = num(get(throughput, 'ReadCapacityUnits'));
  const write = num(get(throughput, 'WriteCapacityUnits'));
  // Workbench writes PROVISIONED with its throughput; without numbers, on-demand is what CreateTable can honour.
  const billing: Billing =
    str(get(node, 'BillingMode')) === 'PROVISIONED' && read && write ? { mode: 'PROVISIONED', readUnits: read, writeUnits: write } : { mode: 'PAY_PER_REQUEST' };
  const data = get(node, 'TableData');
  const items = (data?.kind === 'array' ? data.items : []).map((itemNode, i) => {
    let item: Item;
    try {
      item = nodeToItem(text, itemNode, 'dynamodb');
    } catch (err) {
      throw new WorkbenchModelError(`${where}, TableData[${i}]: ${err instanceof Error ? err.message : String(err)}`);
    }
    const problem = keyProblem(item, keys);
    if (problem) throw new WorkbenchModelError(`${where}, TableData[${i}]: ${problem}`);
    return item;
  });
  return { name, keys, indexes, billing, items };
}

function readIndex(where: string, node: JsonNode): ModelIndex {
  const name = str(get(node, 'IndexName'));
  if (!name) throw new WorkbenchModelError(`${where} has no IndexName`);
  const projection = get(node, 'Projection');
  const type = str(get(projection, 'ProjectionType')) ?? 'ALL';
  if (!PROJECTIONS.has(type)) throw new WorkbenchModelError(`${where} (${name}): ProjectionType ${type} is not ALL, KEYS_ONLY or INCLUDE`);
  const nonKey = get(projection, 'NonKeyAttributes');
  const nonKeyAttributes = type === 'INCLUDE' && nonKey?.kind === 'array' ? nonKey.items.map(str).filter((s): s is string => !!s) : undefined;
  return { name, keys: readKeys(`${where} (${name})`, node), projectionType: type as ModelIndex['projectionType'], nonKeyAttributes };
}

/** The CreateTable request: AttributeDefinitions for the key and index key attributes only (DynamoDB refuses others). */
export function modelTableRequest(table: ModelTable): ModelCreateTableRequest {
  const [partitionKey, sortKey] = table.keys;
  const request: ModelCreateTableRequest = createTableRequest({ name: table.name, partitionKey, sortKey, billing: table.billing, tableClass: 'STANDARD', deletionProtection: false });
  for (const index of table.indexes) {
    for (const k of index.keys) {
      const defined = request.AttributeDefinitions.find((d) => d.AttributeName === k.name);
      if (defined && defined.AttributeType !== k.type) throw new WorkbenchModelError(`Table ${table.name}: ${k.name} is of type ${defined.AttributeType} and, in index ${index.name}, of type ${k.type}`);
      if (!defined) request.AttributeDefinitions.push({ AttributeName: k.name, AttributeType: k.type });
    }
  }
  if (table.indexes.length) {
    request.GlobalSecondaryIndexes = table.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: index.keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
      Projection: { ProjectionType: index.projectionType, NonKeyAttributes: index.nonKeyAttributes },
      // A provisioned table's indexes need their own throughput: the table's.
      ProvisionedThroughput: request.ProvisionedThroughput,
    }));
  }
  return request;
}

/** "Orders: PK (S), SK (S); 2 indexes (GSI1, GSI2); 8 items; on-demand". */
export function describeModelTable(table: ModelTable): string {
  const keys = table.keys.map((k) => `${k.name} (${k.type})`).join(', ');
  const indexes = table.indexes.length ? `${table.indexes.length} index${table.indexes.length === 1 ? '' : 'es'} (${table.indexes.map((i) => i.name).join(', ')})` : 'no index';
  const billing = table.billing.mode === 'PAY_PER_REQUEST' ? 'on-demand' : `provisioned ${table.billing.readUnits}/${table.billing.writeUnits}`;
  return `${table.name}: ${keys}; ${indexes}; ${table.items.length} item${table.items.length === 1 ? '' : 's'}; ${billing}`;
}
