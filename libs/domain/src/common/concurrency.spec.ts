import { forEachConcurrently } from './concurrency';

describe('forEachConcurrently', () => {
  it('runs every item once, never more than the limit at a time', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      seen.push(n);
      running -= 1;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('begins the items in order', async () => {
    const begun: number[] = [];
    await forEachConcurrently([1, 2, 3, 4], 2, async (n) => {
      begun.push(n);
    });
    expect(begun).toEqual([1, 2, 3, 4]);
  });

  it('treats a limit below one as one, and an empty list as done', async () => {
    const begun: number[] = [];
    await forEachConcurrently([1, 2], 0, async (n) => {
      begun.push(n);
    });
    expect(begun).toEqual([1, 2]);
    await expect(forEachConcurrently([], 4, async () => undefined)).resolves.toBeUndefined();
  });

  it('rejects with the first failure and begins no item after it', async () => {
    const begun: number[] = [];
    const run = forEachConcurrently([1, 2, 3, 4, 5], 1, async (n) => {
      begun.push(n);
      if (n === 2) throw new Error('item 2 failed');
    });
    await expect(run).rejects.toThrow('item 2 failed');
    expect(begun).toEqual([1, 2]);
  });
});
