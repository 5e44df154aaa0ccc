import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { csvRecordToApplication, readCsvRows, unknownColumns } from '../../../../libs/intake/src';
import { stageLines, StagedLine } from '../../../../libs/persistence/src/imports/import-repository';
import { DomainError } from '../common/domain-error';

const STAGE_CHUNK = 5000;

export type ImportFormat = 'csv' | 'ndjson';

/**
 * Streams an upload into `import_rows`, a chunk at a time, so a file of millions of rows is never held in memory.
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
    let rows = 0;
    let chunk: StagedLine[] = [];
    // csv-parse may report several errors for one broken record (a quote inside an unquoted field gives one per
    // quote), and they may arrive before or after the records around them: the first one staged for a line stays.
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      rows += await stageLines(this.db.manager, importId, chunk);
      chunk = [];
    };
    const lines = format === 'csv' ? readCsv(limited) : readNdjson(limited);
    for await (const line of lines) {
      chunk.push(line);
      if (chunk.length >= STAGE_CHUNK) await flush();
    }
    await flush();
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
