import { Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import { CASE_WORKFLOW_TYPE, caseWorkflowId } from '../../../../libs/contracts/src/case.contract';
import { caseSignals } from '../../../../libs/contracts/src/case.definitions';
import type { DetectionActivities, DetectionRule, DetectionRunView, DetectionWorkflowInput } from '../../../../libs/contracts/src/detection.contract';
import { ClusterOptions, clusterQuery } from '../../../../libs/detection/src/cluster-queries';
import { runView } from '../../../../libs/detection/src/run-view';
import { branchToday } from '../../../../libs/domain/src/calendar/working-calendar';
import { forEachConcurrently } from '../../../../libs/domain/src/common/concurrency';
import { loadCalendar } from '../../../../libs/persistence/src/calendar/calendar-repository';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { casePolicies, caseInputForFinding } from '../../../../libs/persistence/src/cases/case-input';
import { normaliseAddressForIndex } from '../../../../libs/domain/src/contact/address-index';

/** Records committed just before a run's watermark may become visible just after it: re-check this much. */
const WATERMARK_OVERLAP_MS = 5 * 60 * 1000;
const CASE_START_CONCURRENCY = 32;

/** Activities of the detection workflow: set-based SQL over blind indexes, then cases opened from the worker. */
export class DetectionActivitiesImpl implements DetectionActivities {
  private readonly logger = new Logger(DetectionActivitiesImpl.name);

  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly clusterOptions: ClusterOptions,
  ) {}

  async beginRun(input: DetectionWorkflowInput & { runId: string }): Promise<{ watermarkFrom: string | null; watermarkTo: string }> {
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.query(`SELECT watermark_from, watermark_to FROM detection_runs WHERE id = $1`, [input.runId]);
      if (existing) return { watermarkFrom: existing.watermark_from?.toISOString() ?? null, watermarkTo: existing.watermark_to.toISOString() };
      await this.indexSellerAddresses(tx);
      // Incremental runs start where the last successful one ended: a missed day is caught up by the next run.
      const [last] = await tx.query(`SELECT max(watermark_to) AS w FROM detection_runs WHERE status = 'COMPLETED'`);
      const from: Date | null = input.full ? null : last?.w ?? null;
      const [{ now }] = await tx.query(`SELECT now() AS now`);
      const businessDate = branchToday(now as Date);
      await tx.query(
        `INSERT INTO detection_runs (id, trigger, full_scan, status, requested_by, watermark_from, watermark_to, business_date)
         VALUES ($1, $2, $3, 'RUNNING', $4, $5, $6, $7)`,
        [input.runId, input.trigger, input.full || from === null, input.requestedBy ?? null, from, now, businessDate],
      );
      await this.reconcile(tx, input.runId);
      return { watermarkFrom: from?.toISOString() ?? null, watermarkTo: (now as Date).toISOString() };
    });
  }

  /**
   * Every finding whose case was never started (case_id null) or not told of every customer (case_told_customers
   * behind customer_ids) joins this run's list, so openCases starts or tells it and the list shows it. Whatever
   * interrupted an earlier run (a killed worker, Temporal down), its findings are not left behind: detection alone
   * would classify them as unchanged and never look at them again.
   */
  private async reconcile(tx: EntityManager, runId: string): Promise<void> {
    const taken: unknown[] = await tx.query(
      `INSERT INTO run_findings (run_id, finding_key, change)
       SELECT $1, f.finding_key, CASE WHEN f.case_id IS NULL THEN 'new' ELSE 'grown' END
       FROM findings f WHERE f.case_id IS NULL OR NOT (f.customer_ids <@ f.case_told_customers)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [runId],
    );
    if (taken.length > 0) {
      await tx.query(`UPDATE detection_runs SET reconciled = $2 WHERE id = $1`, [runId, taken.length]);
      this.logger.warn(`run ${runId}: ${taken.length} earlier findings had no started or told case; taken into this run`);
    }
  }

  /** Sellers' and agencies' addresses get their blind index here, so a seller saved by any path is compared. */
  private async indexSellerAddresses(tx: EntityManager): Promise<void> {
    for (const table of ['sellers', 'agencies']) {
      const rows: Array<{ id: string; address: string }> = (
        await tx.query(`SELECT id, address FROM ${table} WHERE address IS NOT NULL AND address_hash IS NULL`)
      ).filter((r: { address: string }) => normaliseAddressForIndex(r.address) !== '');
      if (rows.length === 0) continue;
      await tx.query(
        `UPDATE ${table} t SET address_hash = u.h FROM unnest($1::bigint[], $2::bytea[]) AS u(id, h) WHERE t.id = u.id`,
        [rows.map((r) => r.id), rows.map((r) => this.cipher.blindIndex(normaliseAddressForIndex(r.address)))],
      );
    }
  }

  async detectRule(runId: string, rule: DetectionRule): Promise<{ findings: number; new: number; grown: number }> {
    return this.db.transaction(async (tx) => {
      // One detection of a rule at a time; a retried attempt finds its counts already recorded and stops.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('verity-detect-' || $1))`, [rule]);
      const [run] = await tx.query(`SELECT watermark_from, counts FROM detection_runs WHERE id = $1 FOR UPDATE`, [runId]);
      if (run.counts[rule]) return run.counts[rule];
      // Room for the aggregates in memory: on 10M rows the default 4 MB spilled most of them to disk.
      await tx.query(`SET LOCAL work_mem = '256MB'`);
      await tx.query(`CREATE TEMP TABLE detected (ref text, customers bigint[], policies text[], channel text, branch_code text, seller_code text) ON COMMIT DROP`);
      await tx.query(`CREATE TEMP TABLE candidates (h bytea) ON COMMIT DROP`);
      const incremental = run.watermark_from !== null;
      const params = incremental ? [new Date(run.watermark_from.getTime() - WATERMARK_OVERLAP_MS).toISOString()] : [];
      for (const statement of clusterQuery(rule, incremental, this.clusterOptions)) {
        await tx.query(statement, statement.includes('$1') ? params : []);
        if (statement.startsWith('INSERT INTO candidates')) await tx.query(`ANALYZE candidates`);
      }
      // Compare each cluster with the latest finding of the same value: new, grown (a customer joined an open
      // finding), raised again (a customer joined a closed one), or nothing to say.
      await tx.query(`
        CREATE TEMP TABLE classified ON COMMIT DROP AS
        SELECT d.*, l.finding_key AS old_key, l.generation AS old_generation, l.customer_ids AS old_customers,
          CASE WHEN l.finding_key IS NULL THEN 'new'
               WHEN d.customers <@ l.customer_ids THEN 'same'
               WHEN c.state = 'CLOSED' THEN 'again'
               ELSE 'grown' END AS change
        FROM detected d
        LEFT JOIN LATERAL (SELECT * FROM findings f WHERE f.rule = $1 AND f.cluster_ref = d.ref ORDER BY f.generation DESC LIMIT 1) l ON true
        LEFT JOIN cases c ON c.case_id = l.case_id`, [rule]);
      await tx.query(`
        INSERT INTO findings (finding_key, rule, cluster_ref, generation, customer_ids, policy_numbers, channel, branch_code, seller_code, first_run_id, last_run_id)
        SELECT $1 || '-' || left(ref, 40) || '-g' || (coalesce(old_generation, 0) + 1), $1, ref, coalesce(old_generation, 0) + 1,
               customers, policies, channel, branch_code, seller_code, $2, $2
        FROM classified WHERE change IN ('new', 'again')`, [rule, runId]);
      await tx.query(`
        UPDATE findings f SET customer_ids = ARRAY(SELECT DISTINCT x FROM unnest(f.customer_ids || c.customers) x ORDER BY x),
          policy_numbers = ARRAY(SELECT DISTINCT x FROM unnest(f.policy_numbers || c.policies) x ORDER BY x),
          last_run_id = $1, updated_at = now()
        FROM classified c WHERE c.change = 'grown' AND f.finding_key = c.old_key`, [runId]);
      await tx.query(`
        INSERT INTO run_findings (run_id, finding_key, change)
        SELECT $1, CASE WHEN change = 'grown' THEN old_key ELSE $2 || '-' || left(ref, 40) || '-g' || (coalesce(old_generation, 0) + 1) END,
               CASE WHEN change = 'grown' THEN 'grown' ELSE 'new' END
        FROM classified WHERE change <> 'same'
        ON CONFLICT DO NOTHING`, [runId, rule]);
      const [counts] = await tx.query(`
        SELECT count(*)::int AS findings, count(*) FILTER (WHERE change IN ('new', 'again'))::int AS new,
               count(*) FILTER (WHERE change = 'grown')::int AS grown FROM classified`);
      await tx.query(`UPDATE detection_runs SET counts = counts || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`, [runId, rule, JSON.stringify(counts)]);
      return counts;
    });
  }

  async openCases(runId: string, afterKey: string | null, pageSize: number): Promise<{ opened: number; told: number; lastKey: string | null }> {
    const page: Array<{
      finding_key: string; change: 'new' | 'grown'; rule: DetectionRule; cluster_ref: string; customer_ids: string[]; policy_numbers: string[];
      channel: string; branch_code: string; seller_code: string | null; case_id: string | null; case_told_customers: string[];
    }> = await this.db.query(
      `SELECT f.*, rf.change
       FROM run_findings rf JOIN findings f ON f.finding_key = rf.finding_key
       WHERE rf.run_id = $1 AND rf.finding_key > $2 ORDER BY rf.finding_key LIMIT $3`,
      [runId, afterKey ?? '', pageSize],
    );
    let opened = 0;
    let told = 0;
    await forEachConcurrently(page, CASE_START_CONCURRENCY, async (f) => {
        if (f.case_id === null) {
          const input = await caseInputForFinding(this.db, {
            findingKey: f.finding_key, rule: f.rule, sharedValueHash: f.cluster_ref, customerIds: f.customer_ids.map(String), policyNumbers: f.policy_numbers,
          });
          try {
            await this.temporal.workflow.start(CASE_WORKFLOW_TYPE, { taskQueue: this.taskQueue, workflowId: caseWorkflowId(f.finding_key), args: [input] });
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // a retried page: already opened
          }
          await this.db.query(`UPDATE findings SET case_id = $2, case_told_customers = customer_ids WHERE finding_key = $1`, [f.finding_key, caseWorkflowId(f.finding_key)]);
          opened += 1;
        } else if (f.customer_ids.some((c) => !f.case_told_customers.includes(c))) {
          try {
            await this.temporal.workflow.getHandle(f.case_id).signal(caseSignals.partiesJoined, { customerIds: f.customer_ids.map(String), policies: await casePolicies(this.db, f.policy_numbers) });
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError)) throw err;
            this.logger.warn(`finding ${f.finding_key}: case ${f.case_id} closed before it could be told of new parties`);
          }
          await this.db.query(`UPDATE findings SET case_told_customers = customer_ids WHERE finding_key = $1`, [f.finding_key]);
          told += 1;
        }
    });
    if (opened + told > 0) {
      await this.db.query(`UPDATE detection_runs SET cases_opened = cases_opened + $2, cases_told = cases_told + $3 WHERE id = $1`, [runId, opened, told]);
    }
    return { opened, told, lastKey: page.length === pageSize ? page[page.length - 1].finding_key : null };
  }

  async finishRun(runId: string, outcome: { status: 'COMPLETED' | 'FAILED'; error?: string }): Promise<DetectionRunView> {
    return this.db.transaction(async (tx) => {
      const [run] = await tx.query(`SELECT business_date::text AS business_date, status FROM detection_runs WHERE id = $1 FOR UPDATE`, [runId]);
      if (run.status === 'RUNNING') {
        let published = false;
        if (outcome.status === 'COMPLETED') {
          // A run is complete only when every finding of its list has its case: one left without fails the run
          // (the next run reconciles it) instead of being reported as done.
          const [{ unopened }] = await tx.query(
            `SELECT count(*)::int AS unopened FROM run_findings rf JOIN findings f ON f.finding_key = rf.finding_key
             WHERE rf.run_id = $1 AND f.case_id IS NULL`,
            [runId],
          );
          if (unopened > 0) outcome = { status: 'FAILED', error: `${unopened} findings of the run have no case` };
        }
        if (outcome.status === 'COMPLETED') {
          const year = Number(String(run.business_date).slice(0, 4));
          const calendar = await loadCalendar(tx, year, year);
          published = calendar.yearStatus(year) !== 'unknown' && calendar.isWorkingDay(String(run.business_date));
          if (published) {
            // T+1: a working day's list also carries what runs on the days off before it found, and what failed
            // runs found (their cases may have opened before they failed; either way their list was never published).
            await tx.query(
              `INSERT INTO run_findings (run_id, finding_key, change)
               SELECT $1, rf.finding_key, rf.change FROM run_findings rf JOIN detection_runs r ON r.id = rf.run_id
               WHERE r.status IN ('COMPLETED', 'FAILED') AND NOT r.published AND r.id <> $1
               ON CONFLICT DO NOTHING`,
              [runId],
            );
            await tx.query(`UPDATE detection_runs SET published = true WHERE status IN ('COMPLETED', 'FAILED') AND NOT published AND id <> $1`, [runId]);
          }
        }
        await tx.query(
          `UPDATE detection_runs SET status = $2, error = $3, finished_at = now(), published = $4 WHERE id = $1`,
          [runId, outcome.status, outcome.error ?? null, published],
        );
      }
      const [row] = await tx.query(`SELECT *, business_date::text AS business_date FROM detection_runs WHERE id = $1`, [runId]);
      return runView(row);
    });
  }
}
