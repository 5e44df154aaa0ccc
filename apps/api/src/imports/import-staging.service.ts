import { Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { csvRecordToApplication, unknownColumns } from '../../../../libs/intake/src';
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

  async stage(body: Readable, format: ImportFormat, importId = randomUUID()): Promise<{ importId: string; rows: number }> {
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

async function* readCsv(input: Readable): AsyncGenerator<StagedLine> {
  const parser = input.pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true }));
  input.on('error', (err) => parser.destroy(err));
  // A record csv-parse cannot read (a stray quote, say) is skipped and reported as a bad row, not fatal.
  const skipped: StagedLine[] = [];
  parser.on('skip', (err: { lines?: number; message: string }) => skipped.push({ lineNo: err.lines ?? 0, payload: null, parseError: err.message }));
  let header: string[] | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (header === null) {
      // 'skip' events come as the parser reads ahead, so only a skip at or before this record's line is the header's.
      const broken = skipped.find((l) => l.lineNo <= info.lines);
      if (broken) throw new DomainError('IMPORT_HEADER_INVALID', `the header cannot be read: ${broken.parseError}`, 'header');
      header = record.map((h) => h.trim());
      const unknown = unknownColumns(header);
      if (unknown.length > 0) {
        throw new DomainError('IMPORT_HEADER_INVALID', `unknown columns in the header: ${unknown.join(', ')}`, 'header');
      }
      if (!header.includes('policyNumber')) throw new DomainError('IMPORT_HEADER_INVALID', 'the header has no policyNumber column', 'header');
      continue;
    }
    while (skipped.length > 0) yield skipped.shift()!;
    if (record.length !== header.length) {
      yield { lineNo: info.lines, payload: null, parseError: `expected ${header.length} columns, found ${record.length}` };
      continue;
    }
    const object: Record<string, string> = {};
    header.forEach((h, i) => (object[h] = record[i]));
    yield { lineNo: info.lines, payload: JSON.stringify(csvRecordToApplication(object)), parseError: null };
  }
  if (header === null && skipped.length > 0) throw new DomainError('IMPORT_HEADER_INVALID', `the header cannot be read: ${skipped[0].parseError}`, 'header');
  yield* skipped;
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
