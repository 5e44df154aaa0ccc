import type { CaseView } from '../../../../libs/contracts/src/case.contract';
import type { Role } from '../auth/principal';
import { ROLES } from '../auth/principal';
import { ROLES_SEEING_SENSITIVE } from '../policies/masking';
import { maskCaseView } from './case-masking';

function view(submission: Record<string, unknown> | null): CaseView {
  return {
    caseId: 'case-1',
    findingKey: 'k',
    state: 'PENDING_APPROVAL',
    rule: 'SHARED_PHONE',
    channel: 'agency',
    branchCode: 'GZ01',
    sellerCode: null,
    customerIds: ['7'],
    policyNumbers: ['P1'],
    assigneeId: 'bo-1',
    investigators: ['bo-1'],
    takenOverByCustomerService: false,
    assistRequested: false,
    complianceSupervisorId: null,
    escalated: false,
    urgent: false,
    coolingOffBreached: false,
    reminderSent: false,
    outcome: null,
    submission: submission as CaseView['submission'],
    policies: [],
    raisedBy: 'P1',
    openedAt: '2026-12-01T00:00:00.000Z',
    deadlines: {
      distributionDueAt: null,
      distributionReminderAt: null,
      investigationDueAt: null,
      reminderAt: null,
      revisitDeadlineAt: null,
      coolingOffEndsAt: null,
      coolingOffPolicy: null,
    },
    dueAt: null,
    evidence: [],
    lastRejection: null,
    seq: 3,
  };
}

const MASKED_ROLES = ROLES.filter((r) => !ROLES_SEEING_SENSITIVE.includes(r));

describe('maskCaseView', () => {
  const several = {
    outcome: 'CORRECTED',
    summary: 'three fields were wrong',
    submittedBy: 'bo-1',
    corrections: [
      { customerId: '7', field: 'phone', oldValue: '+8613800138000', newValue: '+8613900139000' },
      { customerId: '7', field: 'bankAccount', oldValue: '6222020200112233445', newValue: '6222020200998877665' },
      {
        customerId: '7',
        field: 'idNumber',
        idType: 'RESIDENT_ID',
        oldValue: '11010119900307123X',
        newValue: '110101199003071248',
      },
      { customerId: '8', field: 'name', oldValue: '张三', newValue: '李四' },
      { customerId: '8', field: 'birthDate', oldValue: '1990-03-07', newValue: '1991-03-07' },
      {
        customerId: '8',
        field: 'address',
        oldValue: '广东省广州市天河区体育西路 100 号',
        newValue: '广东省广州市越秀区中山五路 1 号',
      },
      { customerId: '8', field: 'gender', oldValue: 'M', newValue: 'F' },
    ],
  };

  it.each(MASKED_ROLES)('masks every entry of corrections by its field for %s', (role) => {
    const masked = maskCaseView(view(several), role).submission as unknown as typeof several;
    expect(masked.corrections.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['phone', '+86*******8000', '+86*******9000'],
      ['bankAccount', '6222***********3445', '6222***********7665'],
      ['idNumber', '110***********123X', '110***********1248'],
      ['name', '张*', '李*'],
      ['birthDate', '1990', '1991'],
      ['address', '广东省广州市天河区****', '广东省广州市越秀区****'],
      ['gender', 'M', 'F'],
    ]);
    expect(masked.corrections[2]).toMatchObject({ customerId: '7', idType: 'RESIDENT_ID' });
  });

  it.each([...ROLES_SEEING_SENSITIVE])('shows %s the values whole', (role: Role) => {
    expect(maskCaseView(view(several), role)).toEqual(view(several));
  });

  it('leaves a view without a submission or without corrections as it is, and does not change its input', () => {
    expect(maskCaseView(view(null), 'auditor')).toEqual(view(null));
    const cleared = { outcome: 'CLEARED', summary: 'a family', submittedBy: 'bo-1' };
    expect(maskCaseView(view(cleared), 'team_leader')).toEqual(view(cleared));
    const input = view(several);
    const copy = structuredClone(input);
    maskCaseView(input, 'channel_manager');
    expect(input).toEqual(copy);
  });

  it('hides the value of a field it does not know rather than showing it', () => {
    const odd = {
      ...several,
      corrections: [{ customerId: '7', field: 'email', oldValue: 'a@example.com', newValue: 'b@example.com' }],
    };
    expect(maskCaseView(view(odd), 'auditor').submission).toMatchObject({
      corrections: [{ oldValue: '****', newValue: '****' }],
    });
  });
});
