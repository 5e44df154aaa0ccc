import type { Client } from '@temporalio/client';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { VerityEnv } from '../../../../libs/config/src';
import type { CaseInput } from '../../../../libs/contracts/src/case.contract';
import { caseUpdates } from '../../../../libs/contracts/src/case.definitions';
import { DomainError } from '../common/domain-error';
import { CaseWorkflowGateway } from './case-workflow.gateway';

/** A Temporal client whose start and Update calls do what the test says; the calls are recorded. */
function fakeClient(behaviour: { start?: () => Promise<unknown>; update?: () => Promise<unknown> }) {
  const calls: { start: unknown[][]; update: unknown[][]; handles: string[]; deadlines: number[] } = {
    start: [],
    update: [],
    handles: [],
    deadlines: [],
  };
  const client = {
    withDeadline: (deadline: number, fn: () => Promise<unknown>) => {
      calls.deadlines.push(deadline);
      return fn();
    },
    workflow: {
      start: async (...args: unknown[]) => {
        calls.start.push(args);
        return behaviour.start ? behaviour.start() : undefined;
      },
      getHandle: (id: string) => {
        calls.handles.push(id);
        return {
          executeUpdate: async (...args: unknown[]) => {
            calls.update.push(args);
            return behaviour.update ? behaviour.update() : { caseId: id };
          },
        };
      },
    },
  } as unknown as Client;
  const env = { TEMPORAL_TASK_QUEUE: 'cases-q', CASE_STEP_WAIT: '45s' } as VerityEnv;
  return { gateway: new CaseWorkflowGateway(client, env), calls };
}

function caseInput(findingKey: string): CaseInput {
  const policy = {
    policyNumber: 'P1',
    channel: 'agency',
    branchCode: 'GZ01',
    sellerCode: null,
    agencyCode: null,
    receiptSignedDate: null,
    coolingOffDays: 15,
  };
  return {
    findingKey,
    rule: 'MANUAL',
    sharedValueHash: 'ab'.repeat(32),
    customerIds: [],
    policies: [policy],
    raisedBy: 'P1',
  };
}

const refused = (type: string, message: string) =>
  new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('CaseWorkflowGateway', () => {
  describe('open', () => {
    it("starts the finding's workflow on the configured queue and returns its id", async () => {
      const { gateway, calls } = fakeClient({});
      const input = caseInput('F0');
      expect(await gateway.open(input)).toBe(`case-${input.findingKey}`);
      expect(calls.start).toEqual([
        ['caseWorkflow', { taskQueue: 'cases-q', workflowId: `case-${input.findingKey}`, args: [input] }],
      ]);
    });

    it('returns the same id when the case was already started (a second start is a no-op)', async () => {
      const { gateway } = fakeClient({
        start: () =>
          Promise.reject(new WorkflowExecutionAlreadyStartedError('already started', 'case-F1', 'caseWorkflow')),
      });
      const input = caseInput('F1');
      expect(await gateway.open(input)).toBe('case-F1');
    });

    it('lets any other start failure through', async () => {
      const down = new Error('14 UNAVAILABLE: connection refused');
      const { gateway } = fakeClient({ start: () => Promise.reject(down) });
      expect(await caught(gateway.open(caseInput('F2')))).toBe(down);
    });
  });

  describe('step', () => {
    it("sends the step's Update to the case with the payload and returns the view", async () => {
      const { gateway, calls } = fakeClient({ update: async () => ({ caseId: 'case-F1', state: 'DISTRIBUTED' }) });
      const payload = { actor: { userId: 'cs-1', role: 'customer_service', branches: ['GZ01'], channels: ['agency'] } };
      expect(await gateway.step('case-F1', 'distribute', payload)).toEqual({ caseId: 'case-F1', state: 'DISTRIBUTED' });
      expect(calls.handles).toEqual(['case-F1']);
      expect(calls.update).toEqual([[caseUpdates.distribute, { args: [payload] }]]);
    });

    it('waits at most CASE_STEP_WAIT: past it, CASE_STEP_PENDING (504) naming the case, the step and the wait', async () => {
      const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), {
        code: 4,
        details: 'Deadline exceeded',
        metadata: {},
      });
      const { gateway, calls } = fakeClient({ update: () => Promise.reject(deadline) });
      const before = Date.now();
      const err = await caught(gateway.step('case-F1', 'submit', {}));
      expect(calls.deadlines).toHaveLength(1);
      expect(calls.deadlines[0]).toBeGreaterThanOrEqual(before + 45_000);
      expect(calls.deadlines[0]).toBeLessThanOrEqual(Date.now() + 45_000);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({
        code: 'CASE_STEP_PENDING',
        message:
          'case case-F1 did not finish submit within 45 s (its worker is down or its write keeps failing); it may still finish: reload the case before sending the step again',
      });
    });

    it('answers CASE_STEP_PENDING whatever the SDK wraps the end of the wait in (a cancelled Update call)', async () => {
      const cancelled = Object.assign(new Error('1 CANCELLED: Call cancelled'), {
        code: 1,
        details: 'Call cancelled',
        metadata: {},
      });
      const wrapped = new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled', { cause: cancelled });
      const { gateway } = fakeClient({ update: () => Promise.reject(wrapped) });
      expect(await caught(gateway.step('case-F1', 'distribute', {}))).toMatchObject({ code: 'CASE_STEP_PENDING' });
    });

    it('answers CASE_STEP_PENDING for any transport failure once the wait has run out', async () => {
      let now = 1_000_000;
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
      try {
        const { gateway } = fakeClient({
          update: () => {
            now += 45_000; // the call ran to its deadline, and the server's answer came as something else
            return Promise.reject(Object.assign(new Error('14 UNAVAILABLE'), { code: 14, details: '', metadata: {} }));
          },
        });
        expect(await caught(gateway.step('case-F1', 'distribute', {}))).toMatchObject({ code: 'CASE_STEP_PENDING' });
      } finally {
        clock.mockRestore();
      }
    });

    it("turns the workflow's refusal (StepRefused) into CASE_STEP_REFUSED (409) with the workflow's reason", async () => {
      const { gateway } = fakeClient({
        update: () => Promise.reject(refused('StepRefused', 'role intake may not do this; allowed: customer_service')),
      });
      const err = await caught(gateway.step('case-F1', 'distribute', {}));
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({
        code: 'CASE_STEP_REFUSED',
        message: 'role intake may not do this; allowed: customer_service',
        field: undefined,
      });
    });

    it('turns a case that is gone or closed into CASE_CLOSED (409)', async () => {
      const { gateway } = fakeClient({
        update: () => Promise.reject(new WorkflowNotFoundError('workflow not found', 'case-F1', undefined)),
      });
      const err = await caught(gateway.step('case-F1', 'claim', {}));
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'CASE_CLOSED', message: 'case case-F1 is closed or does not exist' });
    });

    it('lets failures that are not refusals through unchanged (they answer 500)', async () => {
      const otherType = refused('SomethingBroke', 'an activity failed');
      const noApplicationCause = new WorkflowUpdateFailedError('update failed', new Error('timeout'));
      const transport = new Error('14 UNAVAILABLE');
      for (const failure of [otherType, noApplicationCause, transport]) {
        const { gateway } = fakeClient({ update: () => Promise.reject(failure) });
        expect(await caught(gateway.step('case-F1', 'claim', {}))).toBe(failure);
      }
    });
  });
});
