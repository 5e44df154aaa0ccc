import type {
  CaseActor,
  CaseOutcome,
  CaseState,
  CaseView,
  Correction,
  Deadlines,
  EvidenceRef,
  EvidenceType,
  SubmitStep,
} from '../../../contracts/src/case.contract';
import type { Role } from '../../../contracts/src/roles';
import {
  checkApprove,
  checkAssign,
  checkAttachEvidence,
  checkClaim,
  checkDistribute,
  checkRecordAssist,
  checkReassign,
  checkReject,
  checkRequestAssist,
  checkSubmit,
  checkTakeOver,
  earliestDue,
  missingEvidence,
  type Refusal,
} from './case-rules';

// ---- factories ----

const BRANCH = 'GZ01';
const CHANNEL = 'agency';
const ALL_ROLES: Role[] = ['customer_service', 'team_leader', 'back_office', 'compliance', 'channel_manager'];
const ALL_STATES: CaseState[] = ['OPEN', 'DISTRIBUTED', 'INVESTIGATING', 'PENDING_APPROVAL', 'CLOSED'];

const NO_DEADLINES: Deadlines = {
  distributionDueAt: null,
  distributionReminderAt: null,
  investigationDueAt: null,
  reminderAt: null,
  revisitDeadlineAt: null,
  coolingOffEndsAt: null,
  coolingOffPolicy: null,
};
const TODAY = '2026-12-01';
const policy = (policyNumber: string) => ({
  policyNumber,
  channel: CHANNEL,
  branchCode: BRANCH,
  sellerCode: 'S001',
  agencyCode: null,
  receiptSignedDate: null,
  coolingOffDays: 15,
});

function makeView(overrides: Partial<CaseView> = {}): CaseView {
  return {
    caseId: 'case-F1',
    findingKey: 'F1',
    state: 'INVESTIGATING',
    rule: 'SHARED_PHONE',
    channel: CHANNEL,
    branchCode: BRANCH,
    sellerCode: 'S001',
    customerIds: ['C1', 'C2'],
    policies: [policy('P1'), policy('P2')],
    policyNumbers: ['P1', 'P2'],
    raisedBy: 'P1',
    openedAt: '2026-03-02T02:00:00.000Z',
    assigneeId: 'bo1',
    investigators: ['bo1'],
    takenOverByCustomerService: false,
    assistRequested: false,
    complianceSupervisorId: null,
    escalated: false,
    urgent: false,
    coolingOffBreached: false,
    reminderSent: false,
    outcome: null,
    submission: null,
    deadlines: NO_DEADLINES,
    dueAt: null,
    evidence: [],
    lastRejection: null,
    seq: 1,
    ...overrides,
  };
}

function makeActor(role: Role, userId: string, overrides: Partial<CaseActor> = {}): CaseActor {
  return { userId, role, branches: [BRANCH], channels: [CHANNEL], ...overrides };
}

function makeEvidence(type: EvidenceType, uploadedBy: string, overrides: Partial<EvidenceRef> = {}): EvidenceRef {
  return {
    evidenceId: `ev-${type}-${uploadedBy}`,
    type,
    sha256: 'a'.repeat(64),
    uploadedBy,
    signedBy: type === 'investigation_report' ? uploadedBy : null,
    at: '2026-03-02T08:00:00Z',
    ...overrides,
  };
}

const cs = makeActor('customer_service', 'cs1');
const tl = makeActor('team_leader', 'tl1');
const bo = makeActor('back_office', 'bo1'); // the assignee in makeView()
const bo2 = makeActor('back_office', 'bo2');
const cp = makeActor('compliance', 'cp1');

const signedReport = makeEvidence('investigation_report', 'bo1');
const confirmation = makeEvidence('customer_confirmation', 'bo1');
const sellerStatement = makeEvidence('seller_statement', 'bo1');
const institutionStatement = makeEvidence('institution_statement', 'bo1');

/** Evidence that satisfies every outcome's requirements. */
const fullEvidence = [signedReport, confirmation, sellerStatement];

function makeSubmit(outcome: CaseOutcome, overrides: Partial<SubmitStep> = {}): SubmitStep {
  const base: SubmitStep = { actor: bo, outcome, summary: 'checked with the customer by phone' };
  if (outcome !== 'CLEARED')
    base.corrections = [{ customerId: 'C1', field: 'phone', oldValue: '13900139000', newValue: '13800138000' }];
  if (outcome === 'FALSE_INFO_CONFIRMED') base.responsibleSellerCode = 'S001';
  return { ...base, ...overrides };
}

// ---- the common gate: role, scope, state ----

interface CheckCase {
  name: string;
  roles: Role[];
  states: CaseState[];
  /** A view and actor for which the check allows the step. */
  view: CaseView;
  actor: CaseActor;
  run: (view: CaseView, actor: CaseActor) => Refusal;
}

