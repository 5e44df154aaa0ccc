import { temporal } from '@temporalio/proto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflowCode, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporalDataConverter } from '../libs/temporal/src';

/**
 * Histories of finished cases, recorded by test/case-workflow.test.ts (RECORD_HISTORIES=1), replayed against the
 * current workflow code. A change that would break cases already running in production (another order of
 * activities or timers, a step that no longer records its event, ...) fails here with a determinism violation.
 * Re-record only when such a change is intended and shipped behind a patch() or a new workflow type:
 * `RECORD_HISTORIES=1 npx jest test/case-workflow.test.ts --selectProjects integration`.
 *
 * The files hold protobufjs's JSON form of the history, read back with History.fromObject: the SDK's own
 * historyFromJSON fails in this install (@temporalio/common and @temporalio/proto each carry a copy of protobufjs).
 */

const DIR = path.join(__dirname, 'fixtures', 'histories');

interface SavedHistory {
  workflowId: string;
  history: { events: Array<Record<string, unknown>> };
}

interface Replayable {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

function read(file: string): SavedHistory {
  return JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as SavedHistory;
}

function replayable(saved: SavedHistory): Replayable {
  return { workflowId: saved.workflowId, history: temporal.api.history.v1.History.fromObject(saved.history) };
}

/** The names of the activities a history ran, in order, whether as activity tasks or as local-activity markers. */
function activityTypes(saved: SavedHistory): string[] {
  const types: string[] = [];
  for (const e of saved.history.events) {
    const scheduled = e.activityTaskScheduledEventAttributes as { activityType: { name: string } } | undefined;
    if (scheduled) types.push(scheduled.activityType.name);
    const marker = markerData(e);
    if (marker) types.push(String(marker.value.activity_type));
  }
  return types;
}

/** A local activity's marker data (base64 JSON in the marker's `data` payload), and a way to write it back. */
function markerData(e: Record<string, unknown>): { value: Record<string, unknown>; save: () => void } | null {
  const attrs = e.markerRecordedEventAttributes as
    { markerName: string; details: Record<string, { payloads: Array<{ data: string }> }> } | undefined;
  if (attrs?.markerName !== 'core_local_activity') return null;
  const payload = attrs.details.data.payloads[0];
  const value = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as Record<string, unknown>;
  return {
    value,
    save: () => {
      payload.data = Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
    },
  };
}

/** The saved history as if the workflow had called another activity first: what reordering two calls looks like. */
function withFirstActivityRenamed(saved: SavedHistory, name: string): SavedHistory {
  const copy = JSON.parse(JSON.stringify(saved)) as SavedHistory;
  for (const e of copy.history.events) {
    const scheduled = e.activityTaskScheduledEventAttributes as { activityType: { name: string } } | undefined;
    if (scheduled) {
      scheduled.activityType.name = name;
      return copy;
    }
    const marker = markerData(e);
    if (marker) {
      marker.value.activity_type = name;
      marker.save();
      return copy;
    }
  }
  throw new Error('the history runs no activity');
}

describe('replay of recorded case histories against the current workflow code', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  let bundle: WorkflowBundleWithSourceMap;
  // Histories recorded since payloads are encrypted hold ciphertext under the test key (test/setup/global-setup.mjs).
  const dataConverter = temporalDataConverter(process.env);

  beforeAll(async () => {
    Runtime.install({
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../apps/worker/src/workflows'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
    });
  });

  it('has the CLEARED, CORRECTED and escalated cases, each run to completion', () => {
    expect(files).toEqual(['cleared.json', 'corrected.json', 'escalated.json']);
    const last = (f: string) => read(f).history.events.at(-1)?.eventType;
    for (const f of files) expect(last(f)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    // What each history exercises: the correction activity, and the escalation's timers and supervisor lookup.
    expect(activityTypes(read('corrected.json'))).toContain('applyCorrections');
    expect(activityTypes(read('escalated.json'))).toContain('pickComplianceSupervisor');
    expect(read('escalated.json').history.events.filter((e) => e.eventType === 'EVENT_TYPE_TIMER_FIRED')).toHaveLength(
      2,
    );
  });

  it.each(['cleared.json', 'corrected.json', 'escalated.json'])(
    'replays %s without a determinism violation',
    async (file) => {
      const { workflowId, history } = replayable(read(file));
      await Worker.runReplayHistory({ workflowBundle: bundle, dataConverter }, history, workflowId);
    },
  );

  it('replays them all in one batch, each without error', async () => {
    const results: Array<{ workflowId: string; error: string | null }> = [];
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: bundle, dataConverter },
      files.map((f) => replayable(read(f))),
    )) {
      results.push({ workflowId: r.workflowId, error: r.error ? r.error.message : null });
    }
    expect(results).toEqual(files.map((f) => ({ workflowId: read(f).workflowId, error: null })));
  });

  // The check itself can fail: a history whose first activity differs from what the code calls is refused.
  it('reports a determinism violation when code and history disagree on the order of activities', async () => {
    const saved = read('cleared.json');
    const [first, second] = activityTypes(saved);
    expect([first, second]).toEqual(['computeDeadlines', 'recordCaseEvent']);
    const { workflowId, history } = replayable(withFirstActivityRenamed(saved, second));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, dataConverter }, history, workflowId),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
