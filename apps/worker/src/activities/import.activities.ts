import { Context } from '@temporalio/activity';
import { DataSource, EntityManager } from 'typeorm';
import type { BatchCounts, ImportActivities, ImportBatch, ImportWorkflowInput } from '../../../../libs/contracts/src';
import { underwrite } from '../../../../libs/domain/src';
import type { PolicyApplication, UnderwritingReason } from '../../../../libs/domain/src';
import { branchToday, IntakeProcessor, loadSellerFacts, RawRow, RowOutcome } from '../../../../libs/intake/src';
import type { FieldError } from '../../../../libs/intake/src';
import { loadAdminAreaCodes } from '../../../../libs/persistence/src/area-codes/area-code-repository';
import type { Scope } from '../../../../libs/domain/src/scope';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { PolicyReader, StoredPolicy } from '../../../../libs/persistence/src/policies/policy-reader';

const NOTHING: BatchCounts = { read: 0, accepted: 0, refused: 0, bad: 0 };
const NO_SCOPE: Scope = { branches: [], channels: [] };

interface Issue {
  lineNo: number;
  kind: 'refused' | 'bad';
  policyNumber: string | null;
  reasons: Array<{ field: string; code: string; message: string; messageZh?: string; severity?: string }>;
}

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
    const [{ lo, hi }]: Array<{ lo: string | null; hi: string | null }> =
      input.kind === 'policies'
        ? await this.db.query(`SELECT min(line_no) AS lo, max(line_no) AS hi FROM import_rows WHERE import_id = $1`, [input.importId])
        : await this.db.query(`SELECT min(id) - 1 AS lo, max(id) AS hi FROM policies`);
    if (lo === null || hi === null) return [];
    const plan: ImportBatch[] = [];
    const size = input.batchSize;
    if (input.kind === 'policies') {
      // Inclusive line ranges [from, to] of the staged upload.
      for (let from = Number(lo); from <= Number(hi); from += size) plan.push({ importId: input.importId, from, to: from + size - 1 });
    } else {
      // Policy id ranges (from, to].
      for (let from = Number(lo); from < Number(hi); from += size) plan.push({ importId: input.importId, from, to: Math.min(from + size, Number(hi)) });
    }
    return plan;
  }

  async processUploadBatch(batch: ImportBatch): Promise<BatchCounts> {
    heartbeat();
    return this.db.transaction(async (tx) => {
      if (!(await claimBatch(tx, batch))) return NOTHING;
      const staged: Array<{ line_no: number; payload: string | null; parse_error: string | null }> = await tx.query(
        `SELECT line_no, payload, parse_error FROM import_rows WHERE import_id = $1 AND line_no BETWEEN $2 AND $3 ORDER BY line_no`,
        [batch.importId, batch.from, batch.to],
      );
      const unreadable: RowOutcome[] = [];
      const rows: RawRow[] = [];
      for (const s of staged) {
        const parsed = parseStaged(s.payload, s.parse_error);
        if ('error' in parsed) unreadable.push({ lineNo: s.line_no, kind: 'bad', policyNumber: null, reasons: [parsed.error] });
        else rows.push({ lineNo: s.line_no, value: parsed.value });
      }
      // An import started without the importer's scope (none should be) refuses every row rather than trusting it.
      const scope = batch.scope ?? NO_SCOPE;
      const outcomes = [...unreadable, ...(await this.processor.processRows(tx, rows, { source: 'import', scope, importId: batch.importId }))];
      heartbeat();
      const counts = countOf(outcomes);
      await writeIssues(tx, batch.importId, outcomes.filter((o) => o.kind !== 'accepted').map(toIssue));
      await tx.query(`DELETE FROM import_rows WHERE import_id = $1 AND line_no BETWEEN $2 AND $3`, [batch.importId, batch.from, batch.to]);
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
      const sellers = await loadSellerFacts(tx, policies.map((p) => p.sellerCode));
      await loadAdminAreaCodes(tx);
      const today = branchToday();
      const results = policies.map((p) => underwrite(storedToApplication(p), sellers.get(p.sellerCode) ?? null, today));
      // A stored accepted policy is never refused after the fact (that would drop it out of detection and open it to
      // PUT, a rewrite with no case): it keeps its decision, and why it would now fail is recorded for detection to
      // raise as a RECHECK_FAILED finding with a case. Flagged once; updated_at moves only then, so the next
      // incremental run sees it.
      const flagged = results.map((r, i) => policies[i].status === 'ACCEPTED' && r.decision === 'REJECTED');
      await tx.query(
        `UPDATE policies p SET status = u.status, reasons = u.reasons, in_scope = u.in_scope, underwritten_at = now(), updated_at = now()
         FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::bool[]) AS u(id, status, reasons, in_scope)
         WHERE p.id = u.id AND (p.status <> u.status OR p.reasons <> u.reasons OR p.in_scope <> u.in_scope)`,
        [
          policies.filter((_, i) => !flagged[i]).map((p) => p.id),
          results.filter((_, i) => !flagged[i]).map((r) => r.decision),
          results.filter((_, i) => !flagged[i]).map((r) => JSON.stringify(r.reasons)),
          results.filter((_, i) => !flagged[i]).map((r) => r.inScope),
        ],
      );
      await tx.query(
        `UPDATE policies p SET recheck_reasons = u.reasons, underwritten_at = now(),
           updated_at = CASE WHEN p.recheck_failed_at IS NULL THEN now() ELSE p.updated_at END,
           recheck_failed_at = coalesce(p.recheck_failed_at, now())
         FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, reasons) WHERE p.id = u.id`,
        [
          policies.filter((_, i) => flagged[i]).map((p) => p.id),
          results.filter((_, i) => flagged[i]).map((r) => JSON.stringify(r.reasons.filter((x) => x.severity === 'error'))),
        ],
      );
      const issues: Issue[] = [];
      results.forEach((r, i) => {
        if (r.decision === 'REJECTED') issues.push({ lineNo: Number(policies[i].id), kind: 'refused', policyNumber: policies[i].policyNumber, reasons: r.reasons.map(reasonEntry) });
      });
      await writeIssues(tx, batch.importId, issues);
      const counts = { read: policies.length, accepted: policies.length - issues.length, refused: issues.length, bad: 0 };
      await addCounts(tx, batch.importId, counts);
      return counts;
    });
  }

  async finishImport(importId: string, outcome: { status: 'COMPLETED' | 'FAILED'; error?: string }): Promise<void> {
    await this.db.query(`DELETE FROM import_rows WHERE import_id = $1`, [importId]);
    await this.db.query(`UPDATE imports SET status = $2, error = $3, finished_at = now() WHERE id = $1`, [importId, outcome.status, outcome.error ?? null]);
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

/** Marks the batch done in this transaction; false when an earlier attempt already committed it. */
async function claimBatch(tx: EntityManager, batch: ImportBatch): Promise<boolean> {
  const claimed: unknown[] = await tx.query(
    `INSERT INTO import_batches_done (import_id, batch_from) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
    [batch.importId, batch.from],
  );
  return claimed.length > 0;
}

function parseStaged(payload: string | null, parseError: string | null): { value: unknown } | { error: FieldError } {
  if (parseError !== null || payload === null) return { error: { field: '(row)', code: 'ROW_UNREADABLE', message: parseError ?? 'empty row' } };
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

function reasonEntry(r: UnderwritingReason): Issue['reasons'][number] {
  return { field: `${r.party}.${r.field}`, code: r.code, message: r.message, messageZh: r.messageZh, severity: r.severity };
}

function toIssue(o: RowOutcome): Issue {
  const reasons = o.kind === 'bad' ? o.reasons : (o.reasons as UnderwritingReason[]).map(reasonEntry);
  return { lineNo: o.lineNo, kind: o.kind === 'accepted' ? 'refused' : o.kind, policyNumber: o.policyNumber, reasons };
}

async function writeIssues(tx: EntityManager, importId: string, issues: Issue[]): Promise<void> {
  if (issues.length === 0) return;
  await tx.query(
    `INSERT INTO import_row_issues (import_id, line_no, kind, policy_number, reasons)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[])
     ON CONFLICT DO NOTHING`,
    [importId, issues.map((i) => i.lineNo), issues.map((i) => i.kind), issues.map((i) => i.policyNumber), issues.map((i) => JSON.stringify(i.reasons))],
  );
}

async function addCounts(tx: EntityManager, importId: string, c: BatchCounts): Promise<void> {
  await tx.query(
    `UPDATE imports SET rows_read = rows_read + $2, accepted = accepted + $3, refused = refused + $4, bad = bad + $5 WHERE id = $1`,
    [importId, c.read, c.accepted, c.refused, c.bad],
  );
}

function storedToApplication(p: StoredPolicy): PolicyApplication {
  const party = (s: StoredPolicy['policyholder']) => ({
    name: s.name, gender: s.gender, birthDate: s.birthDate, idType: s.idType, idNumber: s.idNumber, address: s.address, phones: s.phones,
  });
  return {
    policyNumber: p.policyNumber, productCode: p.productCode, productCategory: p.productCategory as PolicyApplication['productCategory'],
    termMonths: p.termMonths, channel: p.channel as PolicyApplication['channel'], branchCode: p.branchCode, sellerCode: p.sellerCode,
    agencyCode: p.agencyCode, applicationDate: p.applicationDate, receiptSignedDate: p.receiptSignedDate, coolingOffDays: p.coolingOffDays,
    policyholder: party(p.policyholder), insured: p.insured ? party(p.insured) : null, payment: p.payment,
  };
}