const checks: CheckCase[] = [
  {
    name: 'checkDistribute',
    roles: ['customer_service'],
    states: ['OPEN'],
    view: makeView({ state: 'OPEN', assigneeId: null, investigators: [] }),
    actor: cs,
    run: (view, actor) => checkDistribute(view, { actor }),
  },
  {
    name: 'checkAssign',
    roles: ['team_leader'],
    states: ['DISTRIBUTED'],
    view: makeView({ state: 'DISTRIBUTED', assigneeId: null, investigators: [] }),
    actor: tl,
    run: (view, actor) => checkAssign(view, { actor, assigneeId: 'bo1' }),
  },
  {
    name: 'checkClaim',
    roles: ['back_office'],
    states: ['DISTRIBUTED'],
    view: makeView({ state: 'DISTRIBUTED', assigneeId: null, investigators: [] }),
    actor: bo,
    run: (view, actor) => checkClaim(view, { actor }),
  },
  {
    name: 'checkAttachEvidence',
    roles: ['back_office', 'customer_service', 'team_leader'],
    states: ['INVESTIGATING'],
    view: makeView(),
    actor: bo,
    run: (view, actor) =>
      checkAttachEvidence(view, { actor, evidence: makeEvidence('customer_confirmation', actor.userId) }),
  },
  {
    name: 'checkRequestAssist',
    roles: ['back_office'],
    states: ['INVESTIGATING'],
    view: makeView(),
    actor: bo,
    run: (view, actor) => checkRequestAssist(view, { actor, kind: 'phone_revisit', note: 'please call the customer' }),
  },
  {
    name: 'checkRecordAssist',
    roles: ['customer_service'],
    states: ['INVESTIGATING'],
    view: makeView({ assistRequested: true }),
    actor: cs,
    run: (view, actor) => checkRecordAssist(view, { actor, result: 'customer confirmed the phone is a relative’s' }),
  },
  {
    name: 'checkTakeOver',
    roles: ['customer_service'],
    states: ['DISTRIBUTED', 'INVESTIGATING'],
    view: makeView(),
    actor: cs,
    run: (view, actor) => checkTakeOver(view, { actor, reason: 'revisit call found the problem' }),
  },
  {
    name: 'checkReassign',
    roles: ['team_leader', 'compliance'],
    states: ['INVESTIGATING'],
    view: makeView(),
    actor: tl,
    run: (view, actor) => checkReassign(view, { actor, assigneeId: 'bo2', reason: 'bo1 is on leave' }),
  },
  {
    name: 'checkSubmit',
    roles: ['back_office', 'customer_service'],
    states: ['INVESTIGATING'],
    view: makeView({ evidence: fullEvidence }),
    actor: bo,
    run: (view, actor) => checkSubmit(view, makeSubmit('CLEARED', { actor }), TODAY),
  },
  {
    name: 'checkApprove',
    roles: ['compliance'],
    states: ['PENDING_APPROVAL'],
    view: makeView({ state: 'PENDING_APPROVAL', evidence: fullEvidence }),
    actor: cp,
    run: (view, actor) => checkApprove(view, { actor }),
  },
  {
    name: 'checkReject',
    roles: ['compliance'],
    states: ['PENDING_APPROVAL'],
    view: makeView({ state: 'PENDING_APPROVAL', evidence: fullEvidence }),
    actor: cp,
    run: (view, actor) => checkReject(view, { actor, reason: 'report does not cover policy P2' }),
  },
];

describe.each(checks)('$name: role, scope and state', ({ roles, states, view, actor, run }) => {
  it('allows the step for an allowed role, in scope, in the right state', () => {
    expect(run(view, actor)).toBeNull();
  });

  it.each(roles)('allows role %s', (role) => {
    // Role-specific rules (assignee, uploader) are covered below; here the role gate alone must pass.
    const refusal = run(view, { ...actor, role });
    expect(refusal ?? '').not.toMatch(/may not do this/);
  });

  it.each(ALL_ROLES.filter((r) => !roles.includes(r)))('refuses role %s', (role) => {
    const refusal = run(view, { ...actor, role });
    expect(refusal).toContain(`role ${role} may not do this`);
    expect(refusal).toContain(`allowed: ${roles.join(', ')}`);
  });

  it.each<[string, Partial<CaseActor>]>([
    ['another branch', { branches: ['SZ01'] }],
    ['another channel', { channels: ['bank'] }],
    ['no branches at all', { branches: [] }],
    ['no channels at all', { channels: [] }],
    ['wildcard branch but another channel', { branches: ['*'], channels: ['bank'] }],
    ['another branch but wildcard channel', { branches: ['SZ01'], channels: ['*'] }],
  ])('refuses an actor scoped to %s', (_label, scope) => {
    expect(run(view, { ...actor, ...scope })).toContain('outside your scope');
  });

  it.each<[string, Partial<CaseActor>]>([
    ['wildcard branches and channels', { branches: ['*'], channels: ['*'] }],
    ['wildcard branches', { branches: ['*'] }],
    ['wildcard channels', { channels: ['*'] }],
    ['several branches including this one', { branches: ['SZ01', BRANCH], channels: ['bank', CHANNEL] }],
  ])('allows an actor scoped to %s', (_label, scope) => {
    expect(run(view, { ...actor, ...scope })).toBeNull();
  });

  it.each(states)('allows state %s', (state) => {
    expect(run({ ...view, state }, actor)).toBeNull();
  });

  it.each(ALL_STATES.filter((s) => !states.includes(s)))('refuses state %s', (state) => {
    const refusal = run({ ...view, state }, actor);
    expect(refusal).toContain(`case is ${state}`);
    expect(refusal).toContain(`this step needs ${states.join(' or ')}`);
  });
});

