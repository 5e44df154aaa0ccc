import type { EntityManager } from 'typeorm';
import type { DetectionRule, DetectionWorkflowInput } from '../../../contracts/src/detection.contract';
import type { RunRow } from '../../../detection/src/run-view';
import { analyseAfter, CLUSTER_SETTINGS, CLUSTER_WORK_TABLES } from '../../../detection/src/cluster-queries';

/**
 * Detection runs (`detection_runs`), findings (`findings`), each run's list (`run_findings`) and approved
 * third-party payers (`payer_exceptions`). Set-based statements; the cluster statements themselves come from
 * libs/detection (cluster-queries.ts) and run here.
 */

/** A detection_runs row, business_date as text. */
export type DetectionRunRow = RunRow;

export interface RunFindingRow {
  finding_key: string;
  change: 'new' | 'grown';
  rule: DetectionRule;
  cluster_ref: string;
  customer_ids: string[];
  policy_numbers: string[];
  channel: string;
  branch_code: string;
  seller_code: string | null;
  case_id: string | null;
  case_told_customers: string[];
}

export interface FindingListFilter {
  rule?: string;
  channel?: string;
  branch?: string;
}

export interface FindingListDbRow {
  finding_key: string;
  rule: DetectionRule;
  change: 'new' | 'grown';
  customer_ids: string[];
  policy_numbers: string[];
  channel: string;
  branch_code: string;
  seller_code: string | null;
  case_id: string | null;
  state: string | null;
  investigation_due_at: Date | null;
  revisit_deadline_at: Date | null;
  people: Array<{ name: string | null; id_type: string; id_enc: string }> | null;
}

// ---- runs ----

export async function readRun(db: EntityManager, runId: string): Promise<DetectionRunRow | undefined> {
  const [row] = await db.query(`SELECT *, business_date::text AS business_date FROM detection_runs WHERE id = $1`, [
    runId,
  ]);
  return row;
}

export async function listRuns(db: EntityManager, limit: number): Promise<DetectionRunRow[]> {
  return db.query(
    `SELECT *, business_date::text AS business_date FROM detection_runs ORDER BY started_at DESC LIMIT $1`,
    [limit],
  );
}

export async function runWatermarks(
  db: EntityManager,
  runId: string,
): Promise<{ watermark_from: Date | null; watermark_to: Date } | undefined> {
  const [existing] = await db.query(`SELECT watermark_from, watermark_to FROM detection_runs WHERE id = $1`, [runId]);
  return existing;
}

/** Where the last successful run ended (null when none did). */
export async function lastCompletedWatermark(db: EntityManager): Promise<Date | null> {
  const [last] = await db.query(`SELECT max(watermark_to) AS w FROM detection_runs WHERE status = 'COMPLETED'`);
  return last?.w ?? null;
}

/** The database's clock: watermarks compare with rows' updated_at, which it sets. */
export async function databaseNow(db: EntityManager): Promise<Date> {
  const [{ now }] = await db.query(`SELECT now() AS now`);
  return now as Date;
}

export async function insertRun(
  db: EntityManager,
  input: DetectionWorkflowInput & { runId: string },
  run: { fullScan: boolean; watermarkFrom: Date | null; watermarkTo: Date; businessDate: string },
): Promise<void> {
  await db.query(
    `INSERT INTO detection_runs (id, trigger, full_scan, status, requested_by, watermark_from, watermark_to, business_date)
     VALUES ($1, $2, $3, 'RUNNING', $4, $5, $6, $7)`,
    [
      input.runId,
      input.trigger,
      run.fullScan,
      input.requestedBy ?? null,
      run.watermarkFrom,
      run.watermarkTo,
      run.businessDate,
    ],
  );
}

/** Takes every finding without a started or told case into the run's list; returns how many were taken. */
export async function reconcileFindings(db: EntityManager, runId: string): Promise<number> {
  const taken: unknown[] = await db.query(
    `INSERT INTO run_findings (run_id, finding_key, change)
     SELECT $1, f.finding_key, CASE WHEN f.case_id IS NULL THEN 'new' ELSE 'grown' END
     FROM findings f WHERE f.case_id IS NULL OR NOT (f.customer_ids <@ f.case_told_customers)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [runId],
  );
  if (taken.length > 0)
    await db.query(`UPDATE detection_runs SET reconciled = $2 WHERE id = $1`, [runId, taken.length]);
  return taken.length;
}

/**
 * One detection of a rule at a time (advisory lock); the run row locked. Returns its incremental start and the
 * counts already recorded (a retried attempt finds its own).
 */
export async function lockRunForRule(
  db: EntityManager,
  runId: string,
  rule: DetectionRule,
): Promise<{ watermark_from: Date | null; counts: Record<string, RuleCounts> }> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('verity-detect-' || $1))`, [rule]);
  const [run] = await db.query(`SELECT watermark_from, counts FROM detection_runs WHERE id = $1 FOR UPDATE`, [runId]);
  return run;
}

