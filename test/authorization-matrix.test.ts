import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createOpenApiDocument } from '../apps/api/src/openapi';
import type { Role } from '../libs/contracts/src/roles';
import { bearer, startApi, startWorker, useOwnTaskQueue, validApplication } from './support';

/**
 * Every endpoint × every role × data in and out of the caller's scope, with the exact status each gets. The
 * matrix below is the specification, written by hand: an endpoint the API publishes that it does not list, or one
 * it lists that the API does not publish, fails the test.
 *
 * - A role outside `roles` gets 403 (the role guard runs before validation, so the probe's body does not matter).
 * - A role inside gets `inScope` with a token for every branch and channel, and `outOfScope` with a token for a
 *   branch that holds none of the fixtures (the same when omitted: data not scoped by branch).
 * - Changes are probed with a body holding an unknown field, which validation refuses (400) after the guard has
 *   let the role through: nothing is changed, so every role sees the same fixtures (the two steps that take no
 *   body answer by state instead). Case steps are also probed with a valid body out of scope, which must find
 *   nothing (404) rather than a state conflict.
 */
const ROLES: readonly Role[] = [
  'intake',
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'general_office',
  'auditor',
  'admin',
];
const ALL = ROLES;
const CASE_READERS: Role[] = [
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'auditor',
];
const DIRECTORY_READERS: Role[] = [
  'channel_manager',
  'admin',
  'compliance',
  'customer_service',
  'team_leader',
  'auditor',
];
const CONDUCT_READERS: Role[] = ['customer_service', 'compliance', 'channel_manager', 'general_office', 'auditor'];
const SANCTION_READERS: Role[] = ['compliance', 'channel_manager', 'general_office', 'auditor'];
const DETECTION_READERS: Role[] = ['customer_service', 'compliance', 'admin', 'auditor', 'channel_manager'];
const IMPORT_READERS: Role[] = ['intake', 'admin', 'compliance', 'auditor'];
const REPORT_READERS: Role[] = ['auditor', 'compliance', 'general_office', 'admin'];
const EVIDENCE_READERS: Role[] = ['back_office', 'customer_service', 'team_leader', 'compliance', 'auditor'];
const ACCESS_READERS: Role[] = [
  'intake',
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'auditor',
];

interface Fixtures {
  policyNumber: string;
  caseId: string;
  complaintId: string;
  reportId: string;
  sellerCode: string;
  agencyCode: string;
}

interface Probe {
  path: (f: Fixtures) => string;
  /** JSON body; a change's default is `{ unknownField: 1 }` (see above). */
  body?: unknown;
  roles: readonly Role[] | 'public';
  inScope: number;
  outOfScope?: number;
  /** Case steps: a valid body, out of scope, must answer this (404: nothing found, nothing revealed). */
  validOutOfScope?: { body: unknown; status: number };
  /** Data of every branch (the audit trail): in scope means a token for every branch; any narrower one is out. */
  wholeScope?: boolean;
}

const BOGUS = { unknownField: 1 };
const none = () => randomUUID();

