// Invoke handler…'s environment variables are kept as secrets, per workspace; plain values of an earlier version are
// moved once. Synthetic: in-memory stand-ins for workspace state and SecretStorage (the extension host's are used by
// the extension; here only the moving logic is under test).
import assert from 'node:assert/strict';
import { HandlerEnvStore, LEGACY_ENV_KEY } from '../../src/handlers/handlerEnvStore';

class MemoryState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

class MemorySecrets {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('HandlerEnvStore (synthetic stores)', () => {
  it('keeps the variables in the secret store, nothing of them in workspace state', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const store = new HandlerEnvStore(state, secrets);
    await store.set({ API_KEY: 's3cret' });
    assert.deepEqual(await store.get(), { API_KEY: 's3cret' });
    assert.ok(!JSON.stringify([...state.values]).includes('s3cret'), 'workspace state holds no value');
    assert.ok([...secrets.values.values()].some((v) => v.includes('s3cret')));
  });

  it('moves values an earlier version kept in workspace state, once', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    await state.update(LEGACY_ENV_KEY, { TOKEN: 'abc', BAD: 1 });
    const store = new HandlerEnvStore(state, secrets);
    assert.deepEqual(await store.get(), { TOKEN: 'abc' });
    assert.equal(state.get(LEGACY_ENV_KEY), undefined);
    await store.set({ TOKEN: 'new' });
    // A second store over the same workspace (a reload) finds the secret, and nothing to move.
    assert.deepEqual(await new HandlerEnvStore(state, secrets).get(), { TOKEN: 'new' });
  });

  it('two workspaces keep their own variables', async () => {
    const secrets = new MemorySecrets();
    const a = new HandlerEnvStore(new MemoryState(), secrets);
    const b = new HandlerEnvStore(new MemoryState(), secrets);
    await a.set({ X: 'a' });
    await b.set({ X: 'b' });
    assert.deepEqual(await a.get(), { X: 'a' });
    assert.deepEqual(await b.get(), { X: 'b' });
  });

  it('stored garbage reads as no variables', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const store = new HandlerEnvStore(state, secrets);
    await store.set({});
    for (const v of secrets.values.keys()) secrets.values.set(v, 'not json');
    assert.deepEqual(await store.get(), {});
  });
});
