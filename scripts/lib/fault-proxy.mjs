// A loopback HTTP proxy in front of DynamoDB Local that injects faults into DynamoDB Streams calls only (X-Amz-Target
// DynamoDBStreams_20120810.*); DynamoDB calls pass through untouched. Test tooling for the soak and fault tests.
//
// Faults, each drawn with its own probability per Streams call (at most one per call):
//   reset       the client's connection is destroyed before the request is forwarded
//   lost        the request is forwarded and DynamoDB Local acts on it, then the connection is destroyed unanswered
//   internal    500 InternalServerError
//   limit       400 LimitExceededException
//   throttling  400 ThrottlingException
//   expired     400 ExpiredIteratorException (GetRecords only)
//   stall       forwarded, the answer is held back for stallMs
// and a blackhole window (blackhole(ms)): Streams calls made in it get no answer while it lasts; when it ends, those
// whose client still waits go through (as TCP retransmits them once a path comes back).
//
// The draws come from a seeded generator: pass `seed` (or set DDB_STREAMS_FAULT_SEED) to replay a run's sequence of
// draws; the seed in use is `proxy.seed`, which every caller prints. (Which call meets which draw still depends on
// timing, so a replay repeats the faults in call order, not necessarily on the same request.)
import http from 'node:http';

export const FAULT_KINDS = ['reset', 'lost', 'internal', 'limit', 'throttling', 'expired', 'stall', 'blackhole'];

const STREAMS_TARGET = 'DynamoDBStreams_20120810.';

/** The env var that replays a run: its value is the seed to use. */
export const FAULT_SEED_ENV = 'DDB_STREAMS_FAULT_SEED';

/** A fresh seed, unless DDB_STREAMS_FAULT_SEED names one (a failed run's printed seed). */
export function faultSeed(env = process.env) {
  const given = env[FAULT_SEED_ENV];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`${FAULT_SEED_ENV} must be an integer 0..4294967295, got '${given}'`);
    return seed;
  }
  return Math.floor(Math.random() * 0x100000000);
}

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same draws in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ERRORS = {
  internal: { status: 500, type: 'InternalServerError', message: 'Internal server error (injected)' },
  limit: { status: 400, type: 'LimitExceededException', message: 'Too many requests (injected)' },
  throttling: { status: 400, type: 'ThrottlingException', message: 'Rate of requests exceeds the allowed throughput (injected)' },
  expired: { status: 400, type: 'ExpiredIteratorException', message: 'Iterator expired (injected)' },
};

/**
 * @param {{ target: string, probabilities?: Partial<Record<string, number>>, stallMs?: number, seed?: number }} options
 *   target: DynamoDB Local's URL; probabilities per fault kind (0..1, summing to at most 1); stallMs: a stall's length;
 *   seed: the draws' seed (default: faultSeed(), i.e. DDB_STREAMS_FAULT_SEED or a fresh one).
 * @returns {Promise<{ endpoint: string, seed: number, counts: () => Record<string, number>, streamsCalls: () => number,
 *   calls: (operation: string) => number, answered: (operation: string) => number, setProbabilities: (p: Partial<Record<string, number>>) => void,
 *   blackhole: (ms: number) => Promise<void>, stop: () => Promise<void> }>}
 */
export async function startFaultProxy(options) {
  const target = new URL(options.target);
  const seed = options.seed ?? faultSeed();
  const random = seededRandom(seed);
  const stallMs = options.stallMs ?? 3_000;
  let probabilities = { ...(options.probabilities ?? {}) };
  let blackholeUntil = 0;
  /** Requests held by the blackhole: forwarded when it ends. */
  let held = [];
  let streamsCalls = 0;
  /** Requests received, by operation (X-Amz-Target's last part), DynamoDB and Streams alike. */
  const callsByOperation = new Map();
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
  const sockets = new Set();
  const timers = new Set();
  const upstream = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const later = (fn, ms) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** One fault kind (or undefined) for a Streams call, drawn from the cumulative probabilities. */
  function pickFault(operation) {
    let roll = random();
    for (const kind of FAULT_KINDS) {
      if (kind === 'blackhole' || (kind === 'expired' && operation !== 'GetRecords')) continue;
      const p = probabilities[kind] ?? 0;
      if (roll < p) return kind;
      roll -= p;
    }
    return undefined;
  }

  function sendError(res, kind) {
    const e = ERRORS[kind];
    const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${e.type}`, message: e.message });
    res.writeHead(e.status, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(body), 'x-amzn-RequestId': `injected-${streamsCalls}` });
    res.end(body);
  }

  /** Forwards the request; `answer(status, headers, body)` gets DynamoDB Local's complete answer. */
  function forward(req, body, res, answer) {
    const out = http.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: upstream },
      (up) => {
        const chunks = [];
        up.on('data', (c) => chunks.push(c));
        up.on('end', () => answer(up.statusCode ?? 502, up.headers, Buffer.concat(chunks)));
        up.on('error', () => res.socket?.destroy());
      },
    );
    out.on('error', () => res.socket?.destroy());
    out.end(body);
  }

  /** Answers relayed to a client that still waited, by operation. */
  const answeredByOperation = new Map();
  const relay = (res, operation) => (status, headers, body) => {
    if (res.destroyed || res.socket?.destroyed) return;
    res.writeHead(status, headers);
    res.end(body);
    answeredByOperation.set(operation, (answeredByOperation.get(operation) ?? 0) + 1);
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const amzTarget = String(req.headers['x-amz-target'] ?? '');
      const operation = amzTarget.slice(amzTarget.lastIndexOf('.') + 1);
      callsByOperation.set(operation, (callsByOperation.get(operation) ?? 0) + 1);
      if (!amzTarget.startsWith(STREAMS_TARGET)) return forward(req, body, res, relay(res, operation));
      streamsCalls++;
      if (Date.now() < blackholeUntil) {
        counts.blackhole++;
        return void held.push(() => res.socket?.destroyed || forward(req, body, res, relay(res, operation)));
      }
      const kind = pickFault(operation);
      if (kind) counts[kind]++;
      switch (kind) {
        case 'reset':
          return void req.socket.destroy();
        case 'lost':
          return forward(req, body, res, () => req.socket.destroy());
        case 'internal':
        case 'limit':
        case 'throttling':
        case 'expired':
          return sendError(res, kind);
        case 'stall':
          return forward(req, body, res, (...answer) => later(() => relay(res, operation)(...answer), stallMs));
        default:
          return forward(req, body, res, relay(res, operation));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    seed,
    streamsCalls: () => streamsCalls,
    /** Requests received for `operation` (e.g. 'GetRecords'), counted on arrival, before any fault. */
    calls: (operation) => callsByOperation.get(operation) ?? 0,
    /** DynamoDB Local's answers to `operation` passed on to the client (faulted calls excluded). */
    answered: (operation) => answeredByOperation.get(operation) ?? 0,
    setProbabilities(p) {
      probabilities = { ...p };
    },
    /** Streams calls get no answer for `ms`; resolves when the window ends. */
    blackhole(ms) {
      blackholeUntil = Date.now() + ms;
      return new Promise((resolve) =>
        later(() => {
          const release = held;
          held = [];
          for (const send of release) send();
          resolve();
        }, ms),
      );
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      upstream.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
