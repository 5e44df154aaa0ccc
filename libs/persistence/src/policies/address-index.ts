/**
 * The form an address takes before its blind index is computed: Unicode NFKC (full-width to half-width),
 * whitespace removed, Latin letters lower-cased. Detection of shared addresses builds on this.
 */
export function normaliseAddressForIndex(address: string): string {
  return address.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}
