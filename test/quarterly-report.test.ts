import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ensureReportSchedule } from '../apps/worker/src/report-schedule';
import type { QuarterlyReportData, ReportScheduleResult } from '../libs/contracts/src/report.contract';
import {
  QUARTERLY_REPORT_WORKFLOW_TYPE,
  REPORT_SCHEDULE_ID,
  REPORT_SCHEDULE_WORKFLOW_TYPE,
  REPORT_TITLE_ZH,
} from '../libs/contracts/src/report.contract';
import { branchToday } from '../libs/domain/src/calendar/working-calendar';
import { quarterOfDate } from '../libs/domain/src/report/quarter';
import { hashOf } from '../libs/persistence/src/audit/audit-log';
import { temporalDataConverter } from '../libs/temporal/src';
import { bearer, startApi, startWorker, useOwnTaskQueue } from './support';
import { ensureCommand } from './support/debian-packages';

/**
 * The quarterly report (Art. 22, 23) over rows planted straight into the tables it summarises (cases, case_events,
 * findings, sellers, agencies, incidents, penalties, referrals, campaigns): closings and escalations months ago
 * cannot be made by workflows within a test. Quarter 2026Q3 is [2026-07-01, 2026-10-01) in Asia/Shanghai; rows a
 * second either side of it are planted to show they stay out.
 */
const B = 'RQ01';
const OTHER = 'RQ02';
const Q = '2026Q3';

/** An instant given in Shanghai local time. */
const at = (local: string) => new Date(`${local}+08:00`).toISOString();

type Binary = { body: Buffer; headers: Record<string, string>; status: number };