// ---- step-specific rules ----

describe('checkDistribute: the target branch/channel must be in scope', () => {
  const open = makeView({ state: 'OPEN', assigneeId: null, investigators: [] });

  it.each<[string, CaseActor, { branchCode?: string; channel?: string }, string | null]>([
    ['target branch out of scope', cs, { branchCode: 'SZ01' }, 'the target SZ01/agency is outside your scope'],
    ['target channel out of scope', cs, { channel: 'bank' }, 'the target GZ01/bank is outside your scope'],
    ['target in a multi-branch scope', { ...cs, branches: [BRANCH, 'SZ01'] }, { branchCode: 'SZ01' }, null],
    [
      'target with wildcard scope',
      { ...cs, branches: ['*'], channels: ['*'] },
      { branchCode: 'SZ01', channel: 'bank' },
      null,
    ],
    [
      'target in scope but the case itself is not',
      { ...cs, branches: ['SZ01'] },
      { branchCode: 'SZ01' },
      'case case-F1 is outside your scope',
    ],
    ['defaults to the case branch/channel', cs, {}, null],
  ])('%s', (_label, actor, target, expected) => {
    expect(checkDistribute(open, { actor, ...target })).toBe(expected);
  });

  // A blank branch would send the case where no branch-scoped team can see it.
  it.each(['', '   '])('refuses a blank target branchCode %j', (branchCode) => {
    const wildcard = { ...cs, branches: ['*'], channels: ['*'] };
    expect(checkDistribute(open, { actor: wildcard, branchCode })).not.toBeNull();
  });
});

describe('checkAssign', () => {
  const distributed = makeView({ state: 'DISTRIBUTED', assigneeId: null, investigators: [] });

  it.each<[string, string, string | null]>([
    ['an assignee', 'bo1', null],
    ['no assignee', '', 'assigneeId is required'],
    ['a blank assignee', '   ', 'assigneeId is required'],
  ])('%s → %j', (_label, assigneeId, expected) => {
    expect(checkAssign(distributed, { actor: tl, assigneeId })).toBe(expected);
  });
});

describe('checkAttachEvidence: who may add what', () => {
  const view = makeView({ evidence: [confirmation] });
  const tlNotAssignee = tl;
  const tlAssignee = makeActor('team_leader', 'bo1');

  it.each<[string, CaseActor, EvidenceRef, string | null]>([
    ['assignee adds a statement', bo, makeEvidence('seller_statement', 'bo1'), null],
    [
      'assignee adds a report signed by themself',
      bo,
      makeEvidence('investigation_report', 'bo1', { evidenceId: 'ev-r2' }),
      null,
    ],
    [
      'customer service (not the assignee) adds evidence',
      cs,
      makeEvidence('customer_confirmation', 'cs1', { evidenceId: 'ev-cs' }),
      null,
    ],
    ['customer service adds its own signed report', cs, makeEvidence('investigation_report', 'cs1'), null],
    ['a team leader who is the assignee', tlAssignee, makeEvidence('other', 'bo1'), null],
    ['a non-report may carry any signer', bo, makeEvidence('other', 'bo1', { signedBy: 'someone' }), null],
    [
      'another back office user',
      bo2,
      makeEvidence('other', 'bo2'),
      'only the assignee or customer service adds evidence',
    ],
    [
      'a team leader who is not the assignee',
      tlNotAssignee,
      makeEvidence('other', 'tl1'),
      'only the assignee or customer service adds evidence',
    ],
    ['uploaded by someone else', bo, makeEvidence('other', 'bo2'), 'evidence must be attached by its uploader'],
    [
      'customer service attaching another user’s upload',
      cs,
      makeEvidence('other', 'bo1', { evidenceId: 'ev-x' }),
      'evidence must be attached by its uploader',
    ],
    [
      'an unsigned report',
      bo,
      makeEvidence('investigation_report', 'bo1', { signedBy: null }),
      'an investigation report must be signed by the investigator who uploads it',
    ],
    [
      'a report signed by someone else',
      bo,
      makeEvidence('investigation_report', 'bo1', { signedBy: 'bo2' }),
      'an investigation report must be signed by the investigator who uploads it',
    ],
    [
      'a duplicate evidence id',
      bo,
      makeEvidence('seller_statement', 'bo1', { evidenceId: confirmation.evidenceId }),
      'this evidence is already attached',
    ],
    ['the same type under a new id', bo, makeEvidence('customer_confirmation', 'bo1', { evidenceId: 'ev-new' }), null],
  ])('%s → %j', (_label, actor, evidence, expected) => {
    expect(checkAttachEvidence(view, { actor, evidence })).toBe(expected);
  });
});

