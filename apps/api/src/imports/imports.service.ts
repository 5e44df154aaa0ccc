import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  createImportJob,
  findImportJob,
  finishImportJob,
  issuePage,
  markImportRunning,
} from '../../../../libs/persistence/src/imports/import-repository';
import { countPolicies } from '../../../../libs/persistence/src/policies/policy-updates';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { ImportWorkflowGateway } from '../temporal/import-workflow.gateway';
import { ImportFormat, ImportStagingService } from './import-staging.service';

export interface ImportView {
  id: string;
  kind: string;
  status: string;
  fileName: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  totalRows: number;
  rowsRead: number;
  accepted: number;
  refused: number;
  bad: number;
  error: string | null;
}

export interface ReportLine {
  line: number;
  kind: 'refused' | 'bad';
  policyNumber: string | null;
  field: string;
  code: string;
  message: string;
}

const SEE_ALL_IMPORTS = new Set(['admin', 'compliance', 'auditor']);

@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly staging: ImportStagingService,
    private readonly workflows: ImportWorkflowGateway,
    private readonly audit: AuditService,
  ) {}

  /** Stages the upload, then hands it to the import workflow; the answer comes before any row is processed. */
  async importPolicies(
    principal: Principal,
    body: Readable,
    format: ImportFormat,
    fileName: string | null,
  ): Promise<ImportView> {
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await createImportJob(tx, {
        id,
        kind: 'policies',
        format,
        fileName,
        status: 'STAGING',
        createdBy: principal.userId,
      });
      await this.audit.record(tx, principal, {
        action: 'import.create',
        entityType: 'import',
        entityId: id,
        detail: { format, fileName },
      });
    });
    let rows: number;
    try {
      ({ rows } = await this.staging.stage(body, format, id));
      if (rows === 0) throw new DomainError('IMPORT_EMPTY', 'the upload holds no data rows', 'body');
    } catch (err) {
      await this.fail(id, err);
      throw err;
    }
    await markImportRunning(this.db.manager, id, rows);
    await this.workflows.start(id, 'policies', { branches: principal.branches, channels: principal.channels });
    this.logger.log(`import ${id} started by ${principal.userId}: ${rows} rows`);
    return this.view(principal, id);
  }

  /** R10 backlog self-check: the import workflow run over policies already stored. */
  async recheckBacklog(principal: Principal): Promise<ImportView> {
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const n = await countPolicies(tx);
      await createImportJob(tx, { id, kind: 'backlog', status: 'RUNNING', createdBy: principal.userId, totalRows: n });
      await this.audit.record(tx, principal, { action: 'backlog.recheck', entityType: 'import', entityId: id });
    });
    await this.workflows.start(id, 'backlog');
    return this.view(principal, id);
  }

  async view(principal: Principal, id: string): Promise<ImportView> {
    const job = await findImportJob(this.db.manager, id);
    if (!job || (!SEE_ALL_IMPORTS.has(principal.role) && job.createdBy !== principal.userId)) {
      throw new DomainError('IMPORT_NOT_FOUND', `import ${id} not found`);
    }
    return {
      id: job.id,
      kind: job.kind,
      status: job.status,
      fileName: job.fileName,
      createdBy: job.createdBy,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      totalRows: job.totalRows,
      rowsRead: job.rowsRead,
      accepted: job.accepted,
      refused: job.refused,
      bad: job.bad,
      error: job.error,
    };
  }

  /** Refused and bad rows with their line numbers and reasons, one line per reason, read in pages. */
  async *report(principal: Principal, id: string): AsyncGenerator<ReportLine> {
    await this.view(principal, id);
    let after = -1;
    for (;;) {
      const page = await issuePage(this.db.manager, id, after);
      if (page.length === 0) return;
      for (const row of page) {
        for (const r of row.reasons) {
          yield {
            line: Number(row.line_no),
            kind: row.kind,
            policyNumber: row.policy_number,
            field: r.field,
            code: r.code,
            message: r.message,
          };
        }
      }
      after = Number(page[page.length - 1].line_no);
    }
  }

  private async fail(id: string, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    await finishImportJob(this.db.manager, id, 'FAILED', message);
  }
}
