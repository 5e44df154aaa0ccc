import type { CaseView } from '../../../contracts/src/case.contract';
import { caseNotices } from './case-notifications';
import { initialCaseView } from './case-view';

function view(overrides: Partial<CaseView> = {}): CaseView {
  const v = initialCaseView(
    'case-F1',
    {
      findingKey: 'F1',
      rule: 'SHARED_PHONE',
      sharedValueHash: '',
      customerIds: [],
      policies: [
        {
          policyNumber: 'P1',
          channel: 'agency',
          branchCode: 'GZ01',
          sellerCode: null,
          agencyCode: null,
          receiptSignedDate: null,
          coolingOffDays: 15,
        },
      ],
      raisedBy: 'P1',
    },
    '2026-12-01T02:00:00.000Z',
  );
  return { ...v, ...overrides };
}

describe('caseNotices: who is told what', () => {
  it('tells customer service of a new case in its branch and channel', () => {
    expect(caseNotices.opened(view())).toEqual([['customer_service@GZ01/agency', 'new case case-F1 (SHARED_PHONE)']]);
  });

  it('tells the team and back office of a distribution, with the due date', () => {
    const v = view({ deadlines: { ...view().deadlines, investigationDueAt: '2026-12-03T16:00:00.000Z' } });
    expect(caseNotices.distributed(v)).toEqual([
      ['team_leader@GZ01/agency', 'case case-F1 distributed to your team; due 2026-12-03T16:00:00.000Z'],
      ['back_office@GZ01/agency', 'case case-F1 waits to be claimed'],
    ]);
  });

  it('tells the assignee only when there is one', () => {
    expect(caseNotices.assistRecorded(view())).toEqual([]);
    expect(caseNotices.assistRecorded(view({ assigneeId: 'bo-1' }))).toEqual([
      ['bo-1', 'case case-F1: customer service recorded its result'],
    ]);
    expect(caseNotices.closed(view(), 'CLEARED')).toEqual([
      ['team_leader@GZ01/agency', 'case case-F1 closed: CLEARED'],
    ]);
    expect(caseNotices.closed(view({ assigneeId: 'bo-1' }), 'CLEARED').map(([r]) => r)).toEqual([
      'bo-1',
      'team_leader@GZ01/agency',
    ]);
  });

  it('tells channel management of a penalty proposal when false data is confirmed, naming the seller or agency', () => {
    const submitted = (codes: { responsibleSellerCode?: string; responsibleAgencyCode?: string }) =>
      view({
        submission: {
          outcome: 'FALSE_INFO_CONFIRMED',
          summary: 's',
          submittedBy: 'bo-1',
          policyCancelled: true,
          ...codes,
        },
      });
    expect(caseNotices.closed(submitted({ responsibleSellerCode: 'A0001' }), 'FALSE_INFO_CONFIRMED')).toEqual([
      ['team_leader@GZ01/agency', 'case case-F1 closed: FALSE_INFO_CONFIRMED'],
      ['channel_manager@GZ01/agency', 'case case-F1 confirmed false data by seller A0001: a penalty proposal waits'],
    ]);
    expect(caseNotices.closed(submitted({ responsibleAgencyCode: 'AG01' }), 'FALSE_INFO_CONFIRMED')[1][1]).toBe(
      'case case-F1 confirmed false data by agency AG01: a penalty proposal waits',
    );
    expect(caseNotices.closed(submitted({ responsibleSellerCode: 'A0001' }), 'CORRECTED')).toHaveLength(1);
  });

  it('sends escalations to the picked supervisor, else to the compliance mailbox', () => {
    expect(caseNotices.escalated(view(), 'T')[0][0]).toBe('compliance@GZ01/agency');
    expect(caseNotices.escalated(view({ complianceSupervisorId: 'cmp-9' }), 'T')).toEqual([
      ['cmp-9', 'case case-F1 missed its investigation deadline T'],
      ['channel_manager@GZ01/agency', 'case case-F1 missed its investigation deadline T'],
    ]);
    expect(caseNotices.urgent(view({ complianceSupervisorId: 'cmp-9' }), 'T').map(([r]) => r)).toEqual([
      'cmp-9',
      'customer_service@GZ01/agency',
    ]);
  });

  it('uses the responsible scope as it is after the change', () => {
    expect(caseNotices.claimed(view({ branchCode: 'SZ01', channel: 'bancassurance' }), 'bo-2')).toEqual([
      ['team_leader@SZ01/bancassurance', 'case case-F1 claimed by bo-2'],
    ]);
  });

  it('tells the previous holder of a case taken over, if any', () => {
    expect(caseNotices.takenOver(view(), null)).toEqual([]);
    expect(caseNotices.takenOver(view(), 'bo-1')).toEqual([['bo-1', 'case case-F1 taken over by customer service']]);
  });
});
