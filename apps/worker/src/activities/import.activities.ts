import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { BatchCounts, ImportActivities, ImportBatch, ImportWorkflowInput } from '../../../../libs/contracts/src';
import { underwrite } from '../../../../libs/domain/src';
import type { PolicyApplication, UnderwritingReason } from '../../../../libs/domain/src';
import { branchToday, IntakeProcessor, loadSellerFacts } from '../../../../libs/intake/src';
import type { FieldError, RawRow, RowOutcome } from '../../../../libs/intake/src';
import { loadAdminAreaCodes } from '../../../../libs/persistence/src/area-codes/area-code-repository';
import type { Scope } from '../../../../libs/domain/src/scope';
import type { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import type { ImportIssue } from '../../../../libs/persistence/src/imports/import-repository';
import {
  addCounts,
  claimBatch,
  deleteStagedBatch,
  finishImportJob,
  readStagedBatch,
  stagedLineRange,
  writeIssues,
} from '../../../../libs/persistence/src/imports/import-repository';
import type { StoredPolicy } from '../../../../libs/persistence/src/policies/policy-reader';
import { PolicyReader } from '../../../../libs/persistence/src/policies/policy-reader';
import {
  applyRedecisions,
  flagRecheckFailures,
  policyIdRange,
} from '../../../../libs/persistence/src/policies/policy-updates';

const NOTHING: BatchCounts = { read: 0, accepted: 0, refused: 0, bad: 0 };
const NO_SCOPE: Scope = { branches: [], channels: [] };

/** Activities of the import workflow: all database work of a bulk import and of the backlog self-check. */
export class ImportActivitiesImpl implements ImportActivities {
  private readonly processor: IntakeProcessor;
  private readonly reader: PolicyReader;

  constructor(
    private readonly db: DataSource,
    cipher: FieldCipher,
    defaultCoolingOffDays: number,
  ) {
    this.processor = new IntakeProcessor(cipher, defaultCoolingOffDays);
    this.reader = new PolicyReader(cipher);
  }

  async planImport(input: ImportWorkflowInput): Promise<ImportBatch[]> {
    const { lo, hi } =
      input.kind === 'policies'
        ? await stagedLineRange(this.db.manager, input.importId)
        : await policyIdRange(this.db.manager);
    if (lo === null || hi === null) return [];
    const plan: ImportBatch[] = [];
    const size = input.batchSize;
    if (input.kind === 'policies') {
      // Inclusive line ranges [from, to] of the staged upload.
      for (let from = Number(lo); from <= Number(hi); from += size)
        plan.push({ importId: input.importId, from, to: from + size - 1 });
    } else {
      // Policy id ranges (from, to].
      for (let from = Number(lo); from < Number(hi); from += size)
        plan.push({ importId: input.importId, from, to: Math.min(from + size, Number(hi)) });
    }
    return plan;
  }

  async processUploadBatch(batch: ImportBatch): Promise<BatchCounts> {
    heartbeat();
    return this.db.transaction(async (tx) => {
      if (!(await claimBatch(tx, batch))) return NOTHING;
      const staged = await readStagedBatch(tx, batch);
      const unreadable: RowOutcome[] = [];
      const rows: RawRow[] = [];
      for (const s of staged) {
        const parsed = parseStaged(s.payload, s.parse_error);
        if ('error' in parsed)
          unreadable.push({ lineNo: s.line_no, kind: 'bad', policyNumber: null, reasons: [parsed.error] });
        else rows.push({ lineNo: s.line_no, value: parsed.value });
      }
      // An import started without the importer's scope (none should be) refuses every row rather than trusting it.
      const scope = batch.scope ?? NO_SCOPE;
      const outcomes = [
        ...unreadable,
        ...(await this.processor.processRows(tx, rows, { source: 'import', scope, importId: batch.importId })),
      ];
      heartbeat();
      const counts = countOf(outcomes);
      await writeIssues(tx, batch.importId, outcomes.filter((o) => o.kind !== 'accepted').map(toIssue));
      await deleteStagedBatch(tx, batch);
      await addCounts(tx, batch.importId, counts);
      return counts;
    });
  }

  /**
   * R10: stored policies underwritten again under today's rules. Refused applications take the new decision; an
   * accepted policy that would now be refused stays accepted and is flagged (RECHECK_FAILED). Both are listed
   * in the report as refused, with today's reasons.
   */
  async recheckStoredBatch(batch: ImportBatch): Promise<BatchCounts> {
    heartbeat();
    return this.db.transaction(async (tx) => {
      if (!(await claimBatch(tx, batch))) return NOTHING;
      const policies = await this.reader.findByIdRange(tx, batch.from, batch.to);
      const sellers = await loadSellerFacts(
        tx,
        policies.map((p) => p.sellerCode),
      );
      await loadAdminAreaCodes(tx);
      const today = branchToday();
      const results = policies.map((p) => underwrite(storedToApplication(p), sellers.get(p.sellerCode) ?? null, today));
      // A stored accepted policy is never refused after the fact (that would drop it out of detection and open it to
      // PUT, a rewrite with no case): it keeps its decision, and why it would now fail is recorded for detection to
      // raise as a RECHECK_FAILED finding with a case. Flagged once; updated_at moves only then, so the next
      // incremental run sees it.
      const flagged = results.map((r, i) => policies[i].status === 'ACCEPTED' && r.decision === 'REJECTED');
      await applyRedecisions(
        tx,
        results.flatMap((r, i) =>
          flagged[i] ? [] : [{ id: policies[i].id, status: r.decision, reasons: r.reasons, inScope: r.inScope }],
        ),
      );
      await flagRecheckFailures(
        tx,
        results.flatMap((r, i) =>
          flagged[i] ? [{ id: policies[i].id, reasons: r.reasons.filter((x) => x.severity === 'error') }] : [],
        ),
      );
      const issues: ImportIssue[] = [];
      results.forEach((r, i) => {
        if (r.decision === 'REJECTED')
          issues.push({
            lineNo: Number(policies[i].id),
            kind: 'refused',
            policyNumber: policies[i].policyNumber,
            reasons: r.reasons.map(reasonEntry),
          });
      });
      await writeIssues(tx, batch.importId, issues);
      const counts = {
        read: policies.length,
        accepted: policies.length - issues.length,
        refused: issues.length,
        bad: 0,
      };
      await addCounts(tx, batch.importId, counts);
      return counts;
    });
  }

  async finishImport(importId: string, outcome: { status: 'COMPLETED' | 'FAILED'; error?: string }): Promise<void> {
    await finishImportJob(this.db.manager, importId, outcome.status, outcome.error ?? null);
  }
}

function heartbeat(): void {
  // Also callable outside an activity (benchmarks call the class directly).
  try {
    Context.current().heartbeat();
  } catch {
    /* not inside an activity */
  }
}

function parseStaged(payload: string | null, parseError: string | null): { value: unknown } | { error: FieldError } {
  if (parseError !== null || payload === null)
    return { error: { field: '(row)', code: 'ROW_UNREADABLE', message: parseError ?? 'empty row' } };
  try {
    return { value: JSON.parse(payload) };
  } catch (err) {
    return { error: { field: '(row)', code: 'ROW_MALFORMED', message: `not valid JSON: ${(err as Error).message}` } };
  }
}

function countOf(outcomes: RowOutcome[]): BatchCounts {
  const c = { read: outcomes.length, accepted: 0, refused: 0, bad: 0 };
  for (const o of outcomes) c[o.kind] += 1;
  return c;
}

function reasonEntry(r: UnderwritingReason): ImportIssue['reasons'][number] {
  return {
    field: `${r.party}.${r.field}`,
    code: r.code,
    message: r.message,
    messageZh: r.messageZh,
    severity: r.severity,
  };
}

function toIssue(o: RowOutcome): ImportIssue {
  const reasons = o.kind === 'bad' ? o.reasons : (o.reasons as UnderwritingReason[]).map(reasonEntry);
  return { lineNo: o.lineNo, kind: o.kind === 'accepted' ? 'refused' : o.kind, policyNumber: o.policyNumber, reasons };
}

function storedToApplication(p: StoredPolicy): PolicyApplication {
  const party = (s: StoredPolicy['policyholder']) => ({
    name: s.name,
    gender: s.gender,
    birthDate: s.birthDate,
    idType: s.idType,
    idNumber: s.idNumber,
    address: s.address,
    phones: s.phones,
  });
  return {
    policyNumber: p.policyNumber,
    productCode: p.productCode,
    productCategory: p.productCategory as PolicyApplication['productCategory'],
    termMonths: p.termMonths,
    channel: p.channel as PolicyApplication['channel'],
    branchCode: p.branchCode,
    sellerCode: p.sellerCode,
    agencyCode: p.agencyCode,
    applicationDate: p.applicationDate,
    receiptSignedDate: p.receiptSignedDate,
    coolingOffDays: p.coolingOffDays,
    policyholder: party(p.policyholder),
    insured: p.insured ? party(p.insured) : null,
    payment: p.payment,
  };
}