describe('checkRequestAssist', () => {
  it.each<[string, CaseView, CaseActor, string, string | null]>([
    ['assignee asks', makeView(), bo, 'call the customer', null],
    [
      'another back office user asks',
      makeView(),
      bo2,
      'call the customer',
      'only the assignee asks customer service for help',
    ],
    ['asked twice', makeView({ assistRequested: true }), bo, 'call again', 'an assist request is already open'],
    ['no note', makeView(), bo, '', 'note is required'],
    ['a blank note', makeView(), bo, '  \t ', 'note is required'],
  ])('%s → %j', (_label, view, actor, note, expected) => {
    expect(checkRequestAssist(view, { actor, kind: 'meeting', note })).toBe(expected);
  });
});

describe('checkRecordAssist', () => {
  it.each<[string, boolean, string, string | null]>([
    ['requested and recorded', true, 'customer confirmed', null],
    ['recorded without a request', false, 'customer confirmed', 'no assist was requested'],
    ['no result', true, '', 'result is required'],
    ['a blank result', true, '   ', 'result is required'],
  ])('%s → %j', (_label, assistRequested, result, expected) => {
    expect(checkRecordAssist(makeView({ assistRequested }), { actor: cs, result })).toBe(expected);
  });
});

describe('checkTakeOver', () => {
  it.each<[string, CaseView, CaseActor, string, string | null]>([
    ['from the back office assignee', makeView(), cs, 'customer insists', null],
    [
      'a distributed case nobody holds yet',
      makeView({ state: 'DISTRIBUTED', assigneeId: null, investigators: [] }),
      cs,
      'urgent',
      null,
    ],
    [
      'by the current assignee',
      makeView({ assigneeId: 'cs1', takenOverByCustomerService: true }),
      cs,
      'again',
      'you already hold this case',
    ],
    ['without a reason', makeView(), cs, '', 'reason is required'],
    ['with a blank reason', makeView(), cs, '   ', 'reason is required'],
  ])('%s → %j', (_label, view, actor, reason, expected) => {
    expect(checkTakeOver(view, { actor, reason })).toBe(expected);
  });
});

describe('checkReassign', () => {
  it.each<[string, CaseActor, string, string, string | null]>([
    ['team leader to another person', tl, 'bo2', 'bo1 is on leave', null],
    ['compliance to another person', cp, 'bo2', 'conflict of interest', null],
    ['to the same person', tl, 'bo1', 'no reason really', 'bo1 already holds this case'],
    ['without an assignee', tl, '', 'bo1 is on leave', 'assigneeId is required'],
    ['with a blank assignee', tl, '  ', 'bo1 is on leave', 'assigneeId is required'],
    ['without a reason', tl, 'bo2', '', 'reason is required'],
    ['with a blank reason', cp, 'bo2', ' ', 'reason is required'],
  ])('%s → %j', (_label, actor, assigneeId, reason, expected) => {
    expect(checkReassign(makeView(), { actor, assigneeId, reason })).toBe(expected);
  });
});

// ---- submit ----

