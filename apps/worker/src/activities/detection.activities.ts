import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { caseSignals } from '../../../../libs/contracts/src/case.definitions';
import type {
  DetectionActivities,
  DetectionRule,
  DetectionRunView,
  DetectionWorkflowInput,
} from '../../../../libs/contracts/src/detection.contract';
import type { ClusterOptions } from '../../../../libs/detection/src/cluster-queries';
import { clusterQuery } from '../../../../libs/detection/src/cluster-queries';
import { runView } from '../../../../libs/detection/src/run-view';
import { branchToday } from '../../../../libs/domain/src/calendar/working-calendar';
import { forEachConcurrently } from '../../../../libs/domain/src/common/concurrency';
import { loadCalendar } from '../../../../libs/persistence/src/calendar/calendar-repository';
import { startCaseOnce } from '../../../../libs/temporal/src/case-start';
import type { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { assertIndexSettled } from '../../../../libs/persistence/src/crypto/index-key-state';
import { casePolicies, caseInputForFinding } from '../../../../libs/persistence/src/cases/case-input';
import { normaliseAddressForIndex } from '../../../../libs/domain/src/contact/address-index';
import { indexDirectoryAddresses } from '../../../../libs/persistence/src/directory/directory-repository';
import {
  addCaseCounts,
  carryUnpublishedLists,
  countFindingsWithoutCase,
  databaseNow,
  detectAndRecord,
  insertRun,
  lastCompletedWatermark,
  lockRunForFinish,
  lockRunForRule,
  markCaseOpened,
  markCaseTold,
  readRun,
  reconcileFindings,
  runFindingsPage,
  runWatermarks,
  setRunFinished,
} from '../../../../libs/persistence/src/detection/detection-repository';

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

  async beginRun(
    input: DetectionWorkflowInput & { runId: string },
  ): Promise<{ watermarkFrom: string | null; watermarkTo: string }> {
    return this.db.transaction(async (tx) => {
      const existing = await runWatermarks(tx, input.runId);
      if (existing)
        return {
          watermarkFrom: existing.watermark_from?.toISOString() ?? null,
          watermarkTo: existing.watermark_to.toISOString(),
        };
      // Detection compares hashes across rows: it waits while a key rotation moves them to a new key.
      await assertIndexSettled(tx);
      await this.indexSellerAddresses(tx);
      // Incremental runs start where the last successful one ended: a missed day is caught up by the next run.
      const from: Date | null = input.full ? null : await lastCompletedWatermark(tx);
      const now = await databaseNow(tx);
      const businessDate = branchToday(now);
      await insertRun(tx, input, {
        fullScan: input.full || from === null,
        watermarkFrom: from,
        watermarkTo: now,
        businessDate,
      });
      await this.reconcile(tx, input.runId);
      return { watermarkFrom: from?.toISOString() ?? null, watermarkTo: now.toISOString() };
    });
  }

  /**
   * Every finding whose case was never started (case_id null) or not told of every customer (case_told_customers
   * behind customer_ids) joins this run's list, so openCases starts or tells it and the list shows it. Whatever
   * interrupted an earlier run (a killed worker, Temporal down), its findings are not left behind: detection alone
   * would classify them as unchanged and never look at them again.
   */
  private async reconcile(tx: EntityManager, runId: string): Promise<void> {
    const taken = await reconcileFindings(tx, runId);
    if (taken > 0)
      this.logger.warn(`run ${runId}: ${taken} earlier findings had no started or told case; taken into this run`);
  }

  /** Sellers' and agencies' addresses get their blind index here, so a seller saved by any path is compared. */
  private async indexSellerAddresses(tx: EntityManager): Promise<void> {
    const cipher = await this.cipher.forWrite(tx);
    await indexDirectoryAddresses(tx, (address) => {
      const normal = normaliseAddressForIndex(address);
      return normal === '' ? null : cipher.blindIndex(normal);
    });
  }

  async detectRule(runId: string, rule: DetectionRule): Promise<{ findings: number; new: number; grown: number }> {
    return this.db.transaction(async (tx) => {
      // One detection of a rule at a time; a retried attempt finds its counts already recorded and stops.
      await assertIndexSettled(tx);
      const run = await lockRunForRule(tx, runId, rule);
      if (run.counts[rule]) return run.counts[rule];
      const incremental = run.watermark_from !== null;
      const params = incremental ? [new Date(run.watermark_from!.getTime() - WATERMARK_OVERLAP_MS).toISOString()] : [];
      return detectAndRecord(tx, runId, rule, clusterQuery(rule, incremental, this.clusterOptions), params);
    });
  }

  async openCases(
    runId: string,
    afterKey: string | null,
    pageSize: number,
  ): Promise<{ opened: number; told: number; lastKey: string | null }> {
    const page = await runFindingsPage(this.db.manager, runId, afterKey ?? '', pageSize);
    let opened = 0;
    let told = 0;
    await forEachConcurrently(page, CASE_START_CONCURRENCY, async (f) => {
      if (f.case_id === null) {
        const input = await caseInputForFinding(this.db, {
          findingKey: f.finding_key,
          rule: f.rule,
          sharedValueHash: f.cluster_ref,
          customerIds: f.customer_ids.map(String),
          policyNumbers: f.policy_numbers,
        });
        // A retried page finds its cases already started: startCaseOnce answers the same id.
        const { caseId } = await startCaseOnce(this.temporal, this.taskQueue, input);
        await markCaseOpened(this.db.manager, f.finding_key, caseId);
        opened += 1;
      } else if (f.customer_ids.some((c) => !f.case_told_customers.includes(c))) {
        try {
          await this.temporal.workflow.getHandle(f.case_id).signal(caseSignals.partiesJoined, {
            customerIds: f.customer_ids.map(String),
            policies: await casePolicies(this.db, f.policy_numbers),
          });
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
          this.logger.warn(`finding ${f.finding_key}: case ${f.case_id} closed before it could be told of new parties`);
        }
        await markCaseTold(this.db.manager, f.finding_key);
        told += 1;
      }
    });
    if (opened + told > 0) {
      await addCaseCounts(this.db.manager, runId, opened, told);
    }
    return { opened, told, lastKey: page.length === pageSize ? page[page.length - 1].finding_key : null };
  }

  async finishRun(
    runId: string,
    outcome: { status: 'COMPLETED' | 'FAILED'; error?: string },
  ): Promise<DetectionRunView> {
    return this.db.transaction(async (tx) => {
      const run = await lockRunForFinish(tx, runId);
      if (run.status === 'RUNNING') {
        let published = false;
        if (outcome.status === 'COMPLETED') {
          // A run is complete only when every finding of its list has its case: one left without fails the run
          // (the next run reconciles it) instead of being reported as done.
          const unopened = await countFindingsWithoutCase(tx, runId);
          if (unopened > 0) outcome = { status: 'FAILED', error: `${unopened} findings of the run have no case` };
        }
        if (outcome.status === 'COMPLETED') {
          const year = Number(String(run.business_date).slice(0, 4));
          const calendar = await loadCalendar(tx, year, year);
          published = calendar.yearStatus(year) !== 'unknown' && calendar.isWorkingDay(String(run.business_date));
          if (published) {
            // T+1: a working day's list also carries what runs on the days off before it found, and what failed
            // runs found (their cases may have opened before they failed; either way their list was never published).
            await carryUnpublishedLists(tx, runId);
          }
        }
        await setRunFinished(tx, runId, outcome.status, outcome.error ?? null, published);
      }
      return runView((await readRun(tx, runId))!);
    });
  }
}