export interface RuleCounts {
  findings: number;
  new: number;
  grown: number;
}

/**
 * Runs a rule's cluster statements (given `$1` = the incremental start when they use it), compares each cluster with
 * the latest finding of the same value (new, grown: a customer joined an open finding, raised again: a customer
 * joined a closed one, or nothing to say), writes findings and the run's list, and records the rule's counts.
 */
export async function detectAndRecord(
  db: EntityManager,
  runId: string,
  rule: DetectionRule,
  statements: string[],
  params: unknown[],
): Promise<RuleCounts> {
  for (const setting of CLUSTER_SETTINGS) await db.query(setting);
  for (const table of CLUSTER_WORK_TABLES) await db.query(table);
  for (const statement of statements) {
    await db.query(statement, statement.includes('$1') ? params : []);
    const analyse = analyseAfter(statement);
    if (analyse) await db.query(analyse);
  }
  await db.query(
    `
    CREATE TEMP TABLE classified ON COMMIT DROP AS
    SELECT d.*, l.finding_key AS old_key, l.generation AS old_generation, l.customer_ids AS old_customers,
      CASE WHEN l.finding_key IS NULL THEN 'new'
           WHEN d.customers <@ l.customer_ids THEN 'same'
           WHEN c.state = 'CLOSED' THEN 'again'
           ELSE 'grown' END AS change
    FROM detected d
    LEFT JOIN LATERAL (SELECT * FROM findings f WHERE f.rule = $1 AND f.cluster_ref = d.ref ORDER BY f.generation DESC LIMIT 1) l ON true
    LEFT JOIN cases c ON c.case_id = l.case_id`,
    [rule],
  );
  await db.query(
    `
    UPDATE findings f SET customer_ids = ARRAY(SELECT DISTINCT x FROM unnest(f.customer_ids || c.customers) x ORDER BY x),
      policy_numbers = ARRAY(SELECT DISTINCT x FROM unnest(f.policy_numbers || c.policies) x ORDER BY x),
      last_run_id = $1, updated_at = now()
    FROM classified c WHERE c.change = 'grown' AND f.finding_key = c.old_key`,
    [runId],
  );
  // The run's list names exactly the findings this statement wrote (new, raised again) and those it grew: no key is
  // computed twice, and no foreign key is checked a row (the run is locked by this transaction; findings are kept).
  await db.query(
    `
    WITH written AS (
      INSERT INTO findings (finding_key, rule, cluster_ref, generation, customer_ids, policy_numbers, channel, branch_code, seller_code, first_run_id, last_run_id)
      SELECT $1 || '-' || left(ref, 40) || '-g' || (coalesce(old_generation, 0) + 1), $1, ref, coalesce(old_generation, 0) + 1,
             customers, policies, channel, branch_code, seller_code, $2, $2
      FROM classified WHERE change IN ('new', 'again')
      RETURNING finding_key)
    INSERT INTO run_findings (run_id, finding_key, change)
    SELECT $2, finding_key, 'new' FROM written
    UNION ALL SELECT $2, old_key, 'grown' FROM classified WHERE change = 'grown'
    ON CONFLICT DO NOTHING`,
    [rule, runId],
  );
  const [counts] = await db.query(`
    SELECT count(*)::int AS findings, count(*) FILTER (WHERE change IN ('new', 'again'))::int AS new,
           count(*) FILTER (WHERE change = 'grown')::int AS grown FROM classified`);
  await db.query(`UPDATE detection_runs SET counts = counts || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`, [
    runId,
    rule,
    JSON.stringify(counts),
  ]);
  return counts;
}

/** A page of the run's list with each finding, in key order. */
export async function runFindingsPage(
  db: EntityManager,
  runId: string,
  afterKey: string,
  pageSize: number,
): Promise<RunFindingRow[]> {
  return db.query(
    `SELECT f.*, rf.change
     FROM run_findings rf JOIN findings f ON f.finding_key = rf.finding_key
     WHERE rf.run_id = $1 AND rf.finding_key > $2 ORDER BY rf.finding_key LIMIT $3`,
    [runId, afterKey, pageSize],
  );
}

export async function markCaseOpened(db: EntityManager, findingKey: string, caseId: string): Promise<void> {
  await db.query(`UPDATE findings SET case_id = $2, case_told_customers = customer_ids WHERE finding_key = $1`, [
    findingKey,
    caseId,
  ]);
}