describe('missingEvidence per outcome', () => {
  const REPORT = 'investigation_report signed by an investigator';
  const CONFIRMATION = 'customer_confirmation';
  const STATEMENT = 'seller_statement or institution_statement';
  const unsignedReport = makeEvidence('investigation_report', 'bo1', { signedBy: null });
  const outsiderReport = makeEvidence('investigation_report', 'x9', { signedBy: 'x9' });

  it.each<[CaseOutcome, string, EvidenceRef[], string[]]>([
    ['CLEARED', 'report + confirmation', [signedReport, confirmation], []],
    ['CLEARED', 'nothing', [], [REPORT, CONFIRMATION]],
    ['CLEARED', 'confirmation only', [confirmation], [REPORT]],
    ['CLEARED', 'report only', [signedReport], [CONFIRMATION]],
    ['CLEARED', 'unsigned report + confirmation', [unsignedReport, confirmation], [REPORT]],
    ['CLEARED', 'report signed by a non-investigator + confirmation', [outsiderReport, confirmation], [REPORT]],
    ['CLEARED', 'report + statement (no confirmation)', [signedReport, sellerStatement], [CONFIRMATION]],
    ['CORRECTED', 'report + confirmation', [signedReport, confirmation], []],
    ['CORRECTED', 'nothing', [], [REPORT, CONFIRMATION]],
    ['CORRECTED', 'confirmation only', [confirmation], [REPORT]],
    ['CORRECTED', 'report only', [signedReport], [CONFIRMATION]],
    ['CORRECTED', 'report signed by a non-investigator + confirmation', [outsiderReport, confirmation], [REPORT]],
    ['FALSE_INFO_CONFIRMED', 'report + seller statement', [signedReport, sellerStatement], []],
    ['FALSE_INFO_CONFIRMED', 'report + institution statement', [signedReport, institutionStatement], []],
    ['FALSE_INFO_CONFIRMED', 'report + confirmation (no statement)', [signedReport, confirmation], [STATEMENT]],
    ['FALSE_INFO_CONFIRMED', 'report + other', [signedReport, makeEvidence('other', 'bo1')], [STATEMENT]],
    // As implemented, every outcome also needs the signed report.
    ['FALSE_INFO_CONFIRMED', 'seller statement only', [sellerStatement], [REPORT]],
    ['FALSE_INFO_CONFIRMED', 'nothing', [], [REPORT, STATEMENT]],
  ])('%s with %s → %j', (outcome, _label, evidence, expected) => {
    expect(missingEvidence(makeView({ evidence }), makeSubmit(outcome))).toEqual(expected);
  });

  it('counts a report signed by any investigator, not only the assignee', () => {
    const view = makeView({
      investigators: ['bo1', 'cs1'],
      evidence: [makeEvidence('investigation_report', 'cs1'), confirmation],
    });
    expect(missingEvidence(view, makeSubmit('CLEARED'))).toEqual([]);
  });
});

