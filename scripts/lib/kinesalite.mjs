// kinesalite (a Kinesis API server in Node, in memory) for the demo and tests: started in this process.
import { createRequire } from 'node:module';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { localCredentials, localRegion } from './dynamodb-local.mjs';

const require = createRequire(import.meta.url);

/**
 * @param {{port?: number}} [options] port 0 or absent: a free one.
 * @returns {Promise<{endpoint: string, port: number, client: KinesisClient, createStream: (name: string, shards?: number) => Promise<void>, stop: () => Promise<void>}>}
 */
export async function startKinesalite(options = {}) {
  const server = require('kinesalite')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
  await new Promise((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = server.address().port;
  const endpoint = `http://127.0.0.1:${port}`;
  // HTTP/1.1: the SDK's default HTTP/2 handler fails against kinesalite.
  const client = new KinesisClient({ endpoint, region: localRegion, credentials: localCredentials, requestHandler: new NodeHttpHandler() });
  return {
    endpoint,
    port,
    client,
    async createStream(name, shards = 1) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      for (let i = 0; i < 200; i++) {
        const out = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (out.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`Kinesis stream ${name} did not become ACTIVE`);
    },
    stop: async () => {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