const MATRIX: Record<string, Probe> = {
  'GET /api/health': { path: () => '/api/health', roles: 'public', inScope: 200 },
  'GET /api/auth/config': { path: () => '/api/auth/config', roles: 'public', inScope: 200 },

  // Intake and policies: by branch.
  'POST /api/policies': { path: () => '/api/policies', roles: ['intake'], inScope: 400 },
  'POST /api/policies/import': { path: () => '/api/policies/import', roles: ['intake', 'admin'], inScope: 415 },
  // Takes no body: it starts a re-check of the caller's backlog (an import of nothing new), in any scope.
  'POST /api/policies/recheck': { path: () => '/api/policies/recheck', roles: ['compliance', 'admin'], inScope: 202 },
  'GET /api/policies/{policyNumber}': {
    path: (f) => `/api/policies/${f.policyNumber}`,
    roles: ['intake', 'back_office', 'team_leader', 'customer_service', 'compliance', 'channel_manager', 'auditor'],
    inScope: 200,
    outOfScope: 404,
  },
  'PUT /api/policies/{policyNumber}': {
    path: (f) => `/api/policies/${f.policyNumber}`,
    roles: ['intake'],
    inScope: 400,
  },
  'PUT /api/policies/{policyNumber}/beneficiaries': {
    path: (f) => `/api/policies/${f.policyNumber}/beneficiaries`,
    roles: ['intake'],
    inScope: 400,
  },
  // Inquiries: only customer service asks; a malformed body is a 400 for it in any scope (matching comes after).
  'POST /api/inquiries': { path: () => '/api/inquiries', roles: ['customer_service'], inScope: 400 },
  'POST /api/policies/{policyNumber}/receipt': {
    path: (f) => `/api/policies/${f.policyNumber}/receipt`,
    roles: ['intake', 'customer_service'],
    inScope: 400,
  },
  'GET /api/imports/{id}': { path: () => `/api/imports/${none()}`, roles: IMPORT_READERS, inScope: 404 },
  'GET /api/imports/{id}/report': { path: () => `/api/imports/${none()}/report`, roles: IMPORT_READERS, inScope: 404 },
  'POST /api/payer-exceptions': { path: () => '/api/payer-exceptions', roles: ['compliance'], inScope: 400 },

  // Cases: by branch and channel.
  'GET /api/cases': { path: () => '/api/cases', roles: CASE_READERS, inScope: 200, outOfScope: 200 },
  'POST /api/cases': { path: () => '/api/cases', roles: ['customer_service', 'compliance'], inScope: 400 },
  'GET /api/cases/{id}': { path: (f) => `/api/cases/${f.caseId}`, roles: CASE_READERS, inScope: 200, outOfScope: 404 },
  ...caseStep('approve', ['compliance'], { note: 'ok' }),
  ...caseStep('assign', ['team_leader'], { assigneeId: 'someone' }),
  // Takes no body: an OPEN case cannot be claimed (409), and one out of scope is not found.
  'POST /api/cases/{id}/claim': {
    path: (f) => `/api/cases/${f.caseId}/claim`,
    roles: ['back_office'],
    inScope: 409,
    outOfScope: 404,
  },
  ...caseStep('distribute', ['customer_service'], {}),
  ...caseStep('reassign', ['team_leader', 'compliance'], { assigneeId: 'someone', reason: 'away' }),
  ...caseStep('record-assist', ['customer_service'], { result: 'called the customer' }),
  ...caseStep('reject', ['compliance'], { reason: 'missing proof' }),
  ...caseStep('request-assist', ['back_office'], { kind: 'phone_revisit', note: 'please call' }),
  ...caseStep('submit', ['back_office', 'customer_service'], { outcome: 'CLEARED', summary: 'fine' }),
  ...caseStep('take-over', ['customer_service'], { reason: 'clerk away' }),
  'POST /api/cases/{id}/evidence': {
    path: (f) => `/api/cases/${f.caseId}/evidence`,
    roles: ['back_office', 'customer_service', 'team_leader'],
    inScope: 400,
  },
  'GET /api/cases/{id}/evidence/{eid}': {
    path: (f) => `/api/cases/${f.caseId}/evidence/${none()}`,
    roles: EVIDENCE_READERS,
    inScope: 404,
  },
  'GET /api/cases/{id}/evidence/{eid}/verify': {
    path: (f) => `/api/cases/${f.caseId}/evidence/${none()}/verify`,
    roles: EVIDENCE_READERS,
    inScope: 404,
  },
  'GET /api/me/tasks': {
    path: () => '/api/me/tasks',
    roles: ['back_office', 'team_leader', 'customer_service', 'compliance'],
    inScope: 200,
  },
  'GET /api/me/notifications': {
    path: () => '/api/me/notifications',
    roles: ['back_office', 'team_leader', 'customer_service', 'compliance', 'channel_manager', 'auditor'],
    inScope: 200,
  },
  'GET /api/dashboard': {
    path: () => '/api/dashboard',
    roles: ['compliance', 'channel_manager', 'team_leader', 'customer_service', 'general_office', 'admin', 'auditor'],
    inScope: 200,
    outOfScope: 200,
  },

  // Detection.
  'POST /api/detection/runs': { path: () => '/api/detection/runs', roles: ['customer_service', 'admin'], inScope: 400 },
  'GET /api/detection/runs': { path: () => '/api/detection/runs', roles: DETECTION_READERS, inScope: 200 },
  'GET /api/detection/runs/{id}': {
    path: () => `/api/detection/runs/${none()}`,
    roles: DETECTION_READERS,
    inScope: 404,
  },
  'GET /api/detection/runs/{id}/findings': {
    path: () => `/api/detection/runs/${none()}/findings`,
    roles: DETECTION_READERS,
    inScope: 404,
  },

  // Directory, staff, calendar, area codes.
  'GET /api/sellers': { path: () => '/api/sellers', roles: DIRECTORY_READERS, inScope: 200 },
  'POST /api/sellers': { path: () => '/api/sellers', roles: ['channel_manager', 'admin'], inScope: 400 },
  'POST /api/sellers/import': { path: () => '/api/sellers/import', roles: ['channel_manager', 'admin'], inScope: 415 },
  'GET /api/sellers/{code}': {
    path: (f) => `/api/sellers/${f.sellerCode}`,
    roles: DIRECTORY_READERS,
    inScope: 200,
    outOfScope: 404,
  },
  'PUT /api/sellers/{code}': {
    path: (f) => `/api/sellers/${f.sellerCode}`,
    roles: ['channel_manager', 'admin'],
    inScope: 400,
  },
  'GET /api/agencies': { path: () => '/api/agencies', roles: DIRECTORY_READERS, inScope: 200 },
  'POST /api/agencies': { path: () => '/api/agencies', roles: ['channel_manager', 'admin'], inScope: 400 },
  'POST /api/agencies/import': {
    path: () => '/api/agencies/import',
    roles: ['channel_manager', 'admin'],
    inScope: 415,
  },
  'GET /api/agencies/{code}': {
    path: (f) => `/api/agencies/${f.agencyCode}`,
    roles: DIRECTORY_READERS,
    inScope: 200,
    outOfScope: 404,
  },
  'PUT /api/agencies/{code}': {
    path: (f) => `/api/agencies/${f.agencyCode}`,
    roles: ['channel_manager', 'admin'],
    inScope: 400,
  },
  'GET /api/staff': { path: () => '/api/staff', roles: ['admin', 'compliance', 'team_leader'], inScope: 200 },
  'PUT /api/staff/{userId}': { path: () => '/api/staff/someone', roles: ['admin'], inScope: 400 },
  'GET /api/calendar/{year}': { path: () => '/api/calendar/2026', roles: ALL, inScope: 200 },
  'PUT /api/calendar/{year}': { path: () => '/api/calendar/2026', roles: ['admin'], inScope: 400 },
  'PATCH /api/calendar/days/{date}': { path: () => '/api/calendar/days/2026-12-31', roles: ['admin'], inScope: 400 },
  'GET /api/area-codes/{code}': { path: () => '/api/area-codes/440106', roles: ALL, inScope: 200 },
  'PUT /api/area-codes/{code}': { path: () => '/api/area-codes/440106', roles: ['admin'], inScope: 400 },
  'POST /api/temporal/codec/encode': {
    path: () => '/api/temporal/codec/encode',
    roles: ['admin', 'compliance'],
    inScope: 400,
  },
  'POST /api/temporal/codec/decode': {
    path: () => '/api/temporal/codec/decode',
    roles: ['admin', 'compliance'],
    inScope: 400,
  },

  // Conduct: complaints, campaigns, re-checks, penalties, incidents, referrals.
  'POST /api/complaints': { path: () => '/api/complaints', roles: ['customer_service'], inScope: 400 },
  'GET /api/complaints': { path: () => '/api/complaints', roles: CONDUCT_READERS, inScope: 200, outOfScope: 200 },
  'GET /api/complaints/{id}': {
    path: (f) => `/api/complaints/${f.complaintId}`,
    roles: CONDUCT_READERS,
    inScope: 200,
    outOfScope: 404,
  },
  'POST /api/complaints/{id}/attachments': {
    path: (f) => `/api/complaints/${f.complaintId}/attachments`,
    roles: ['customer_service', 'compliance'],
    inScope: 400,
    outOfScope: 404, // the complaint is looked up before the file is read
  },
  'GET /api/complaints/{id}/attachments/{aid}': {
    path: (f) => `/api/complaints/${f.complaintId}/attachments/${none()}`,
    roles: CONDUCT_READERS,
    inScope: 404,
  },
  'POST /api/complaints/{id}/verify': {
    path: (f) => `/api/complaints/${f.complaintId}/verify`,
    roles: ['customer_service', 'compliance'],
    inScope: 400,
  },
  'GET /api/campaigns': { path: () => '/api/campaigns', roles: CONDUCT_READERS, inScope: 200 },
  'GET /api/campaigns/{id}': { path: () => `/api/campaigns/${none()}`, roles: CONDUCT_READERS, inScope: 404 },
  'GET /api/recheck-tasks': { path: () => '/api/recheck-tasks', roles: CONDUCT_READERS, inScope: 200 },
  'POST /api/recheck-tasks/{id}/complete': {
    path: () => `/api/recheck-tasks/${none()}/complete`,
    roles: ['customer_service'],
    inScope: 400,
  },
  'GET /api/sellers/{code}/conduct': {
    path: (f) => `/api/sellers/${f.sellerCode}/conduct`,
    roles: CONDUCT_READERS,
    inScope: 200,
    outOfScope: 404,
  },
  'GET /api/agencies/{code}/conduct': {
    path: (f) => `/api/agencies/${f.agencyCode}/conduct`,
    roles: CONDUCT_READERS,
    inScope: 200,
    outOfScope: 404,
  },
  'POST /api/penalties': { path: () => '/api/penalties', roles: ['channel_manager'], inScope: 400 },
  'GET /api/penalties': { path: () => '/api/penalties', roles: SANCTION_READERS, inScope: 200 },
  'GET /api/penalty-proposals': { path: () => '/api/penalty-proposals', roles: SANCTION_READERS, inScope: 200 },
  'POST /api/agency-incidents': {
    path: () => '/api/agency-incidents',
    roles: ['compliance', 'channel_manager'],
    inScope: 400,
  },
  'GET /api/agency-incidents': { path: () => '/api/agency-incidents', roles: SANCTION_READERS, inScope: 200 },
  'POST /api/referrals': { path: () => '/api/referrals', roles: ['compliance'], inScope: 400 },
  'GET /api/referrals': { path: () => '/api/referrals', roles: SANCTION_READERS, inScope: 200 },
  'POST /api/referrals/{id}/decision': {
    path: () => `/api/referrals/${none()}/decision`,
    roles: ['compliance'],
    inScope: 400,
  },

  // Quarterly reports: by branch.
  'GET /api/reports': { path: () => '/api/reports', roles: REPORT_READERS, inScope: 200, outOfScope: 200 },
  'POST /api/reports': { path: () => '/api/reports', roles: ['general_office', 'compliance'], inScope: 400 },
  'GET /api/reports/{id}': {
    path: (f) => `/api/reports/${f.reportId}`,
    roles: REPORT_READERS,
    inScope: 200,
    outOfScope: 404,
  },
  'POST /api/reports/{id}/corrections': {
    path: (f) => `/api/reports/${f.reportId}/corrections`,
    roles: ['general_office', 'compliance'],
    inScope: 400,
  },
  'POST /api/reports/{id}/filed': {
    path: (f) => `/api/reports/${f.reportId}/filed`,
    roles: ['general_office'],
    inScope: 400,
  },
  // The audit trail spans every branch: a reader whose scope is narrower is refused.
  'GET /api/audit': {
    path: () => '/api/audit',
    roles: ['auditor', 'compliance'],
    wholeScope: true,
    inScope: 200,
    outOfScope: 403,
  },
  'GET /api/audit/verify': {
    path: () => '/api/audit/verify',
    roles: ['auditor', 'compliance'],
    wholeScope: true,
    inScope: 200,
    outOfScope: 403,
  },

  // Loans and incidents (doc 4): every role borrows and reports; a loan or incident that does not exist is not found.
  'GET /api/loans': { path: () => '/api/loans', roles: ALL, inScope: 200 },
  'POST /api/loans/{id}/return': {
    path: () => `/api/loans/${none()}/return`,
    body: {},
    roles: ALL,
    inScope: 404,
  },
  'POST /api/incidents': { path: () => '/api/incidents', roles: ALL, inScope: 400 },
  'GET /api/incidents': { path: () => '/api/incidents', roles: ['compliance', 'auditor'], inScope: 200 },
  'POST /api/incidents/{id}/lift': {
    path: () => `/api/incidents/${none()}/lift`,
    body: { reason: 'matrix' },
    roles: ['compliance'],
    inScope: 404,
  },

  // Access requests and confidentiality levels (doc 4): readers ask, customer service and compliance decide.
  'POST /api/access-requests': { path: () => '/api/access-requests', roles: ACCESS_READERS, inScope: 400 },
  'GET /api/access-requests': { path: () => '/api/access-requests', roles: ACCESS_READERS, inScope: 200 },
  'POST /api/access-requests/{id}/approve': {
    path: () => `/api/access-requests/${none()}/approve`,
    body: {},
    roles: ['customer_service', 'compliance'],
    inScope: 404,
  },
  'POST /api/access-requests/{id}/reject': {
    path: () => `/api/access-requests/${none()}/reject`,
    body: { reason: 'matrix' },
    roles: ['customer_service', 'compliance'],
    inScope: 404,
  },
  // Retention: compliance holds policies; compliance and audit read what was destroyed.
  'POST /api/legal-holds': { path: () => '/api/legal-holds', roles: ['compliance'], inScope: 400 },
  'GET /api/legal-holds': { path: () => '/api/legal-holds', roles: ['compliance', 'auditor'], inScope: 200 },
  'POST /api/legal-holds/{id}/lift': {
    path: () => `/api/legal-holds/${none()}/lift`,
    body: {},
    roles: ['compliance'],
    inScope: 404,
  },
  'GET /api/destruction-log': { path: () => '/api/destruction-log', roles: ['compliance', 'auditor'], inScope: 200 },
  'PUT /api/policies/{policyNumber}/confidentiality': {
    path: (f) => `/api/policies/${f.policyNumber}/confidentiality`,
    roles: ['compliance'],
    inScope: 400,
  },
  'PUT /api/cases/{id}/evidence/{eid}/confidentiality': {
    path: (f) => `/api/cases/${f.caseId}/evidence/${none()}/confidentiality`,
    body: { level: 'normal', reason: 'matrix' },
    roles: ['compliance'],
    inScope: 404,
  },
};

