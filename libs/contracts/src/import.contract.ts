/** Contract of the import workflow shared by the API (starts it) and the worker (runs it). */
import type { Scope } from '../../domain/src/scope';

export const IMPORT_WORKFLOW_TYPE = 'importWorkflow';

export function importWorkflowId(importId: string): string {
  return `import-${importId}`;
}

export interface ImportWorkflowInput {
  importId: string;
  /** 'policies': rows staged from an upload; 'backlog': re-underwrite stored policies (R10 self-check). */
  kind: 'policies' | 'backlog';
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
