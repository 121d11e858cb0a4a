// Demo and test fixture, never shipped in the VSIX: DynamoDB Local has no Kinesis Data Streams destinations, so this
// relay stands in front of it. It answers the four *KinesisStreamingDestination calls itself, forwards every other
// DynamoDB call unchanged, and while a table's destination is ACTIVE copies the table's DynamoDB stream records into the
// Kinesis data stream (kinesalite) in the documented destination record format:
//   {awsRegion, eventID, eventName, userIdentity, recordFormat: "application/json", tableName,
//    dynamodb: {ApproximateCreationDateTime, Keys, NewImage, OldImage, SizeBytes, ApproximateCreationDateTimePrecision},
//    eventSource: "aws:dynamodb"}
// The relay reads the table's DynamoDB stream to learn the changes, so a table needs one for its destination to work
// here (on AWS a destination needs none); without one the destination ends ENABLE_FAILED, saying why.
import http from 'node:http';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { freePort, localCredentials } from './dynamodb-local.mjs';

const TARGET_PREFIX = 'DynamoDB_20120810.';
const POLL_MS = 100;
/** How long a new destination stays ENABLING (AWS takes longer; long enough to see the state in the tree). */
const ENABLING_MS = 1500;

/** The account kinesalite puts in its ARNs. */
export const KINESALITE_ACCOUNT = '000000000000';

export function kinesisStreamArn(name, region = 'us-east-1') {
  return `arn:aws:kinesis:${region}:${KINESALITE_ACCOUNT}:stream/${name}`;
}

const awsError = (res, status, type, message) => {
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }));
};
const answer = (res, body) => {
  res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(body));
};

/**
 * Starts the relay. `dynamodbEndpoint`: DynamoDB Local; `kinesisEndpoint`: kinesalite.
 * @returns {Promise<{endpoint: string, port: number, stop: () => Promise<void>}>}
 */
