import type { CaseInput, CasePolicy } from '../../../contracts/src/case.contract';
import { initialCaseView, noDeadlines } from './case-view';

const policy = (policyNumber: string, branchCode: string, channel = 'agency'): CasePolicy => ({
  policyNumber,
  channel,
  branchCode,
  sellerCode: `S-${branchCode}`,
  agencyCode: null,
  receiptSignedDate: null,
  coolingOffDays: 15,
});
const input = (policies: CasePolicy[], raisedBy: string): CaseInput => ({
  findingKey: 'F1',
  rule: 'SHARED_PHONE',
  sharedValueHash: 'ab',
  customerIds: ['1', '2'],
  policies,
  raisedBy,
});

describe('initialCaseView', () => {
  it('opens the case in the scope of the policy that raised it, with nobody on it', () => {
    const view = initialCaseView(
      'case-F1',
      input([policy('P1', 'GZ01'), policy('P2', 'SZ01', 'bancassurance')], 'P2'),
      '2026-12-01T02:00:00.000Z',
    );
    expect(view).toMatchObject({
      caseId: 'case-F1',
      findingKey: 'F1',
      state: 'OPEN',
      rule: 'SHARED_PHONE',
      branchCode: 'SZ01',
      channel: 'bancassurance',
      sellerCode: 'S-SZ01',
      raisedBy: 'P2',
      policyNumbers: ['P1', 'P2'],
      customerIds: ['1', '2'],
      openedAt: '2026-12-01T02:00:00.000Z',
      assigneeId: null,
      investigators: [],
      escalated: false,
      outcome: null,
      submission: null,
      dueAt: null,
      seq: 0,
    });
    expect(view.deadlines).toEqual(noDeadlines());
  });

  it('falls back to the first policy when raisedBy is none of them', () => {
    expect(initialCaseView('c', input([policy('P1', 'GZ01'), policy('P2', 'SZ01')], 'P9'), 'x')).toMatchObject({
      branchCode: 'GZ01',
      raisedBy: 'P1',
    });
  });

  it('copies the input, so changing the view leaves the input alone', () => {
    const given = input([policy('P1', 'GZ01')], 'P1');
    const view = initialCaseView('c', given, 'x');
    view.customerIds.push('3');
    view.policies[0].receiptSignedDate = '2026-12-01';
    expect(given.customerIds).toEqual(['1', '2']);
    expect(given.policies[0].receiptSignedDate).toBeNull();
  });
});
