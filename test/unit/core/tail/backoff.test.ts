import assert from 'node:assert/strict';
import { errorText } from '../../../../src/core/connection/awsError';
import { Backoff, classifyError } from '../../../../src/core/tail/backoff';
import { systemClock } from '../../../../src/core/tail/clock';
import { trackTimers } from './fakes';

const err = (name: string, status?: number, extra: object = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }), ...extra });

describe('tail backoff and error kinds', () => {
  it('doubles from 100 ms to a 10 s cap, jitter within [d/2, d], reset starts over', () => {
    const top = new Backoff({ random: () => 0.999999 });
    assert.deepEqual(Array.from({ length: 10 }, () => top.next()), [100, 200, 400, 800, 1600, 3200, 6400, 10000, 10000, 10000]);
    const bottom = new Backoff({ random: () => 0 });
    assert.deepEqual(Array.from({ length: 9 }, () => bottom.next()), [50, 100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    bottom.reset();
    assert.equal(bottom.next(), 50);
    const random = new Backoff();
    for (let i = 0; i < 50; i++) {
      const d = Math.min(10_000, 100 * 2 ** i);
      const v = random.next();
      assert.ok(v >= d / 2 && v <= d, `${v} not in [${d / 2}, ${d}]`);
    }
  });

  it('classifies Streams errors', () => {
    assert.equal(classifyError(err('ExpiredIteratorException', 400)), 'expired');
    assert.equal(classifyError(err('TrimmedDataAccessException', 400)), 'trimmed');
    assert.equal(classifyError(err('ResourceNotFoundException', 400)), 'gone');
    for (const name of ['LimitExceededException', 'ThrottlingException', 'ProvisionedThroughputExceededException', 'InternalServerError']) {
      assert.equal(classifyError(err(name, 400)), 'transient', name);
    }
    assert.equal(classifyError(err('Whatever', 500)), 'transient', 'any 5xx');
    assert.equal(classifyError(err('ServiceUnavailable', 503)), 'transient');
    assert.equal(classifyError(err('Error', undefined, { code: 'ECONNREFUSED' })), 'transient', 'connection refused');
    assert.equal(classifyError(err('TimeoutError')), 'transient');
    assert.equal(classifyError(err('Error', undefined, { cause: { code: 'ECONNRESET' } })), 'transient');
    assert.equal(classifyError(err('AccessDeniedException', 400)), 'fatal');
    assert.equal(classifyError(err('UnrecognizedClientException', 400)), 'credentials');
    assert.equal(classifyError(err('ExpiredTokenException', 400)), 'credentials');
    assert.equal(classifyError(err('ValidationException', 400)), 'other');
    assert.equal(classifyError(new TypeError('x is not a function')), 'other', 'a bug is not a network error');
    assert.equal(errorText(err('ValidationException', 400)), 'ValidationException: ValidationException happened');
    assert.equal(errorText('plain'), 'plain');
  });

  it('system clock: sleep ends early on abort and clears its timer', async () => {
    const timers = trackTimers();
    try {
      // Each check is on the sleep's own timer: other work in this process may set timers meanwhile.
      const ctl = new AbortController();
      const started = Date.now();
      let before = timers.created();
      const sleeping = systemClock.sleep(60_000, ctl.signal);
      assert.equal(timers.created() - before, 1, 'one timer');
      const long = timers.latest();
      assert.ok(timers.isLive(long));
      ctl.abort();
      await sleeping;
      assert.ok(Date.now() - started < 1_000);
      assert.ok(!timers.isLive(long), 'cleared on abort');
      before = timers.created();
      const short = systemClock.sleep(10, new AbortController().signal);
      assert.equal(timers.created() - before, 1);
      const shortTimer = timers.latest();
      await short;
      assert.ok(!timers.isLive(shortTimer), 'gone once it fired');
      before = timers.created();
      await systemClock.sleep(10_000, ctl.signal); // already aborted: returns at once, no timer
      assert.equal(timers.created() - before, 0);
    } finally {
      timers.restore();
    }
  });
});
