/** Contract of the import workflow shared by the API (starts it) and the worker (runs it). */
import type { Scope } from '../../domain/src/scope';

export const IMPORT_WORKFLOW_TYPE = 'importWorkflow';

export function importWorkflowId(importId: string): string {
  return `import-${importId}`;
}

/** policies: an upload; backlog: the self-check over stored policies (R10). */
export const IMPORT_KINDS = ['policies', 'backlog'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['STAGING', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
/** How a row of an import's report failed: refused by underwriting, or unreadable/malformed. */
export const IMPORT_ISSUE_KINDS = ['refused', 'bad'] as const;

export interface ImportWorkflowInput {
  importId: string;
  /** 'policies': rows staged from an upload; 'backlog': re-underwrite stored policies (R10 self-check). */
  kind: ImportKind;
  batchSize: number;
  parallelism: number;
  /** The importer's branches and channels: rows outside them are refused (OUT_OF_SCOPE), as single intake refuses. */
  scope?: Scope;
}

/** One unit of work: staged lines [fromLine, toLine] of an upload, or policies with id in (afterId, upToId]. */
export interface ImportBatch {
  importId: string;
  from: number;
  to: number;
  /** Upload batches: the importer's scope from the workflow input; absent, every row is refused (fail closed). */
  scope?: Scope;
}

export interface BatchCounts {
  read: number;
  accepted: number;
  refused: number;
  bad: number;
}

export interface ImportActivities {
  /** Returns the batches to run (line ranges or id ranges), computed from what is stored. */
  planImport(input: ImportWorkflowInput): Promise<ImportBatch[]>;
  processUploadBatch(batch: ImportBatch): Promise<BatchCounts>;
  recheckStoredBatch(batch: ImportBatch): Promise<BatchCounts>;
  finishImport(importId: string, outcome: { status: 'COMPLETED' | 'FAILED'; error?: string }): Promise<void>;
}
