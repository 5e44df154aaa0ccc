/** `90`, `90s`, `15m`, `12h`, `7d`: a duration setting, in seconds. */
export const DURATION_PATTERN = /^(\d+)\s*(s|m|h|d)?$/;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export function durationSeconds(value: string): number {
  const m = DURATION_PATTERN.exec(value.trim());
  if (!m) throw new Error(`not a duration: ${value} (e.g. 3600, 45m, 12h, 1d)`);
  return Number(m[1]) * UNIT_SECONDS[m[2] ?? 's'];
}
