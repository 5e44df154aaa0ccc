import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { BatchCounts, ImportBatch } from '../../../contracts/src';
import { ImportJobEntity } from '../entities';

/**
 * Import jobs (`imports`), their staged rows (`import_rows`), the batches done (`import_batches_done`) and the
 * refused and bad rows (`import_row_issues`). Staging is one COPY; the batch statements are set-based (unnest): the bulk
 * import path depends on them, see bench/import.bench.mjs.
 */

export interface StagedLine {
  lineNo: number;
  payload: string | null;
  parseError: string | null;
}

export interface ImportIssue {
  lineNo: number;
  kind: 'refused' | 'bad';
  policyNumber: string | null;
  reasons: Array<{ field: string; code: string; message: string; messageZh?: string; severity?: string }>;
}

export type NewImportJob = Pick<ImportJobEntity, 'id' | 'kind' | 'status' | 'createdBy'> &
  Partial<Pick<ImportJobEntity, 'format' | 'fileName' | 'totalRows'>>;

export async function createImportJob(db: EntityManager, job: NewImportJob): Promise<void> {
  await db.insert(ImportJobEntity, job);
}

export async function findImportJob(db: EntityManager, id: string): Promise<ImportJobEntity | null> {
  return db.getRepository(ImportJobEntity).findOneBy({ id });
}

/** A connection that can run `COPY … FROM STDIN` (a `pg` client). */
export interface CopyClient {
  query<T>(stream: T): T;
}

/**
 * Stages an upload's lines with one `COPY import_rows FROM STDIN`: one statement and one transaction for the whole
 * file, so nothing is staged unless every line is. A line already staged (csv-parse may report several errors for
 * one broken record) keeps its first entry. Answers the number of lines staged.
 */
export async function copyStagedLines(
  client: CopyClient,
  importId: string,
  lines: AsyncIterable<StagedLine>,
): Promise<number> {
  const seen = new LineSet();
  let staged = 0;
  async function* copyText(): AsyncGenerator<string> {
    let buffered = '';
    for await (const line of lines) {
      if (!seen.add(line.lineNo)) continue;
      staged += 1;
      buffered += `${importId}\t${line.lineNo}\t${copyValue(line.payload)}\t${copyValue(line.parseError)}\n`;
      if (buffered.length >= COPY_WRITE_CHARS) {
        yield buffered;
        buffered = '';
      }
    }
    if (buffered) yield buffered;
  }
  // pipeline destroys the COPY stream when reading fails (a bad header, a limit), which sends CopyFail: rolled back.
  await pipeline(
    Readable.from(copyText()),
    client.query(copyFrom('COPY import_rows (import_id, line_no, payload, parse_error) FROM STDIN')),
  );
  return staged;
}

/** About 256 kB of COPY text per write: few writes, little held. */
const COPY_WRITE_CHARS = 256 * 1024;

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Line numbers seen, one bit each (a million lines: 125 kB). */
class LineSet {
  private bits = new Uint8Array(1 << 16);
  /** false when the line was there already. */
  add(n: number): boolean {
    if (n >> 3 >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, (n >> 3) + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (n & 7);
    if (this.bits[n >> 3] & mask) return false;
    this.bits[n >> 3] |= mask;
    return true;
  }
}

export async function markImportRunning(db: EntityManager, id: string, totalRows: number): Promise<void> {
  await db.query(`UPDATE imports SET status = 'RUNNING', total_rows = $2 WHERE id = $1`, [id, totalRows]);
}

/** Ends an import (its staged rows dropped): COMPLETED, or FAILED with the reason. */
export async function finishImportJob(
  db: EntityManager,
  id: string,
  status: 'COMPLETED' | 'FAILED',
  error: string | null,
): Promise<void> {
  await db.query(`DELETE FROM import_rows WHERE import_id = $1`, [id]);
  await db.query(`UPDATE imports SET status = $2, error = $3, finished_at = now() WHERE id = $1`, [id, status, error]);
}

/** The first and last staged line numbers of an upload (null when nothing was staged). */
export async function stagedLineRange(
  db: EntityManager,
  importId: string,
): Promise<{ lo: string | null; hi: string | null }> {
  const [range]: Array<{ lo: string | null; hi: string | null }> = await db.query(
    `SELECT min(line_no) AS lo, max(line_no) AS hi FROM import_rows WHERE import_id = $1`,
    [importId],
  );
  return range;
}

export async function readStagedBatch(
  db: EntityManager,
  batch: ImportBatch,
): Promise<Array<{ line_no: number; payload: string | null; parse_error: string | null }>> {
  return db.query(
    `SELECT line_no, payload, parse_error FROM import_rows WHERE import_id = $1 AND line_no BETWEEN $2 AND $3 ORDER BY line_no`,
    [batch.importId, batch.from, batch.to],
  );
}

export async function deleteStagedBatch(db: EntityManager, batch: ImportBatch): Promise<void> {
  await db.query(`DELETE FROM import_rows WHERE import_id = $1 AND line_no BETWEEN $2 AND $3`, [
    batch.importId,
    batch.from,
    batch.to,
  ]);
}

/** Marks the batch done in this transaction; false when an earlier attempt already committed it. */
export async function claimBatch(db: EntityManager, batch: ImportBatch): Promise<boolean> {
  const claimed: unknown[] = await db.query(
    `INSERT INTO import_batches_done (import_id, batch_from) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
    [batch.importId, batch.from],
  );
  return claimed.length > 0;
}

export async function writeIssues(db: EntityManager, importId: string, issues: ImportIssue[]): Promise<void> {
  if (issues.length === 0) return;
  await db.query(
    `INSERT INTO import_row_issues (import_id, line_no, kind, policy_number, reasons)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[])
     ON CONFLICT DO NOTHING`,
    [
      importId,
      issues.map((i) => i.lineNo),
      issues.map((i) => i.kind),
      issues.map((i) => i.policyNumber),
      issues.map((i) => JSON.stringify(i.reasons)),
    ],
  );
}

export async function addCounts(db: EntityManager, importId: string, c: BatchCounts): Promise<void> {
  await db.query(
    `UPDATE imports SET rows_read = rows_read + $2, accepted = accepted + $3, refused = refused + $4, bad = bad + $5 WHERE id = $1`,
    [importId, c.read, c.accepted, c.refused, c.bad],
  );
}

/** A page (1000) of the report's rows after `afterLine`, in line order. */
export async function issuePage(
  db: EntityManager,
  importId: string,
  afterLine: number,
): Promise<
  Array<{
    line_no: string;
    kind: 'refused' | 'bad';
    policy_number: string | null;
    reasons: Array<{ field: string; code: string; message: string }>;
  }>
> {
  return db.query(
    `SELECT line_no, kind, policy_number, reasons FROM import_row_issues WHERE import_id = $1 AND line_no > $2 ORDER BY line_no LIMIT 1000`,
    [importId, afterLine],
  );
}
