import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('answers the first value the probe gives', async () => {
    let calls = 0;
    const value = await waitFor(async () => (++calls >= 3 ? 'ready' : null), { intervalMs: 1 });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('answers null once the time is up', async () => {
    expect(await waitFor(async () => undefined, { timeoutMs: 5, intervalMs: 1 })).toBeNull();
  });
});