describe('checkSubmit', () => {
  it.each<[string, CaseView, SubmitStep, string | null]>([
    ['CLEARED with its evidence', makeView({ evidence: [signedReport, confirmation] }), makeSubmit('CLEARED'), null],
    [
      'CORRECTED with its evidence',
      makeView({ evidence: [signedReport, confirmation] }),
      makeSubmit('CORRECTED'),
      null,
    ],
    [
      'FALSE_INFO_CONFIRMED with a seller statement',
      makeView({ evidence: [signedReport, sellerStatement] }),
      makeSubmit('FALSE_INFO_CONFIRMED'),
      null,
    ],
    [
      'FALSE_INFO_CONFIRMED with an institution statement',
      makeView({ evidence: [signedReport, institutionStatement] }),
      makeSubmit('FALSE_INFO_CONFIRMED'),
      null,
    ],
    [
      'customer service who took the case over',
      makeView({
        assigneeId: 'cs1',
        investigators: ['bo1', 'cs1'],
        takenOverByCustomerService: true,
        evidence: fullEvidence,
      }),
      makeSubmit('CLEARED', { actor: cs }),
      null,
    ],
    [
      'a back office user who is not the assignee',
      makeView({ evidence: fullEvidence }),
      makeSubmit('CLEARED', { actor: bo2 }),
      'only the assignee submits the result',
    ],
    [
      'customer service that is not the assignee',
      makeView({ evidence: fullEvidence }),
      makeSubmit('CLEARED', { actor: cs }),
      'only the assignee submits the result',
    ],
    ['no summary', makeView({ evidence: fullEvidence }), makeSubmit('CLEARED', { summary: '' }), 'summary is required'],
    [
      'a blank summary',
      makeView({ evidence: fullEvidence }),
      makeSubmit('CLEARED', { summary: '   ' }),
      'summary is required',
    ],
    [
      'CLEARED without evidence',
      makeView(),
      makeSubmit('CLEARED'),
      'evidence missing for CLEARED: investigation_report signed by an investigator, customer_confirmation',
    ],
    [
      'CLEARED without the confirmation',
      makeView({ evidence: [signedReport] }),
      makeSubmit('CLEARED'),
      'evidence missing for CLEARED: customer_confirmation',
    ],
    [
      'CORRECTED without the report',
      makeView({ evidence: [confirmation] }),
      makeSubmit('CORRECTED'),
      'evidence missing for CORRECTED: investigation_report signed by an investigator',
    ],
    [
      'FALSE_INFO_CONFIRMED without a statement',
      makeView({ evidence: [signedReport, confirmation] }),
      makeSubmit('FALSE_INFO_CONFIRMED'),
      'evidence missing for FALSE_INFO_CONFIRMED: seller_statement or institution_statement',
    ],
  ])('%s → %j', (_label, view, step, expected) => {
    expect(checkSubmit(view, step, TODAY)).toBe(expected);
  });

  describe('FALSE_INFO_CONFIRMED names the responsible seller or agency', () => {
    const view = makeView({ evidence: fullEvidence });
    const NEEDS = 'a FALSE_INFO_CONFIRMED outcome names the responsible seller or agency';

    it.each<[string, Partial<SubmitStep>, string | null]>([
      ['a seller', { responsibleSellerCode: 'S001' }, null],
      ['an agency', { responsibleSellerCode: undefined, responsibleAgencyCode: 'A01' }, null],
      ['both', { responsibleSellerCode: 'S001', responsibleAgencyCode: 'A01' }, null],
      ['neither', { responsibleSellerCode: undefined }, NEEDS],
      ['blank seller and agency', { responsibleSellerCode: '  ', responsibleAgencyCode: '' }, NEEDS],
    ])('%s → %j', (_label, overrides, expected) => {
      expect(checkSubmit(view, makeSubmit('FALSE_INFO_CONFIRMED', overrides), TODAY)).toBe(expected);
    });

    it('is checked before the evidence', () => {
      expect(
        checkSubmit(makeView(), makeSubmit('FALSE_INFO_CONFIRMED', { responsibleSellerCode: undefined }), TODAY),
      ).toBe(NEEDS);
    });
  });

  describe('corrections: each for a customer of the case, of an Art. 2 field, checked as intake checks it', () => {
    const view = makeView({ evidence: fullEvidence });
    const correction = (overrides: Partial<Correction>): Correction => ({
      customerId: 'C1',
      field: 'phone',
      oldValue: '13900139000',
      newValue: '13800138000',
      ...overrides,
    });
    const submit = (
      corrections: Correction[] | undefined,
      outcome: CaseOutcome = 'CORRECTED',
      overrides: Partial<SubmitStep> = {},
    ) => checkSubmit(view, makeSubmit(outcome, { corrections, ...overrides }), TODAY);

    it.each<[string, Correction, string | null]>([
      ['a valid phone', correction({}), null],
      ['a phone with separators', correction({ newValue: '+86 138-0013-8000' }), null],
      ['the second customer', correction({ customerId: 'C2' }), null],
      ['an invalid phone 123', correction({ newValue: '123' }), 'corrections[0].newValue is not a valid phone'],
      ['a bank account of digits', correction({ field: 'bankAccount', newValue: '6228 4804 0256 4890 018' }), null],
      [
        'a bank account with letters',
        correction({ field: 'bankAccount', newValue: '6228A80402564890018' }),
        'corrections[0].newValue is not a valid bankAccount',
      ],
      [
        'a bank account too short',
        correction({ field: 'bankAccount', newValue: '12345' }),
        'corrections[0].newValue is not a valid bankAccount',
      ],
      ['an address of 5 characters', correction({ field: 'address', newValue: '广州市天河' }), null],
      [
        'an address of 4 characters',
        correction({ field: 'address', newValue: 'abcd' }),
        'corrections[0].newValue is not a valid address',
      ],
      [
        'an address short once trimmed',
        correction({ field: 'address', newValue: '  abcd  ' }),
        'corrections[0].newValue is not a valid address',
      ],
      ['a name', correction({ field: 'name', oldValue: '张三', newValue: '张叁' }), null],
      ['a gender', correction({ field: 'gender', oldValue: 'M', newValue: 'f' }), null],
      [
        'a gender that is not M or F',
        correction({ field: 'gender', oldValue: 'M', newValue: 'X' }),
        'corrections[0].newValue is not a valid gender',
      ],
      ['a birth date', correction({ field: 'birthDate', oldValue: '1980-05-17', newValue: '1980-05-18' }), null],
      [
        'a birth date in the future',
        correction({ field: 'birthDate', oldValue: '1980-05-17', newValue: '2027-01-01' }),
        'corrections[0].newValue is not a valid birthDate',
      ],
      [
        'a birth date that does not exist',
        correction({ field: 'birthDate', oldValue: '1980-05-17', newValue: '1980-02-30' }),
        'corrections[0].newValue is not a valid birthDate',
      ],
      [
        'a resident ID',
        correction({
          field: 'idNumber',
          oldValue: '110105194912310021',
          newValue: '11010519491231002X',
          idType: 'RESIDENT_ID',
        }),
        null,
      ],
      [
        'a resident ID with a wrong check digit',
        correction({
          field: 'idNumber',
          oldValue: '110105194912310021',
          newValue: '110105194912310022',
          idType: 'RESIDENT_ID',
        }),
        'corrections[0].newValue is not a valid RESIDENT_ID number',
      ],
      [
        'an ID number without its type',
        correction({ field: 'idNumber', oldValue: '1', newValue: '11010519491231002X' }),
        'corrections[0].idType is required with an idNumber correction',
      ],
      [
        'an ID type on another field',
        correction({ idType: 'RESIDENT_ID' }),
        'corrections[0].idType only goes with an idNumber correction',
      ],
      [
        'a field outside Art. 2',
        correction({ field: 'email' as Correction['field'] }),
        'corrections[0].field must be one of name, gender, birthDate, idNumber, bankAccount, address, phone',
      ],
      [
        'a customer not in the case',
        correction({ customerId: 'C9' }),
        'corrections[0].customerId: customer C9 is not part of this case',
      ],
      ['an empty new value', correction({ newValue: '' }), 'corrections[0].newValue is required'],
      ['a blank new value', correction({ field: 'address', newValue: '     ' }), 'corrections[0].newValue is required'],
      ['a blank old value', correction({ oldValue: ' ' }), 'corrections[0].oldValue is required'],
    ])('%s → %j', (_label, c, expected) => {
      expect(submit([c])).toBe(expected);
    });

    it('names the correction that is wrong among several, and refuses one field corrected twice', () => {
      expect(
        submit([
          correction({}),
          correction({ field: 'address', newValue: '广州市天河区' }),
          correction({ customerId: 'C2', newValue: '1' }),
        ]),
      ).toBe('corrections[2].newValue is not a valid phone');
      expect(submit([correction({}), correction({ newValue: '13700137000' })])).toBe(
        'corrections[1].field: phone of customer C1 is corrected twice',
      );
      expect(
        submit([
          correction({}),
          correction({ customerId: 'C2' }),
          correction({ field: 'name', oldValue: '张三', newValue: '张叁' }),
        ]),
      ).toBeNull();
    });

    it('refuses CORRECTED without corrections', () => {
      const NEEDS = 'a CORRECTED outcome needs corrections (customer, field, old and new value)';
      expect(submit(undefined)).toBe(NEEDS);
      expect(submit([])).toBe(NEEDS);
    });

    it('FALSE_INFO_CONFIRMED records the true data unless the policy is cancelled', () => {
      expect(submit(undefined, 'FALSE_INFO_CONFIRMED')).toBe(
        'a FALSE_INFO_CONFIRMED outcome records the true data in corrections, unless the policy is cancelled (policyCancelled)',
      );
      expect(submit(undefined, 'FALSE_INFO_CONFIRMED', { policyCancelled: false })).toMatch(
        /unless the policy is cancelled/,
      );
      expect(submit(undefined, 'FALSE_INFO_CONFIRMED', { policyCancelled: true })).toBeNull();
      expect(submit([correction({})], 'FALSE_INFO_CONFIRMED')).toBeNull();
      expect(submit([correction({ newValue: '1' })], 'FALSE_INFO_CONFIRMED', { policyCancelled: true })).toBe(
        'corrections[0].newValue is not a valid phone',
      );
    });

    it('refuses corrections with CLEARED and policyCancelled with another outcome', () => {
      expect(submit([correction({})], 'CLEARED')).toBe('a CLEARED outcome corrects nothing; submit CORRECTED');
      expect(submit([correction({})], 'CORRECTED', { policyCancelled: true })).toBe(
        'policyCancelled goes only with FALSE_INFO_CONFIRMED',
      );
    });

    it('checks the corrections before the evidence', () => {
      expect(
        checkSubmit(makeView(), makeSubmit('CORRECTED', { corrections: [correction({ newValue: '123' })] }), TODAY),
      ).toBe('corrections[0].newValue is not a valid phone');
    });
  });
});

