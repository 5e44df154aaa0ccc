import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { VerityEnv } from '../../../../libs/config/src';
import { csvRecordToApplication, readCsvRows, unknownColumns } from '../../../../libs/intake/src';
import { copyStagedLines, StagedLine } from '../../../../libs/persistence/src/imports/import-repository';
import { DomainError } from '../common/domain-error';

export type ImportFormat = 'csv' | 'ndjson';

/**
 * Streams an upload into `import_rows` with one COPY, so a file of millions of rows is never held in memory and
 * a file that fails half-way stages nothing.
 * Reading only splits records; every check happens per row in the import workflow.
 */
@Injectable()
export class ImportStagingService {
  private readonly logger = new Logger(ImportStagingService.name);

  constructor(
    private readonly db: DataSource,
    private readonly env: VerityEnv,
  ) {}

  async stage(
    body: Readable,
    format: ImportFormat,
    importId = randomUUID(),
  ): Promise<{ importId: string; rows: number }> {
    const limited = body.pipe(byteLimit(this.env.IMPORT_MAX_MB * 1024 * 1024));
    body.on('error', (err) => limited.destroy(err));
    const lines = format === 'csv' ? readCsv(limited) : readNdjson(limited);
    // A connection of the application's pool, held for the one COPY of the whole upload.
    const pool = (this.db.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    let rows: number;
    try {
      rows = await copyStagedLines(client, importId, lines);
    } catch (err) {
      client.release(true); // a connection whose COPY was cut is not handed out again
      throw err;
    }
    client.release();
    this.logger.log(`import ${importId}: staged ${rows} rows (${format})`);
    return { importId, rows };
  }
}

async function* readNdjson(input: Readable): AsyncGenerator<StagedLine> {
  let lineNo = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    lineNo += 1;
    const line = lineNo === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line.trim() === '') continue;
    yield { lineNo, payload: line, parseError: null };
  }
}

/** Bad rows (unreadable, wrong width) are staged with their reason and reported per line by the workflow. */
async function* readCsv(input: Readable): AsyncGenerator<StagedLine> {
  const rows = readCsvRows(input, {
    headerError: (message) => new DomainError('IMPORT_HEADER_INVALID', message, 'header'),
    checkHeader: (header) => {
      const unknown = unknownColumns(header);
      if (unknown.length > 0) {
        throw new DomainError(
          'IMPORT_HEADER_INVALID',
          `unknown columns in the header: ${unknown.join(', ')}`,
          'header',
        );
      }
      if (!header.includes('policyNumber'))
        throw new DomainError('IMPORT_HEADER_INVALID', 'the header has no policyNumber column', 'header');
    },
  });
  for await (const row of rows) {
    yield row.bad === null
      ? { lineNo: row.line, payload: JSON.stringify(csvRecordToApplication(row.cells)), parseError: null }
      : { lineNo: row.line, payload: null, parseError: row.bad };
  }
}

function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > maxBytes) return cb(new DomainError('IMPORT_TOO_LARGE', `the upload exceeds ${maxBytes} bytes`));
      cb(null, chunk);
    },
  });
}