export async function startKinesisRelay({ dynamodbEndpoint, kinesisEndpoint, region = 'us-east-1', port, log = () => {} }) {
  const config = { endpoint: dynamodbEndpoint, region, credentials: localCredentials };
  const dynamodb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const kinesis = new KinesisClient({ endpoint: kinesisEndpoint, region, credentials: localCredentials, requestHandler: new NodeHttpHandler() });
  /** tableName → Map(streamArn → destination state) */
  const tables = new Map();
  const stopped = new AbortController();

  function destinationsOf(tableName) {
    if (!tables.has(tableName)) tables.set(tableName, new Map());
    return tables.get(tableName);
  }

  async function handle(target, input, res) {
    const table = input.TableName;
    if (typeof table !== 'string' || !table) return awsError(res, 400, 'ValidationException', 'TableName is required');
    const described = await dynamodb.send(new DescribeTableCommand({ TableName: table })).catch((err) => err);
    if (described instanceof Error) return awsError(res, 400, 'ResourceNotFoundException', `Requested resource not found: Table: ${table} not found`);
    const list = destinationsOf(table);
    if (target === 'DescribeKinesisStreamingDestination') {
      return answer(res, {
        TableName: table,
        KinesisDataStreamDestinations: [...list.values()].map((d) => ({
          StreamArn: d.streamArn,
          DestinationStatus: d.status,
          ...(d.description ? { DestinationStatusDescription: d.description } : {}),
          ApproximateCreationDateTimePrecision: d.precision,
        })),
      });
    }
    const streamArn = input.StreamArn;
    const name = /:stream\/(.+)$/.exec(String(streamArn ?? ''))?.[1];
    if (!name) return awsError(res, 400, 'ValidationException', 'StreamArn is not a Kinesis data stream ARN');
    const existing = list.get(streamArn);
    if (target === 'EnableKinesisStreamingDestination') {
      if (existing && existing.status !== 'DISABLED') return awsError(res, 400, 'ValidationException', `Table ${table} is already streaming to ${streamArn}`);
      const exists = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })).catch(() => undefined);
      if (!exists) return awsError(res, 400, 'ResourceNotFoundException', `Kinesis stream ${streamArn} not found`);
      const precision = input.EnableKinesisStreamingConfiguration?.ApproximateCreationDateTimePrecision ?? 'MILLISECOND';
      const d = { streamArn, streamName: name, status: 'ENABLING', precision, tableName: table, controller: new AbortController() };
      list.set(streamArn, d);
      setTimeout(() => startCopying(d, described.Table), ENABLING_MS);
      return answer(res, { TableName: table, StreamArn: streamArn, DestinationStatus: 'ENABLING', EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: precision } });
    }
    if (!existing || existing.status === 'DISABLED') return awsError(res, 400, 'ValidationException', `Table ${table} is not streaming to ${streamArn}`);
    if (target === 'DisableKinesisStreamingDestination') {
      existing.controller.abort();
      existing.status = 'DISABLED';
      return answer(res, { TableName: table, StreamArn: streamArn, DestinationStatus: 'DISABLING' });
    }
    // UpdateKinesisStreamingDestination: only the precision can change.
    const precision = input.UpdateKinesisStreamingConfiguration?.ApproximateCreationDateTimePrecision;
    if (precision !== 'MILLISECOND' && precision !== 'MICROSECOND') return awsError(res, 400, 'ValidationException', 'ApproximateCreationDateTimePrecision must be MILLISECOND or MICROSECOND');
    existing.precision = precision;
    return answer(res, { TableName: table, StreamArn: streamArn, DestinationStatus: 'UPDATING', UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: precision } });
  }

  async function startCopying(d, table) {
    if (d.controller.signal.aborted || stopped.signal.aborted) return;
    const fail = (description) => {
      d.status = 'ENABLE_FAILED';
      d.description = description;
      log(`destination ${d.tableName} → ${d.streamName}: ${description}`);
    };
    if (!table?.LatestStreamArn || !table.StreamSpecification?.StreamEnabled) {
      return fail("The demo relay copies changes from the table's DynamoDB stream: enable a stream on the table first");
    }
    copyLoop(d, table.LatestStreamArn, () => {
      // ACTIVE only once the relay reads from "now": a change made after the destination shows ACTIVE is carried.
      d.status = 'ACTIVE';
      log(`destination ${d.tableName} → ${d.streamName} ACTIVE`);
    }).catch((err) => fail(`Demo relay: ${err.message}`));
  }

  /** Reads every shard of the table's stream (DynamoDB Local has one per stream) and puts each change into Kinesis. */
  async function copyLoop(d, streamArn, onReady) {
    const signal = AbortSignal.any([d.controller.signal, stopped.signal]);
    const fromStart = async (shardId) =>
      (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    /** One page after the shard's last copied record. DynamoDB Local answers TrimmedDataAccessException on an iterator
     * taken while its shard was empty once other tables were written: read again from the start, skipping what was seen. */
    const nextPage = async (shard) => {
      let out;
      try {
        out = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator }));
      } catch (err) {
        if (err.name !== 'TrimmedDataAccessException') throw err;
        out = await streams.send(new GetRecordsCommand({ ShardIterator: await fromStart(shard.id) }));
      }
      shard.iterator = out.NextShardIterator;
      const fresh = (out.Records ?? []).filter((r) => shard.lastSeq === undefined || BigInt(r.dynamodb.SequenceNumber) > shard.lastSeq);
      if (fresh.length > 0) shard.lastSeq = BigInt(fresh.at(-1).dynamodb.SequenceNumber);
      return fresh;
    };
    // A destination carries the changes made after it was enabled: skip what the stream holds now.
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shards = [];
    for (const { ShardId } of StreamDescription?.Shards ?? []) {
      const shard = { id: ShardId, iterator: await fromStart(ShardId), lastSeq: undefined };
      while (shard.iterator && (await nextPage(shard)).length > 0);
      if (shard.iterator) shards.push(shard);
    }
    onReady();
    while (!signal.aborted && shards.some((s) => s.iterator)) {
      for (const shard of shards) {
        if (!shard.iterator) continue;
        const records = (await nextPage(shard)).map((r) => toDestinationRecord(r, d));
        if (records.length > 0 && !signal.aborted) await kinesis.send(new PutRecordsCommand({ StreamName: d.streamName, Records: records }));
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  function toDestinationRecord(r, d) {
    const s = r.dynamodb ?? {};
    // DynamoDB Local rounds its times to the minute; the relay stamps the time it saw the change, as AWS would.
    const ms = Date.now();
    const body = {
      awsRegion: region,
      eventID: r.eventID,
      eventName: r.eventName,
      userIdentity: r.userIdentity ? { type: r.userIdentity.Type, principalId: r.userIdentity.PrincipalId } : null,
      recordFormat: 'application/json',
      tableName: d.tableName,
      dynamodb: {
        ApproximateCreationDateTime: d.precision === 'MICROSECOND' ? ms * 1000 : ms,
        Keys: s.Keys,
        ...(s.NewImage ? { NewImage: s.NewImage } : {}),
        ...(s.OldImage ? { OldImage: s.OldImage } : {}),
        SizeBytes: s.SizeBytes,
        ApproximateCreationDateTimePrecision: d.precision,
      },
      eventSource: 'aws:dynamodb',
    };
    return { Data: new TextEncoder().encode(JSON.stringify(body, binaryAsBase64)), PartitionKey: JSON.stringify(s.Keys ?? {}).slice(0, 256) };
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (/^(Describe|Enable|Disable|Update)KinesisStreamingDestination$/.test(op)) {
        let input;
        try {
          input = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          return awsError(res, 400, 'SerializationException', 'Malformed JSON');
        }
        handle(op, input, res).catch((err) => awsError(res, 500, 'InternalServerError', err.message));
        return;
      }
      const upstream = new URL(dynamodbEndpoint);
      const forward = http.request(
        { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', (err) => awsError(res, 502, 'InternalServerError', `relay: ${err.message}`));
      forward.end(body);
    });
  });
  const listenPort = port ?? (await freePort());
  await new Promise((resolve, reject) => server.once('error', reject).listen(listenPort, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${listenPort}`,
    port: listenPort,
    stop: async () => {
      stopped.abort();
      for (const list of tables.values()) for (const d of list.values()) d.controller.abort();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      dynamodb.destroy();
      streams.destroy();
      kinesis.destroy();
    },
  };
}

/** Binary attribute values (Uint8Array from the SDK) as base64, as DynamoDB writes them into Kinesis. */
function binaryAsBase64(_key, value) {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}