// ---- verification: separation of duties ----

describe('checkApprove / checkReject: whoever investigated may not verify', () => {
  const pending = makeView({ state: 'PENDING_APPROVAL', investigators: ['bo1', 'cs1'], evidence: fullEvidence });
  const SOD = 'whoever investigated or submitted a case may not verify it';

  it.each<[string, CaseActor, string | null]>([
    ['an independent compliance officer', cp, null],
    ['a compliance officer who was the assignee', makeActor('compliance', 'bo1'), SOD],
    ['a compliance officer who added evidence or assisted', makeActor('compliance', 'cs1'), SOD],
    ['a wildcard-scoped investigator', makeActor('compliance', 'bo1', { branches: ['*'], channels: ['*'] }), SOD],
  ])('approve by %s → %j', (_label, actor, expected) => {
    expect(checkApprove(pending, { actor, note: 'ok' })).toBe(expected);
  });

  it.each<[string, CaseActor, string | null]>([
    ['an independent compliance officer', cp, null],
    ['a compliance officer who was the assignee', makeActor('compliance', 'bo1'), SOD],
    ['a compliance officer who added evidence or assisted', makeActor('compliance', 'cs1'), SOD],
  ])('reject by %s → %j', (_label, actor, expected) => {
    expect(checkReject(pending, { actor, reason: 'incomplete' })).toBe(expected);
  });

  it('refuses an investigator before looking at the reason', () => {
    expect(checkReject(pending, { actor: makeActor('compliance', 'bo1'), reason: '' })).toBe(SOD);
  });
});

