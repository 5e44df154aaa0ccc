import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';

/** One data row of an uploaded CSV, by its line in the file: its cells by header column, or why it is bad. */
export type CsvRow =
  | { line: number; cells: Record<string, string>; bad: null }
  /** `cells` holds what could be read (a row of the wrong width: the cells it has), null for an unreadable row. */
  | { line: number; cells: Record<string, string> | null; bad: string };

export interface CsvReadOptions {
  /** Called with the trimmed header before any row; throws to refuse the file. */
  checkHeader?: (header: string[]) => void;
  /** The error to throw when the header itself cannot be read. */
  headerError: (message: string) => Error;
}

/**
 * The one CSV reader of every upload (policy imports, the seller and agency directory), streaming, so a file of
 * millions of rows is never held in memory. UTF-8 with or without BOM; empty lines skipped.
 *
 * Bad-row policy, the same everywhere: a row csv-parse cannot read (a stray quote) or with more or fewer cells
 * than the header is yielded as bad, with its line, and reading goes on. Only the header can fail the file.
 * Rows come in line order.
 */
export async function* readCsvRows(input: Readable, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  const parser = input.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true }),
  );
  input.on('error', (err) => parser.destroy(err));
  const unreadable: CsvRow[] = [];
  parser.on('skip', (err: { lines?: number; message: string }) =>
    unreadable.push({ line: err.lines ?? 0, cells: null, bad: err.message }),
  );
  let header: string[] | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (header === null) {
      // 'skip' events come as the parser reads ahead, so only a skip at or before this record's line is the header's.
      const broken = unreadable.find((r) => r.line <= info.lines);
      if (broken) throw options.headerError(`the header cannot be read: ${broken.bad}`);
      header = record.map((h) => h.trim());
      options.checkHeader?.(header);
      continue;
    }
    // The parser reports an unreadable row as it reads ahead, before the rows above it: those come first.
    while (unreadable.length > 0 && unreadable[0].line < info.lines) yield unreadable.shift()!;
    const cells: Record<string, string> = {};
    header.forEach((h, i) => {
      if (i < record.length) cells[h] = record[i];
    });
    if (record.length !== header.length) {
      yield {
        line: info.lines,
        cells,
        bad: `expected ${header.length} cells as in the header, found ${record.length}`,
      };
      continue;
    }
    yield { line: info.lines, cells, bad: null };
  }
  if (header === null && unreadable.length > 0)
    throw options.headerError(`the header cannot be read: ${unreadable[0].bad}`);
  yield* unreadable;
}