function caseStep(step: string, roles: Role[], valid: unknown): Record<string, Probe> {
  return {
    [`POST /api/cases/{id}/${step}`]: {
      path: (f) => `/api/cases/${f.caseId}/${step}`,
      roles,
      inScope: 400,
      validOutOfScope: { body: valid, status: 404 },
    },
  };
}

describe('the authorisation matrix: every endpoint × every role × in and out of scope', () => {
  let app: INestApplication;
  let worker: { stop: () => Promise<void> };
  const fixtures = {} as Fixtures;
  const server = () => request(app.getHttpServer());
  const inScope = (role: Role) => bearer(role, { user: `${role}-in`, branches: ['GZ01'], channels: ['*'] });
  const outOfScope = (role: Role) => bearer(role, { user: `${role}-out`, branches: ['ZZ99'], channels: ['*'] });

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    app = await startApi();
    worker = await startWorker(queue);
    fixtures.sellerCode = 'S-AUTHZ';
    fixtures.agencyCode = 'AG-AUTHZ';
    await server()
      .post('/api/agencies')
      .set('Authorization', bearer('channel_manager'))
      .send({ code: fixtures.agencyCode, name: '授权矩阵代理', channel: 'agency', branchCode: 'GZ01' })
      .expect(201);
    await server()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: fixtures.sellerCode,
        name: '矩阵',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
    const application = validApplication({ sellerCode: fixtures.sellerCode });
    await server().post('/api/policies').set('Authorization', bearer('intake')).send(application).expect(201);
    fixtures.policyNumber = application.policyNumber;
    const opened = await server()
      .post('/api/cases')
      .set('Authorization', bearer('compliance'))
      .send({ policyNumber: fixtures.policyNumber, rule: 'MANUAL', note: 'matrix' })
      .expect(201);
    fixtures.caseId = opened.body.caseId;
    const complaint = await server()
      .post('/api/complaints')
      .set('Authorization', bearer('customer_service'))
      .send({
        sellerCode: fixtures.sellerCode,
        policyNumber: fixtures.policyNumber,
        kind: 'other',
        receivedDate: '2026-11-02',
        channel: 'phone',
        summary: '矩阵测试投诉',
      })
      .expect(201);
    fixtures.complaintId = complaint.body.id;
    const report = await server()
      .post('/api/reports')
      .set('Authorization', bearer('general_office', { branches: ['GZ01'] }))
      .send({ quarter: '2026Q3', branchCode: 'GZ01' })
      .expect(201);
    fixtures.reportId = report.body.id;
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  it('lists every endpoint the API publishes, and only those', () => {
    const document = createOpenApiDocument(app);
    const published = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // The local sign-in exists only without an identity provider; its two routes are checked by local-sign-in.test.
    const local = ['GET /api/auth/local/users', 'POST /api/auth/local/sign-in'];
    expect(published.filter((op) => !local.includes(op)).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([op, probe]) => ROLES.map((role) => [op, role, probe] as const));

  it.each(cases)('%s as %s', async (op, role, probe) => {
    const method = op.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const send = (token: string, body?: unknown) => {
      const req = server()[method](probe.path(fixtures)).set('Authorization', token);
      const payload = body ?? probe.body ?? (method === 'get' ? undefined : BOGUS);
      return payload === undefined ? req : req.send(payload as object);
    };
    const allowed = probe.roles === 'public' || probe.roles.includes(role);
    const inside = probe.wholeScope ? bearer(role, { user: `${role}-all` }) : inScope(role);
    const seen = {
      inScope: (await send(inside)).status,
      outOfScope: (await send(outOfScope(role))).status,
      validOutOfScope: probe.validOutOfScope
        ? (await send(outOfScope(role), probe.validOutOfScope.body)).status
        : undefined,
    };
    const expected = allowed
      ? {
          inScope: probe.inScope,
          outOfScope: probe.outOfScope ?? probe.inScope,
          validOutOfScope: probe.validOutOfScope?.status,
        }
      : { inScope: 403, outOfScope: 403, validOutOfScope: probe.validOutOfScope ? 403 : undefined };
    expect({ op, role, ...seen }).toEqual({ op, role, ...expected });
  });

  // A file download answers as its JSON view does, and each one given out is a loan named in X-Verity-Loan.
  it.each(ROLES)('a report downloaded as XLSX as %s keeps its statuses and carries the loan header', async (role) => {
    const get = (token: string) =>
      server().get(`/api/reports/${fixtures.reportId}`).query({ format: 'xlsx' }).set('Authorization', token);
    const [inside, outside] = [await get(inScope(role)), await get(outOfScope(role))];
    const allowed = REPORT_READERS.includes(role);
    expect({ role, inScope: inside.status, outOfScope: outside.status }).toEqual({
      role,
      inScope: allowed ? 200 : 403,
      outOfScope: allowed ? 404 : 403,
    });
    expect(inside.headers['x-verity-loan'] !== undefined).toBe(allowed);
    expect(outside.headers['x-verity-loan']).toBeUndefined();
  });

  it('refuses every protected endpoint without a token (401) and with a forged one (401)', async () => {
    const forged = `Bearer ${inScope('admin').slice('Bearer '.length, -4)}AAAA`;
    for (const [op, probe] of Object.entries(MATRIX)) {
      if (probe.roles === 'public') continue;
      const method = op.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const path = probe.path(fixtures);
      const anonymous = await server()[method](path);
      const tampered = await server()[method](path).set('Authorization', forged);
      expect({ op, anonymous: anonymous.status, tampered: tampered.status }).toEqual({
        op,
        anonymous: 401,
        tampered: 401,
      });
    }
  });
});
