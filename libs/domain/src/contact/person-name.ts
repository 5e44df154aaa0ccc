/**
 * Two spellings of one person's name compare equal after NFKC (full-width to half-width), without whitespace and
 * the middle dots of transliterated names (·・.), case-folded: '李 雷' = '李雷', 'ZHANG·SAN' = 'zhang san'.
 * Used to tell whether a premium account's holder is the policyholder (Art. 11).
 */
export function normaliseNameForCompare(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s·・.]/gu, '')
    .toLowerCase();
}

export function sameName(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return normaliseNameForCompare(a) === normaliseNameForCompare(b);
}