describe('the quarterly report (real PostgreSQL and Temporal)', () => {
  let app: INestApplication;
  let db: DataSource;
  const api = () => request(app.getHttpServer());
  const office = bearer('general_office', { user: 'go-rq', branches: [B] });
  const compliance = bearer('compliance', { user: 'cp-rq', branches: [B] });
  const auditor = bearer('auditor', { user: 'au-rq' });
  const otherOffice = bearer('general_office', { user: 'go-other', branches: [OTHER] });

  async function kase(opts: {
    id: string;
    branch?: string;
    channel?: string;
    state?: string;
    outcome?: string;
    openedAt: string;
    closedAt?: string;
    seller?: string;
    agency?: string;
    events?: Array<[type: string, at: string]>;
  }): Promise<void> {
    const branch = opts.branch ?? B;
    const channel = opts.channel ?? 'agency';
    const state = opts.state ?? (opts.closedAt ? 'CLOSED' : 'INVESTIGATING');
    const view =
      opts.outcome === 'FALSE_INFO_CONFIRMED'
        ? {
            submission: {
              outcome: opts.outcome,
              summary: 'false phone',
              responsibleSellerCode: opts.seller,
              responsibleAgencyCode: opts.agency,
              submittedBy: 'bo',
            },
          }
        : {};
    await db.query(
      `INSERT INTO cases (case_id, finding_key, rule, state, channel, branch_code, outcome, policy_numbers, view, seq,
         opened_at, updated_at, closed_at, scope_keys, escalated, cooling_off_breached)
       VALUES ($1, $1, 'SHARED_PHONE', $2, $3, $4, $5, '{}', $6, 1, $7, $7, $8, ARRAY[$4 || '/' || $3], $9, $10)`,
      [
        opts.id,
        state,
        channel,
        branch,
        opts.outcome ?? null,
        JSON.stringify(view),
        opts.openedAt,
        opts.closedAt ?? null,
        (opts.events ?? []).some(([t]) => t.includes('ESCALATED')),
        (opts.events ?? []).some(([t]) => t === 'COOLING_OFF_BREACHED'),
      ],
    );
    for (const [i, [type, when]] of [['OPENED', opts.openedAt] as [string, string], ...(opts.events ?? [])].entries()) {
      await db.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, detail) VALUES ($1, $2, $3, 'system', $4, '{}')`,
        [opts.id, i + 1, type, when],
      );
    }
  }

  async function detectionRun(
    businessDate: string,
    status: string,
    findings: Array<{ key: string; rule: string; channel?: string; branch?: string }>,
  ): Promise<void> {
    const runId = randomUUID();
    await db.query(
      `INSERT INTO detection_runs (id, trigger, full_scan, status, watermark_to, business_date) VALUES ($1, 'schedule', false, $2, now(), $3)`,
      [runId, status, businessDate],
    );
    for (const f of findings) {
      await db.query(
        `INSERT INTO findings (finding_key, rule, cluster_ref, generation, customer_ids, policy_numbers, channel, branch_code, first_run_id, last_run_id)
         VALUES ($1, $2, $1, 1, '{}', '{}', $3, $4, $5, $5) ON CONFLICT (finding_key) DO UPDATE SET last_run_id = EXCLUDED.last_run_id`,
        [f.key, f.rule, f.channel ?? 'agency', f.branch ?? B, runId],
      );
      await db.query(`INSERT INTO run_findings (run_id, finding_key, change) VALUES ($1, $2, 'new')`, [runId, f.key]);
    }
  }

  async function penalty(p: {
    id: string;
    kind: string;
    subject: ['seller' | 'agency', string];
    amount?: string;
    decidedAt: string;
    caseIds?: string[];
    branch?: string;
  }): Promise<void> {
    await db.query(
      `INSERT INTO penalties (id, subject_kind, subject_code, channel, branch_code, kind, amount, assessment_period, reason, case_ids, decided_by, decided_at)
       VALUES ($1, $2, $3, 'agency', $4, $5, $6, '2026Q3', '代填客户电话', $7, 'cm-rq', $8)`,
      [p.id, p.subject[0], p.subject[1], p.branch ?? B, p.kind, p.amount ?? null, p.caseIds ?? [], p.decidedAt],
    );
  }

  async function binary(url: string, auth: string): Promise<Binary> {
    const res = await api()
      .get(url)
      .set('Authorization', auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return { body: res.body as Buffer, headers: res.headers as Record<string, string>, status: res.status };
  }

  const pdfText = (pdf: Buffer): string => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'verity-report-')), 'report.pdf');
    writeFileSync(file, pdf);
    ensureCommand('pdftotext', 'poppler-utils', 'reading the report PDF back');
    const out = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    if (out.error) throw new Error(`pdftotext failed to start: ${out.error.message}`);
    if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`);
    return out.stdout;
  };

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);

    await db.query(
      `INSERT INTO agencies (code, name, channel, branch_code) VALUES
         ('AG-RQ1', '广州诚信保险代理有限公司', 'intermediary', $1), ('AG-RQ2', '羊城保险经纪有限公司', 'intermediary', $1)`,
      [B],
    );
    await db.query(
      `INSERT INTO sellers (code, name, kind, channel, branch_code, agency_code, qualified_on) VALUES
         ('S-RQ1', '欧阳娜娜', 'agent', 'agency', $1, 'AG-RQ1', '2024-01-01'),
         ('S-RQ2', '李四', 'agent', 'agency', $2, NULL, '2024-01-01')`,
      [B, OTHER],
    );

    // Closed in the quarter: cleared on time; corrected after missing the investigation deadline; two false-data
    // cases naming 欧阳娜娜 (one also her agency, one escalated only for late distribution).
    await kase({
      id: 'case-rq-c1',
      openedAt: at('2026-07-02T09:00:00'),
      closedAt: at('2026-07-10T10:00:00'),
      outcome: 'CLEARED',
    });
    await kase({
      id: 'case-rq-c2',
      openedAt: at('2026-07-05T09:00:00'),
      closedAt: at('2026-07-20T10:00:00'),
      outcome: 'CORRECTED',
      events: [['ESCALATED', at('2026-07-09T00:00:00')]],
    });
    await kase({
      id: 'case-rq-c3',
      openedAt: at('2026-07-06T09:00:00'),
      closedAt: at('2026-08-01T10:00:00'),
      outcome: 'FALSE_INFO_CONFIRMED',
      seller: 'S-RQ1',
      agency: 'AG-RQ1',
      events: [['DISTRIBUTION_ESCALATED', at('2026-07-08T00:00:00')]],
    });
    await kase({
      id: 'case-rq-c4',
      openedAt: at('2026-08-02T09:00:00'),
      closedAt: at('2026-09-01T10:00:00'),
      outcome: 'FALSE_INFO_CONFIRMED',
      seller: ' S-RQ1 ',
    });
    // Bancassurance: one still open, escalated and past its cooling-off; one closed at the quarter's last second
    // naming a seller code the directory does not know.
    await kase({
      id: 'case-rq-c5',
      channel: 'bancassurance',
      openedAt: at('2026-08-10T09:00:00'),
      events: [
        ['ESCALATED', at('2026-08-15T00:00:00')],
        ['COOLING_OFF_BREACHED', at('2026-08-25T00:00:00')],
      ],
    });
    await kase({
      id: 'case-rq-c6',
      channel: 'bancassurance',
      openedAt: at('2026-09-01T09:00:00'),
      closedAt: at('2026-09-30T23:59:59'),
      outcome: 'FALSE_INFO_CONFIRMED',
      seller: 'S-GHOST',
    });
    // Opened the second before the quarter and closed the second after it: in no figure, in no list.
    await kase({
      id: 'case-rq-c7',
      openedAt: at('2026-06-30T23:59:59'),
      closedAt: at('2026-10-01T00:00:00'),
      outcome: 'FALSE_INFO_CONFIRMED',
      seller: 'S-RQ2',
    });
    // Opened and escalated in Q2, closed in Q3: closed but not within the SLA, not escalated this quarter.
    await kase({
      id: 'case-rq-c8',
      openedAt: at('2026-06-01T09:00:00'),
      closedAt: at('2026-07-03T10:00:00'),
      outcome: 'CLEARED',
      events: [['ESCALATED', at('2026-06-05T00:00:00')]],
    });
    // Opened in Q3, escalated in Q4.
    await kase({
      id: 'case-rq-c9',
      openedAt: at('2026-09-20T09:00:00'),
      events: [['ESCALATED', at('2026-10-02T00:00:00')]],
    });
    // Another branch.
    await kase({
      id: 'case-rq-c10',
      branch: OTHER,
      openedAt: at('2026-07-02T09:00:00'),
      closedAt: at('2026-07-30T10:00:00'),
      outcome: 'FALSE_INFO_CONFIRMED',
      seller: 'S-RQ2',
    });

    await detectionRun('2026-07-15', 'COMPLETED', [
      { key: 'SHARED_PHONE:rq-a:1', rule: 'SHARED_PHONE' },
      { key: 'SHARED_PHONE:rq-b:1', rule: 'SHARED_PHONE' },
      { key: 'THIRD_PARTY_PAYER:rq-c:1', rule: 'THIRD_PARTY_PAYER', channel: 'bancassurance' },
      { key: 'SHARED_PHONE:rq-other:1', rule: 'SHARED_PHONE', branch: OTHER },
    ]);
    await detectionRun('2026-09-30', 'COMPLETED', [
      { key: 'SHARED_PHONE:rq-a:1', rule: 'SHARED_PHONE' }, // grown: counted once
      { key: 'SHARED_BANK_ACCOUNT:rq-d:1', rule: 'SHARED_BANK_ACCOUNT' },
    ]);
    await detectionRun('2026-10-01', 'COMPLETED', [{ key: 'ID_CONFLICT:rq-e:1', rule: 'ID_CONFLICT' }]);
    await detectionRun('2026-08-01', 'FAILED', [{ key: 'RECHECK_FAILED:rq-f:1', rule: 'RECHECK_FAILED' }]);

    await db.query(
      `INSERT INTO agency_incidents (id, agency_code, channel, branch_code, kind, description, case_ids, recorded_by, recorded_at) VALUES
         ('00000000-0000-4000-8000-00000000a001', 'AG-RQ1', 'intermediary', $1, 'refused_true_data', '拒绝提供投保人真实联系电话', '{case-rq-c2}', 'cp-rq', $2),
         ('00000000-0000-4000-8000-00000000a002', 'AG-RQ2', 'intermediary', $1, 'provided_false_data', '提供虚假通讯地址', '{case-x,case-a,case-x}', 'cp-rq', $3),
         ('00000000-0000-4000-8000-00000000a003', 'AG-RQ1', 'intermediary', $1, 'provided_false_data', '十月的事件', '{}', 'cp-rq', $4)`,
      [B, at('2026-07-21T10:00:00'), at('2026-09-02T10:00:00'), at('2026-10-01T00:00:00')],
    );

    await penalty({
      id: '00000000-0000-4000-8000-00000000b001',
      kind: 'commission_deduction',
      subject: ['seller', 'S-RQ1'],
      amount: '5000',
      decidedAt: at('2026-08-05T15:00:00'),
      caseIds: ['case-rq-c3'],
    });
    await penalty({
      id: '00000000-0000-4000-8000-00000000b002',
      kind: 'warning',
      subject: ['agency', 'AG-RQ2'],
      decidedAt: at('2026-09-15T15:00:00'),
    });
    await penalty({
      id: '00000000-0000-4000-8000-00000000b003',
      kind: 'warning',
      subject: ['seller', 'S-RQ1'],
      decidedAt: at('2026-06-30T23:00:00'),
    });

    await db.query(
      `INSERT INTO referrals (id, subject_kind, subject_code, channel, branch_code, opinion, case_ids, status, referred_by, referred_at, decision, decided_by, decided_at) VALUES
         ('00000000-0000-4000-8000-00000000c001', 'seller', 'S-RQ1', 'agency', $1, '责令整改并通报批评', '{case-rq-c3}', 'DECIDED', 'cp-rq', $2, '给予通报批评', 'committee', $3),
         ('00000000-0000-4000-8000-00000000c002', 'agency', 'AG-RQ2', 'intermediary', $1, '限期整改', '{}', 'DECIDED', 'cp-rq', $4, '暂停合作', 'committee', $5),
         ('00000000-0000-4000-8000-00000000c003', 'seller', 'S-RQ1', 'agency', $1, '二季度移交', '{}', 'DECIDED', 'cp-rq', $6, '警告', 'committee', $7),
         ('00000000-0000-4000-8000-00000000c004', 'seller', 'S-RQ1', 'agency', $1, '二季度移交未决', '{}', 'REFERRED', 'cp-rq', $6, NULL, NULL, NULL)`,
      [
        B,
        at('2026-07-15T10:00:00'),
        at('2026-08-20T10:00:00'),
        at('2026-09-10T10:00:00'),
        at('2026-10-10T10:00:00'),
        at('2026-06-10T10:00:00'),
        at('2026-07-02T10:00:00'),
      ],
    );

    await db.query(
      `INSERT INTO recheck_campaigns (id, subject_kind, subject_code, channel, branch_code, complaint_ids, window_start, window_end, status, started_at, finished_at, result) VALUES
         ('campaign-rq-1', 'seller', 'S-RQ1', 'agency', $1, ARRAY[gen_random_uuid(), gen_random_uuid()]::uuid[], '2025-07-20', '2026-07-19', 'COMPLETED', $2, $3, '{"tasks": 12, "corrected": 3, "casesOpened": 1}'),
         ('campaign-rq-2', 'agency', 'AG-RQ2', 'intermediary', $1, ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()]::uuid[], '2025-09-20', '2026-09-19', 'COMPLETED', $4, $5, '{"tasks": 4}'),
         ('campaign-rq-3', 'seller', 'S-RQ1', 'agency', $1, ARRAY[gen_random_uuid(), gen_random_uuid()]::uuid[], '2025-05-01', '2026-04-30', 'COMPLETED', $6, $5, '{"tasks": 1}')`,
      [
        B,
        at('2026-07-01T00:00:00'),
        at('2026-08-30T10:00:00'),
        at('2026-09-20T10:00:00'),
        at('2026-10-03T10:00:00'),
        at('2026-05-01T10:00:00'),
      ],
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  let v1: { id: string; contentSha256: string; data: QuarterlyReportData };
  let v1Text: string;

  it('generates the quarter: exactly the rows and figures planted in it', async () => {
    const res = await api().post('/api/reports').set('Authorization', office).send({ quarter: Q }).expect(201);
    v1 = res.body;
    const d = v1.data;
    expect(res.body).toMatchObject({ quarter: Q, branchCode: B, version: 1, replacesId: null, generatedBy: 'go-rq' });
    expect(d.format).toBe(1);
    expect(d.header).toEqual({
      title: REPORT_TITLE_ZH,
      branchCode: B,
      quarter: Q,
      periodFirstDay: '2026-07-01',
      periodLastDay: '2026-09-30',
      generatedAt: res.body.generatedAt,
      generatedBy: 'go-rq',
      version: 1,
      replacesId: null,
      replacesVersion: null,
      correctionNote: null,
    });
    expect(d.falseInfoSellers).toEqual([
      { sellerCode: 'S-GHOST', sellerName: null, channel: 'bancassurance', agencyCode: null, caseIds: ['case-rq-c6'] },
      {
        sellerCode: 'S-RQ1',
        sellerName: '欧阳娜娜',
        channel: 'agency',
        agencyCode: 'AG-RQ1',
        caseIds: ['case-rq-c3', 'case-rq-c4'],
      },
    ]);
    expect(d.agencies).toEqual([
      {
        agencyCode: 'AG-RQ1',
        agencyName: '广州诚信保险代理有限公司',
        channel: 'intermediary',
        refusedTrueData: 1,
        providedFalseData: 0,
        falseInfoCaseIds: ['case-rq-c3'],
        incidentCaseIds: ['case-rq-c2'],
      },
      {
        agencyCode: 'AG-RQ2',
        agencyName: '羊城保险经纪有限公司',
        channel: 'intermediary',
        refusedTrueData: 0,
        providedFalseData: 1,
        falseInfoCaseIds: [],
        incidentCaseIds: ['case-a', 'case-x'],
      },
    ]);
    expect(d.agencyIncidents.map((i) => [i.id, i.kind, i.recordedAt])).toEqual([
      ['00000000-0000-4000-8000-00000000a001', 'refused_true_data', at('2026-07-21T10:00:00')],
      ['00000000-0000-4000-8000-00000000a002', 'provided_false_data', at('2026-09-02T10:00:00')],
    ]);
    expect(d.agencyIncidents[0]).toMatchObject({ agencyName: '广州诚信保险代理有限公司', caseIds: ['case-rq-c2'] });
    expect(d.penalties).toEqual([
      {
        id: '00000000-0000-4000-8000-00000000b001',
        subjectKind: 'seller',
        subjectCode: 'S-RQ1',
        subjectName: '欧阳娜娜',
        channel: 'agency',
        kind: 'commission_deduction',
        amount: '5000.00',
        assessmentPeriod: '2026Q3',
        reason: '代填客户电话',
        caseIds: ['case-rq-c3'],
        campaignId: null,
        decidedBy: 'cm-rq',
        decidedAt: at('2026-08-05T15:00:00'),
      },
      expect.objectContaining({
        id: '00000000-0000-4000-8000-00000000b002',
        subjectName: '羊城保险经纪有限公司',
        amount: null,
      }),
    ]);
    expect(d.referrals.map((r) => [r.id, r.status, r.decision, r.decidedAt])).toEqual([
      ['00000000-0000-4000-8000-00000000c003', 'DECIDED', '警告', at('2026-07-02T10:00:00')],
      ['00000000-0000-4000-8000-00000000c001', 'DECIDED', '给予通报批评', at('2026-08-20T10:00:00')],
      // Decided in October: still with the committee at the quarter's end.
      ['00000000-0000-4000-8000-00000000c002', 'REFERRED', null, null],
    ]);
    expect(d.figures.findingsByRule).toEqual([
      { rule: 'SHARED_BANK_ACCOUNT', channel: 'agency', findings: 1 },
      { rule: 'SHARED_PHONE', channel: 'agency', findings: 2 },
      { rule: 'THIRD_PARTY_PAYER', channel: 'bancassurance', findings: 1 },
    ]);
    expect(d.figures.cases).toEqual([
      {
        branchCode: B,
        channel: 'agency',
        opened: 5, // c1 c2 c3 c4 c9
        closed: 5, // c1 c2 c3 c4 c8
        closedByOutcome: { CLEARED: 2, CORRECTED: 1, FALSE_INFO_CONFIRMED: 2 },
        escalated: 2, // c2 (investigation), c3 (distribution)
        closedWithinSla: 3, // c1 c3 c4: c2 and c8 missed an investigation deadline
        slaRate: 0.6,
        coolingOffBreaches: 0,
      },
      {
        branchCode: B,
        channel: 'bancassurance',
        opened: 2,
        closed: 1,
        closedByOutcome: { CLEARED: 0, CORRECTED: 0, FALSE_INFO_CONFIRMED: 1 },
        escalated: 1,
        closedWithinSla: 1,
        slaRate: 1,
        coolingOffBreaches: 1,
      },
    ]);
    expect(d.figures.casesTotal).toEqual({
      branchCode: '*',
      channel: '*',
      opened: 7,
      closed: 6,
      closedByOutcome: { CLEARED: 2, CORRECTED: 1, FALSE_INFO_CONFIRMED: 3 },
      escalated: 3,
      closedWithinSla: 4,
      slaRate: 0.6667,
      coolingOffBreaches: 1,
    });
    expect(d.campaigns).toEqual([
      {
        id: 'campaign-rq-1',
        subjectKind: 'seller',
        subjectCode: 'S-RQ1',
        subjectName: '欧阳娜娜',
        channel: 'agency',
        complaints: 2,
        startedAt: at('2026-07-01T00:00:00'),
        status: 'COMPLETED',
        finishedAt: at('2026-08-30T10:00:00'),
        result: { tasks: 12, corrected: 3, casesOpened: 1 },
      },
      // Completed in October: running at the quarter's end, its result the next quarter's.
      expect.objectContaining({
        id: 'campaign-rq-2',
        complaints: 3,
        status: 'RUNNING',
        finishedAt: null,
        result: null,
      }),
    ]);
    expect(v1.contentSha256).toBe(hashOf(d));
  });

  it('gives the same bytes on every fetch: JSON, XLSX and PDF', async () => {
    const first = await api().get(`/api/reports/${v1.id}`).set('Authorization', auditor).expect(200);
    const second = await api().get(`/api/reports/${v1.id}`).set('Authorization', office).expect(200);
    v1Text = first.text;
    expect(second.text).toBe(first.text);
    expect(first.body.contentSha256).toBe(v1.contentSha256);
    expect(hashOf(first.body.data)).toBe(v1.contentSha256);

    const xlsx1 = await binary(`/api/reports/${v1.id}?format=xlsx`, auditor);
    const xlsx2 = await binary(`/api/reports/${v1.id}?format=xlsx`, office);
    expect(xlsx1.status).toBe(200);
    expect(xlsx1.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx1.headers['content-disposition']).toBe(`attachment; filename="verity-report-${B}-${Q}-v1.xlsx"`);
    expect(xlsx2.body.equals(xlsx1.body)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(xlsx1.body).buffer);
    const sellers = book.getWorksheet('虚假信息销售人员')!;
    expect(sellers.getRow(3).values).toEqual([
      undefined,
      'S-RQ1',
      '欧阳娜娜',
      '个人代理',
      'AG-RQ1',
      2,
      'case-rq-c3; case-rq-c4',
    ]);

    const pdf1 = await binary(`/api/reports/${v1.id}?format=pdf`, auditor);
    const pdf2 = await binary(`/api/reports/${v1.id}?format=pdf`, compliance);
    expect(pdf1.status).toBe(200);
    expect(pdf1.headers['content-type']).toBe('application/pdf');
    expect(pdf1.headers['content-disposition']).toBe(`attachment; filename="verity-report-${B}-${Q}-v1.pdf"`);
    expect(pdf2.body.equals(pdf1.body)).toBe(true);
    // pdftotext keeps the layout's line breaks, which may fall inside a table cell.
    const text = pdfText(pdf1.body).replace(/\s+/g, '');
    expect(text).toContain(REPORT_TITLE_ZH);
    expect(text).toContain('2026年第三季度');
    expect(text).toContain('提供虚假客户信息的销售人员');
    expect(text).toContain('欧阳娜娜');
    expect(text).toContain('广州诚信保险代理有限公司');
    expect(text).toContain(`SHA-256${v1.contentSha256.slice(0, 16)}`);

    const [exports] = await db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.export' AND entity_id = $1`,
      [v1.id],
    );
    expect(exports.n).toBe(4);
  });

  it('keeps the stored snapshot immutable: no edit, no delete, one version 1 per quarter and branch', async () => {
    await expect(db.query(`UPDATE quarterly_reports SET data = '{}' WHERE id = $1`, [v1.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(db.query(`DELETE FROM quarterly_reports WHERE id = $1`, [v1.id])).rejects.toThrow(/never deleted/);
    const again = await api().post('/api/reports').set('Authorization', compliance).send({ quarter: Q, branchCode: B });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REPORT_EXISTS');
    expect(again.body.message).toContain(v1.id);
  });

  it('corrects by a new version naming the one it replaces; version 1 is unchanged', async () => {
    // A decision recorded late, dated inside the quarter.
    await penalty({
      id: '00000000-0000-4000-8000-00000000b004',
      kind: 'grade_demotion',
      subject: ['seller', 'S-RQ1'],
      decidedAt: at('2026-09-29T12:00:00'),
    });
    const res = await api()
      .post(`/api/reports/${v1.id}/corrections`)
      .set('Authorization', compliance)
      .send({ note: '补录一项九月的处罚决定' })
      .expect(201);
    expect(res.body).toMatchObject({
      version: 2,
      replacesId: v1.id,
      correctionNote: '补录一项九月的处罚决定',
      generatedBy: 'cp-rq',
    });
    expect(res.body.data.header).toMatchObject({
      version: 2,
      replacesId: v1.id,
      replacesVersion: 1,
      correctionNote: '补录一项九月的处罚决定',
    });
    expect(res.body.data.penalties.map((p: { id: string }) => p.id)).toEqual([
      '00000000-0000-4000-8000-00000000b001',
      '00000000-0000-4000-8000-00000000b002',
      '00000000-0000-4000-8000-00000000b004',
    ]);
    expect(res.body.contentSha256).not.toBe(v1.contentSha256);
    expect(hashOf(res.body.data)).toBe(res.body.contentSha256);

    const old = await api().get(`/api/reports/${v1.id}`).set('Authorization', auditor).expect(200);
    expect(old.body.replacedById).toBe(res.body.id);
    const { replacedById: _now, ...oldRest } = old.body;
    const { replacedById: _before, ...firstRest } = JSON.parse(v1Text);
    expect(oldRest).toEqual(firstRest);
    expect(old.body.data.penalties).toHaveLength(2);

    const stale = await api()
      .post(`/api/reports/${v1.id}/corrections`)
      .set('Authorization', office)
      .send({ note: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('REPORT_SUPERSEDED');

    const audit = await db.query(
      `SELECT action, actor_id, actor_role, after_hash FROM audit_log WHERE entity_type = 'quarterly_report' AND action IN ('report.generate', 'report.correct') ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'report.generate', actor_id: 'go-rq', actor_role: 'general_office', after_hash: v1.contentSha256 },
      { action: 'report.correct', actor_id: 'cp-rq', actor_role: 'compliance', after_hash: res.body.contentSha256 },
    ]);
  });

  it('records the filing once, by the general office', async () => {
    // The report was generated by this run; it is filed after that.
    const filedAt = new Date().toISOString();
    await api()
      .post(`/api/reports/${v1.id}/filed`)
      .set('Authorization', compliance)
      .send({ filedAt, filedTo: '监管局' })
      .expect(403);
    const future = await api()
      .post(`/api/reports/${v1.id}/filed`)
      .set('Authorization', office)
      .send({ filedAt: new Date(Date.now() + 86_400_000).toISOString(), filedTo: '监管局' })
      .expect(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'filedAt' })]);
    const early = await api()
      .post(`/api/reports/${v1.id}/filed`)
      .set('Authorization', office)
      .send({ filedAt: '2026-09-30T00:00:00Z', filedTo: '监管局' })
      .expect(400);
    expect(early.body.errors[0].field).toBe('filedAt');
    const noZone = await api()
      .post(`/api/reports/${v1.id}/filed`)
      .set('Authorization', office)
      .send({ filedAt: '2026-10-12T10:00:00', filedTo: '监管局' })
      .expect(400);
    expect(noZone.body.errors.map((e: { field: string }) => e.field)).toEqual(['filedAt']);

    const filedTo = '国家金融监督管理总局广东监管局；广东省保险行业协会';
    const res = await api()
      .post(`/api/reports/${v1.id}/filed`)
      .set('Authorization', office)
      .send({ filedAt, filedTo })
      .expect(200);
    expect(res.body).toMatchObject({ id: v1.id, filedAt, filedTo, filedBy: 'go-rq', contentSha256: v1.contentSha256 });
    expect(res.body.data).toBeUndefined();
    const twice = await api()
      .post(`/api/reports/${v1.id}/filed`)
      .set('Authorization', office)
      .send({ filedAt, filedTo: '别处' })
      .expect(409);
    expect(twice.body.code).toBe('REPORT_ALREADY_FILED');
    const [row] = await db.query(
      `SELECT actor_id, detail FROM audit_log WHERE action = 'report.file' AND entity_id = $1`,
      [v1.id],
    );
    expect(row).toMatchObject({ actor_id: 'go-rq', detail: { filedTo, filedBy: 'go-rq' } });
    // Filing changes nothing of the snapshot.
    const after = await api().get(`/api/reports/${v1.id}`).set('Authorization', auditor).expect(200);
    expect(after.body.data).toEqual(JSON.parse(v1Text).data);
    expect(hashOf(after.body.data)).toBe(v1.contentSha256);
  });

  it('answers 400 naming the field, and 409 for a quarter that has not ended', async () => {
    const bad = async (body: unknown, field: string) => {
      const res = await api()
        .post('/api/reports')
        .set('Authorization', office)
        .send(body as object)
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad({ quarter: '2026Q5' }, 'quarter');
    await bad({ quarter: '2026-Q3' }, 'quarter');
    await bad({ quarter: '1999Q4' }, 'quarter');
    await bad({}, 'quarter');
    await bad({ quarter: 20263 }, 'quarter');
    await bad({ quarter: Q, branchCode: 'RQ 01' }, 'branchCode');
    await bad({ quarter: Q, extra: true }, 'extra');
    // A caller of all branches must say which.
    const all = await api()
      .post('/api/reports')
      .set('Authorization', bearer('compliance'))
      .send({ quarter: Q })
      .expect(400);
    expect(all.body.errors[0].field).toBe('branchCode');

    const current = quarterOfDate(branchToday());
    const early = await api().post('/api/reports').set('Authorization', office).send({ quarter: current }).expect(409);
    expect(early.body.code).toBe('REPORT_QUARTER_NOT_ENDED');
    expect(early.body.message).toContain('has not ended');

    await api().get('/api/reports/not-a-uuid').set('Authorization', auditor).expect(400);
    const format = await api().get(`/api/reports/${v1.id}?format=docx`).set('Authorization', auditor).expect(400);
    expect(format.body.errors[0].field).toBe('format');
    const page = await api().get('/api/reports?pageSize=0').set('Authorization', auditor).expect(400);
    expect(page.body.errors[0].field).toBe('pageSize');
    const note = await api()
      .post(`/api/reports/${v1.id}/corrections`)
      .set('Authorization', office)
      .send({ note: '' })
      .expect(400);
    expect(note.body.errors[0].field).toBe('note');
  });

  it('lets only the general office and compliance generate, and the report readers read', async () => {
    for (const role of [
      'intake',
      'back_office',
      'team_leader',
      'customer_service',
      'channel_manager',
      'auditor',
      'admin',
    ] as const) {
      await api()
        .post('/api/reports')
        .set('Authorization', bearer(role, { branches: [B] }))
        .send({ quarter: Q })
        .expect(403);
    }
    for (const role of ['intake', 'back_office', 'team_leader', 'customer_service', 'channel_manager'] as const) {
      await api().get('/api/reports').set('Authorization', bearer(role)).expect(403);
      await api().get(`/api/reports/${v1.id}`).set('Authorization', bearer(role)).expect(403);
    }
    await api().get('/api/reports').set('Authorization', bearer('admin')).expect(200);
    await api().get(`/api/reports/${v1.id}?format=pdf`).expect(401);
  });

  it("keeps each branch's reports to that branch", async () => {
    await api().get(`/api/reports/${v1.id}`).set('Authorization', otherOffice).expect(404);
    await api().get(`/api/reports/${v1.id}?format=xlsx`).set('Authorization', otherOffice).expect(404);
    await api()
      .post(`/api/reports/${v1.id}/corrections`)
      .set('Authorization', otherOffice)
      .send({ note: 'x' })
      .expect(404);
    await api()
      .post(`/api/reports/${v1.id}/filed`)
      .set('Authorization', otherOffice)
      .send({ filedAt: new Date().toISOString(), filedTo: 'x' })
      .expect(404);
    const denied = await api()
      .post('/api/reports')
      .set('Authorization', otherOffice)
      .send({ quarter: Q, branchCode: B });
    expect(denied.status).toBe(403);

    const mine = await api().get('/api/reports').set('Authorization', otherOffice).expect(200);
    expect(mine.body).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
    const all = await api().get(`/api/reports?quarter=${Q}`).set('Authorization', auditor).expect(200);
    expect(all.body.items.map((r: { branchCode: string; version: number }) => `${r.branchCode} v${r.version}`)).toEqual(
      [`${B} v2`, `${B} v1`],
    );
    expect(all.body.items[0].data).toBeUndefined();
    const paged = await api()
      .get(`/api/reports?branch=${B}&pageSize=1&page=2`)
      .set('Authorization', auditor)
      .expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(paged.body.items.map((r: { id: string }) => r.id)).toEqual([v1.id]);
  });

  describe('the Schedule', () => {
    let worker: { stop: () => Promise<void> };
    let connection: Connection;
    let client: Client;

    beforeAll(async () => {
      const queue = useOwnTaskQueue();
      worker = await startWorker(queue);
      connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
      client = new Client({ connection, dataConverter: temporalDataConverter(process.env) });
    });

    afterAll(async () => {
      await worker?.stop();
      await connection?.close();
    });

    const runFor = (today: string): Promise<ReportScheduleResult> =>
      client.workflow.execute(REPORT_SCHEDULE_WORKFLOW_TYPE, {
        taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
        workflowId: `report-schedule-test-${randomUUID()}`,
        args: [{ today }],
      });

    it('generates on the first working day after the quarter, for each branch with data and no report, once', async () => {
      // 1-7 October 2026 is the National Day holiday.
      expect(await runFor('2026-10-07')).toEqual({ today: '2026-10-07', quarter: null, reports: [] });

      const first = await runFor('2026-10-08');
      expect(first.quarter).toBe(Q);
      // RQ01 has its reports already; RQ02 has a closed case in the quarter and none.
      expect(first.reports).toEqual([
        { reportId: expect.any(String), quarter: Q, branchCode: OTHER, version: 1, created: true },
      ]);
      const generated = await api()
        .get(`/api/reports/${first.reports[0].reportId}`)
        .set('Authorization', otherOffice)
        .expect(200);
      expect(generated.body).toMatchObject({ branchCode: OTHER, version: 1, generatedBy: 'system' });
      expect(generated.body.data.falseInfoSellers).toEqual([
        { sellerCode: 'S-RQ2', sellerName: '李四', channel: 'agency', agencyCode: null, caseIds: ['case-rq-c10'] },
      ]);
      const child = await client.workflow.getHandle(`quarterly-report-${Q}-${OTHER}`).describe();
      expect(child.type).toBe(QUARTERLY_REPORT_WORKFLOW_TYPE);

      // The next day: nothing left to do.
      expect(await runFor('2026-10-09')).toEqual({ today: '2026-10-09', quarter: Q, reports: [] });
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM quarterly_reports WHERE branch_code = $1`, [
        OTHER,
      ]);
      expect(n).toBe(1);
      const [{ system }] = await db.query(
        `SELECT count(*)::int AS system FROM audit_log WHERE action = 'report.generate' AND actor_id = 'system'`,
      );
      expect(system).toBe(1);
    });

    it('keeps the daily Schedule in Asia/Shanghai, catching up missed days', async () => {
      await ensureReportSchedule(client, process.env.TEMPORAL_TASK_QUEUE!, 6, 0);
      await ensureReportSchedule(client, process.env.TEMPORAL_TASK_QUEUE!, 7, 15); // idempotent; moves the time
      const handle = client.schedule.getHandle(REPORT_SCHEDULE_ID);
      try {
        const schedule = await handle.describe();
        expect(schedule.spec.timezone).toBe('Asia/Shanghai');
        expect(schedule.spec.calendars?.[0]).toMatchObject({
          hour: [{ start: 7, end: 7, step: 1 }],
          minute: [{ start: 15, end: 15, step: 1 }],
        });
        expect(schedule.policies.catchupWindow).toBe(7 * 24 * 3600 * 1000);
        expect(schedule.action).toMatchObject({ workflowType: REPORT_SCHEDULE_WORKFLOW_TYPE });
      } finally {
        await handle.delete();
      }
    });
  });
});
