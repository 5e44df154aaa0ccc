/**
 * The one CSV cell writer of every CSV the system writes (import reports, the suspicious list).
 *
 * OWASP CSV injection: a cell a spreadsheet would run as a formula (starting with = + - @, or tab / CR, which some
 * spreadsheets strip before looking) gets a leading apostrophe so it shows as text. Then RFC 4180: quoted when it
 * holds a comma, quote or line break, quotes doubled.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvCell(value: string | number | null | undefined): string {
  const cell = neutraliseFormula(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CSV line of the given cells, ended by `eol`. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>, eol = '\r\n'): string {
  return cells.map(csvCell).join(',') + eol;
}
