/**
 * The one CSV cell writer of every CSV the system writes (import reports, the suspicious list) and of the CSV
 * uploads the tests and benchmarks generate.
 *
 * OWASP CSV injection: a cell a spreadsheet would run as a formula (starting with = + - @, or tab / CR, which some
 * spreadsheets strip before looking) gets a leading apostrophe so it shows as text. Then RFC 4180: quoted when it
 * holds a comma, quote or line break, quotes doubled.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

type CellValue = string | number | null | undefined;

/** RFC 4180 quoting alone: for CSV written as input to the system (an upload), whose values must arrive as given. */
export function quoteCsvCell(value: CellValue): string {
  const cell = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A cell of a CSV meant for people (opened in a spreadsheet): formulas neutralised, then quoted. */
export function csvCell(value: CellValue): string {
  return quoteCsvCell(neutraliseFormula(value === null || value === undefined ? '' : String(value)));
}

/** One CSV line of the given cells, ended by `eol`; `cell` writes each one (default: for people). */
export function csvLine(
  cells: ReadonlyArray<CellValue>,
  eol = '\r\n',
  cell: (value: CellValue) => string = csvCell,
): string {
  return cells.map((v) => cell(v)).join(',') + eol;
}