export async function markCaseTold(db: EntityManager, findingKey: string): Promise<void> {
  await db.query(`UPDATE findings SET case_told_customers = customer_ids WHERE finding_key = $1`, [findingKey]);
}

export async function addCaseCounts(db: EntityManager, runId: string, opened: number, told: number): Promise<void> {
  await db.query(
    `UPDATE detection_runs SET cases_opened = cases_opened + $2, cases_told = cases_told + $3 WHERE id = $1`,
    [runId, opened, told],
  );
}

export async function lockRunForFinish(
  db: EntityManager,
  runId: string,
): Promise<{ business_date: string; status: string }> {
  const [run] = await db.query(
    `SELECT business_date::text AS business_date, status FROM detection_runs WHERE id = $1 FOR UPDATE`,
    [runId],
  );
  return run;
}

/** Findings of the run's list whose case was never started. */
export async function countFindingsWithoutCase(db: EntityManager, runId: string): Promise<number> {
  const [{ unopened }] = await db.query(
    `SELECT count(*)::int AS unopened FROM run_findings rf JOIN findings f ON f.finding_key = rf.finding_key
     WHERE rf.run_id = $1 AND f.case_id IS NULL`,
    [runId],
  );
  return unopened;
}

/**
 * T+1: a working day's list also carries what runs on the days off before it found, and what failed runs found;
 * those runs count as published from now on.
 */
export async function carryUnpublishedLists(db: EntityManager, runId: string): Promise<void> {
  await db.query(
    `INSERT INTO run_findings (run_id, finding_key, change)
     SELECT $1, rf.finding_key, rf.change FROM run_findings rf JOIN detection_runs r ON r.id = rf.run_id
     WHERE r.status IN ('COMPLETED', 'FAILED') AND NOT r.published AND r.id <> $1
     ON CONFLICT DO NOTHING`,
    [runId],
  );
  await db.query(
    `UPDATE detection_runs SET published = true WHERE status IN ('COMPLETED', 'FAILED') AND NOT published AND id <> $1`,
    [runId],
  );
}

export async function setRunFinished(
  db: EntityManager,
  runId: string,
  status: 'COMPLETED' | 'FAILED',
  error: string | null,
  published: boolean,
): Promise<void> {
  await db.query(
    `UPDATE detection_runs SET status = $2, error = $3, finished_at = now(), published = $4 WHERE id = $1`,
    [runId, status, error, published],
  );
}

// ---- the suspicious list ----

/**
 * One page of a run's list after `afterKey`. A finding belongs to every (branch, channel) of its policies: `scope`
 * gives the caller's condition on a policy aliased `sp`, and the branch/channel filters match any of its policies.
 */
export async function findingListPage(
  db: EntityManager,
  runId: string,
  filter: FindingListFilter,
  afterKey: string,
  limit: number,
  scope: (params: unknown[], alias: string) => string,
): Promise<FindingListDbRow[]> {
  const params: unknown[] = [runId, afterKey, limit];
  const touches = [scope(params, 'sp')];
  const where = ['rf.run_id = $1', 'f.finding_key > $2'];
  const add = (list: string[], sql: string, value: unknown) => {
    params.push(value);
    list.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.rule) add(where, 'f.rule = ?', filter.rule);
  if (filter.channel) add(touches, 'sp.channel = ?', filter.channel);
  if (filter.branch) add(touches, 'sp.branch_code = ?', filter.branch);
  where.push(
    `EXISTS (SELECT 1 FROM policies sp WHERE sp.policy_number = ANY(f.policy_numbers) AND ${touches.join(' AND ')})`,
  );
  return db.query(
    `SELECT f.*, rf.change, c.state, c.investigation_due_at, c.revisit_deadline_at,
            (SELECT json_agg(json_build_object('name', cu.name, 'id_type', cu.id_type, 'id_enc', encode(cu.id_number_enc, 'base64')) ORDER BY cu.id)
             FROM customers cu WHERE cu.id = ANY(f.customer_ids)) AS people
     FROM run_findings rf JOIN findings f ON f.finding_key = rf.finding_key LEFT JOIN cases c ON c.case_id = f.case_id
     WHERE ${where.join(' AND ')} ORDER BY f.finding_key LIMIT $3`,
    params,
  );
}

// ---- payer exceptions (Art. 11) ----

export async function upsertPayerException(
  db: EntityManager,
  policyNumber: string,
  reason: string,
  approvedBy: string,
): Promise<void> {
  await db.query(
    `INSERT INTO payer_exceptions (policy_number, reason, approved_by) VALUES ($1, $2, $3)
     ON CONFLICT (policy_number) DO UPDATE SET reason = EXCLUDED.reason, approved_by = EXCLUDED.approved_by, approved_at = now()`,
    [policyNumber, reason, approvedBy],
  );
}