describe('checkReject: reason and newDueAt', () => {
  const pending = makeView({ state: 'PENDING_APPROVAL', evidence: fullEvidence });
  const BAD_DUE = 'newDueAt must be an ISO-8601 instant';

  it.each<[string, string, string | undefined, string | null]>([
    ['a reason, default deadline', 'incomplete', undefined, null],
    ['a reason and a UTC instant', 'incomplete', '2026-03-10T09:00:00Z', null],
    ['a reason and an offset instant', 'incomplete', '2026-03-10T17:00:00+08:00', null],
    ['no reason', '', undefined, 'reason is required'],
    ['a blank reason', '   ', '2026-03-10T09:00:00Z', 'reason is required'],
    ['a non-date newDueAt', 'incomplete', 'next week', BAD_DUE],
    ['an empty newDueAt', 'incomplete', '', BAD_DUE],
    ['month 13', 'incomplete', '2026-13-01T00:00:00Z', BAD_DUE],
    ['hour 25', 'incomplete', '2026-03-10T25:00:00Z', BAD_DUE],
  ])('%s → %j', (_label, reason, newDueAt, expected) => {
    expect(checkReject(pending, { actor: cp, reason, newDueAt })).toBe(expected);
  });

  // Date.parse alone is lenient ('1' is the year 2001, '2026-02-30' rolls over to March 2): all refused.
  it.each(['1', '2026/03/10', 'March 7, 2026', '2026-02-30T09:00:00Z'])('refuses newDueAt %j', (newDueAt) => {
    expect(checkReject(pending, { actor: cp, reason: 'incomplete', newDueAt })).toBe(BAD_DUE);
  });
});

// ---- deadlines ----

describe('earliestDue', () => {
  const INV = '2026-03-05T16:00:00Z';
  const REVISIT = '2026-03-08T16:00:00Z';
  const COOLING = '2026-03-10T16:00:00Z';
  const DISTRIBUTION = '2026-03-03T16:00:00Z';
  const all: Deadlines = {
    ...NO_DEADLINES,
    investigationDueAt: INV,
    reminderAt: '2026-03-05T01:00:00Z',
    revisitDeadlineAt: REVISIT,
    coolingOffEndsAt: COOLING,
  };

  it.each<[string, CaseState, Deadlines, string | null]>([
    ['investigation due while DISTRIBUTED', 'DISTRIBUTED', all, INV],
    ['investigation due while INVESTIGATING', 'INVESTIGATING', all, INV],
    ['no investigation due while OPEN', 'OPEN', all, REVISIT],
    ['the distribution deadline while OPEN', 'OPEN', { ...all, distributionDueAt: DISTRIBUTION }, DISTRIBUTION],
    ['no distribution deadline once distributed', 'DISTRIBUTED', { ...all, distributionDueAt: DISTRIBUTION }, INV],
    ['no investigation due while PENDING_APPROVAL', 'PENDING_APPROVAL', all, REVISIT],
    ['nothing while CLOSED', 'CLOSED', all, null],
    ['nothing while CLOSED even with one deadline', 'CLOSED', { ...NO_DEADLINES, coolingOffEndsAt: COOLING }, null],
    ['no deadlines at all', 'INVESTIGATING', NO_DEADLINES, null],
    [
      'only an investigation due, but PENDING_APPROVAL',
      'PENDING_APPROVAL',
      { ...NO_DEADLINES, investigationDueAt: INV },
      null,
    ],
    ['only the reminder (never a deadline)', 'INVESTIGATING', { ...NO_DEADLINES, reminderAt: INV }, null],
    [
      'the reminder is ignored even when earliest',
      'INVESTIGATING',
      { ...all, reminderAt: '2026-03-01T00:00:00Z' },
      INV,
    ],
    [
      'cooling-off earlier than the revisit deadline',
      'OPEN',
      { ...all, coolingOffEndsAt: '2026-03-07T00:00:00Z' },
      '2026-03-07T00:00:00Z',
    ],
    [
      'revisit deadline earlier than investigation',
      'INVESTIGATING',
      { ...all, revisitDeadlineAt: '2026-03-04T00:00:00Z' },
      '2026-03-04T00:00:00Z',
    ],
    ['only cooling-off', 'DISTRIBUTED', { ...NO_DEADLINES, coolingOffEndsAt: COOLING }, COOLING],
    // compared as instants, not strings: 09:00+08:00 is 01:00Z, before 02:00Z
    [
      'instants with different offsets',
      'INVESTIGATING',
      { ...NO_DEADLINES, investigationDueAt: '2026-03-05T02:00:00Z', revisitDeadlineAt: '2026-03-05T09:00:00+08:00' },
      '2026-03-05T09:00:00+08:00',
    ],
  ])('%s → %j', (_label, state, deadlines, expected) => {
    expect(earliestDue({ state, deadlines })).toBe(expected);
  });
});
