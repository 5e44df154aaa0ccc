/**
 * The API's one wait for background work to show: calls `probe` every `intervalMs` until it answers a value, or
 * answers null after `timeoutMs`. Used where a request starts a workflow whose first write the caller wants back
 * (a new case, a new detection run); a loaded worker may take seconds, so the bound is generous.
 * (Scripts, benchmarks and tests use scripts/lib/poll.cjs, which cannot be imported from compiled code.)
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined>,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
