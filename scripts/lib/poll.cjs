// The one poll-until helper of the scripts, the benchmarks and the test suites (CommonJS, so both the .mjs
// scripts and the TypeScript tests under jest can load it; types in poll.d.cts).

/**
 * Calls `fn` every `intervalMs` until `done(value)` holds and resolves with that value; rejects with the last
 * value after `timeoutMs`. For waiting on background work (workflows, servers), never for timing assertions.
 * `options` may be just the timeout in ms.
 */
async function pollUntil(fn, done, options = {}) {
  const {
    timeoutMs = 60_000,
    intervalMs = 250,
    what = 'condition',
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

module.exports = { pollUntil };
