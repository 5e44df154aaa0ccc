/**
 * Lock-out of inquiries after repeated failures: failures are counted per asker identity (the blind index of the
 * asserted ID type and number) and per policy number asked about (whether or not it exists, so a lock says nothing
 * about which numbers are real). When a counter reaches the threshold inside the window, that identity or policy
 * is locked for the cooling period: every attempt meanwhile is refused, a correct one too. Counting starts afresh
 * after a lock ends, so one more failure after a lock does not lock again at once.
 */
export interface LockoutSettings {
  threshold: number;
  windowMs: number;
  coolingMs: number;
}

export const DEFAULT_LOCKOUT: LockoutSettings = { threshold: 5, windowMs: 60 * 60_000, coolingMs: 60 * 60_000 };

export type LockKind = 'asker' | 'policy';

/** Whether a lock that ends at `lockedUntil` (null: never locked) still holds at `now`. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** Failures from this moment on count: the window back from now, but not before the last lock ended. */
export function countFailuresSince(now: Date, lastLockedUntil: Date | null, s: LockoutSettings): Date {
  const windowStart = now.getTime() - s.windowMs;
  return new Date(Math.max(windowStart, lastLockedUntil?.getTime() ?? windowStart));
}

/** After a failure: the end of the lock it starts, or null when the counted failures stay below the threshold. */
export function lockAfterFailure(countedFailures: number, now: Date, s: LockoutSettings): Date | null {
  return countedFailures >= s.threshold ? new Date(now.getTime() + s.coolingMs) : null;
}
