import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, startApi, uniqueSuffix } from './support';

/**
 * GET /api/dashboard over rows written straight into the read model (cases, case_events) and the detection tables,
 * in branches no other suite uses: closings weeks apart and deadlines around "now" cannot be made by workflows
 * within a test. test/demo-seed.test.ts checks the dashboard over cases the workflows made.
 */
const B = 'DB01';
const OTHER = 'DB02';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Asia/Shanghai has no daylight saving: +08:00 all year. */
const local = (t: number) => new Date(t + 8 * HOUR);
const localDate = (t: number) => local(t).toISOString().slice(0, 10);
function isoWeek(t: number): string {
  const d = local(t);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  // The week holding a year's first Thursday is its week 1.
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / DAY / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

describe('the dashboard (real PostgreSQL)', () => {
  let app: INestApplication;
  let db: DataSource;
  const api = () => request(app.getHttpServer());
  const now = Date.now();
  // Later today in Shanghai, whatever the hour the suite runs at.
  const endOfLocalDay = Date.parse(`${localDate(now)}T00:00:00+08:00`) + DAY;
  const laterToday = now + Math.min(HOUR, (endOfLocalDay - now) / 2);

  async function kase(opts: {
    branch?: string;
    channel?: string;
    state: string;
    dueAt?: number | null;
    escalated?: boolean;
    breached?: boolean;
    closedAt?: number;
    events?: string[];
  }) {
    const caseId = `case-dash-${uniqueSuffix()}`;
    const branch = opts.branch ?? B;
    const channel = opts.channel ?? 'agency';
    const closedAt = opts.closedAt ? new Date(opts.closedAt).toISOString() : null;
    await db.query(
      `INSERT INTO cases (case_id, finding_key, rule, state, channel, branch_code, escalated, cooling_off_breached, due_at, policy_numbers,
         view, seq, opened_at, updated_at, closed_at, scope_keys)
       VALUES ($1, $1, 'SHARED_PHONE', $2, $3, $4, $5, $6, $7, '{}', '{}', 1, $8, $8, $9, ARRAY[$4 || '/' || $3])`,
      [
        caseId,
        opts.state,
        channel,
        branch,
        opts.escalated ?? false,
        opts.breached ?? false,
        opts.dueAt ? new Date(opts.dueAt).toISOString() : null,
        new Date(now - 20 * DAY).toISOString(),
        closedAt,
      ],
    );
    for (const [i, type] of (opts.events ?? []).entries()) {
      await db.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, detail) VALUES ($1, $2, $3, 'system', now(), '{}')`,
        [caseId, i + 1, type],
      );
    }
  }

  async function detectionRun(
    businessDate: string,
    status: string,
    findings: Array<{ rule: string; branch?: string; channel?: string; key?: string }>,
  ): Promise<string[]> {
    const runId = randomUUID();
    await db.query(
      `INSERT INTO detection_runs (id, trigger, full_scan, status, watermark_to, business_date) VALUES ($1, 'manual', false, $2, now(), $3)`,
      [runId, status, businessDate],
    );
    const keys: string[] = [];
    for (const f of findings) {
      const key = f.key ?? `${f.rule}:dash-${uniqueSuffix()}:1`;
      await db.query(
        `INSERT INTO findings (finding_key, rule, cluster_ref, generation, customer_ids, policy_numbers, channel, branch_code, first_run_id, last_run_id)
         VALUES ($1, $2, $1, 1, '{}', '{}', $3, $4, $5, $5) ON CONFLICT (finding_key) DO UPDATE SET last_run_id = EXCLUDED.last_run_id`,
        [key, f.rule, f.channel ?? 'agency', f.branch ?? B, runId],
      );
      await db.query(`INSERT INTO run_findings (run_id, finding_key, change) VALUES ($1, $2, $3)`, [
        runId,
        key,
        f.key ? 'grown' : 'new',
      ]);
      keys.push(key);
    }
    return keys;
  }

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    await kase({ state: 'OPEN', dueAt: now + 2 * DAY });
    await kase({ state: 'INVESTIGATING', dueAt: laterToday });
    await kase({ state: 'INVESTIGATING', dueAt: now - HOUR, escalated: true, events: ['OPENED', 'ESCALATED'] });
    await kase({ state: 'PENDING_APPROVAL', dueAt: now + 3 * DAY, breached: true });
    await kase({
      state: 'DISTRIBUTED',
      channel: 'bancassurance',
      dueAt: now + 2 * DAY,
      escalated: true,
      events: ['OPENED', 'DISTRIBUTION_ESCALATED'],
    });
    // Closed this week: one on time, one after missing its investigation deadline; and one last week.
    await kase({ state: 'CLOSED', closedAt: now, events: ['OPENED', 'CLOSED'] });
    await kase({ state: 'CLOSED', closedAt: now, escalated: true, events: ['OPENED', 'ESCALATED', 'CLOSED'] });
    await kase({
      state: 'CLOSED',
      channel: 'bancassurance',
      closedAt: now - 7 * DAY,
      escalated: true,
      events: ['OPENED', 'DISTRIBUTION_ESCALATED', 'CLOSED'],
    });
    // Outside the callers' scope.
    await kase({ branch: OTHER, state: 'OPEN', dueAt: now - HOUR, escalated: true });
    await kase({ branch: OTHER, state: 'CLOSED', closedAt: now });

    const today = localDate(now);
    const yesterday = localDate(now - DAY);
    const [grown] = await detectionRun(yesterday, 'COMPLETED', [
      { rule: 'SHARED_BANK_ACCOUNT' },
      { rule: 'SHARED_PHONE', branch: OTHER },
    ]);
    await detectionRun(today, 'COMPLETED', [
      { rule: 'SHARED_PHONE' },
      { rule: 'SHARED_PHONE', channel: 'bancassurance' },
      { rule: 'SHARED_BANK_ACCOUNT', key: grown },
      { rule: 'THIRD_PARTY_PAYER', branch: OTHER },
    ]);
    await detectionRun(today, 'FAILED', [{ rule: 'ID_CONFLICT' }]);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('counts open work by branch and channel, SLA by week and findings by rule, in the caller scope', async () => {
    const res = await api()
      .get('/api/dashboard')
      .set('Authorization', bearer('compliance', { branches: [B] }))
      .expect(200);
    expect(Date.parse(res.body.generatedAt)).toBeGreaterThanOrEqual(now);
    expect(res.body.byScope).toEqual([
      { branchCode: B, channel: 'agency', open: 4, dueToday: 1, overdue: 1, escalated: 1, coolingOffBreaches: 1 },
      {
        branchCode: B,
        channel: 'bancassurance',
        open: 1,
        dueToday: 0,
        overdue: 0,
        escalated: 1,
        coolingOffBreaches: 0,
      },
    ]);
    const weeks = res.body.slaByWeek;
    expect(weeks).toHaveLength(12);
    expect(weeks[11]).toEqual({ week: isoWeek(now), closed: 2, withinSla: 1, rate: 0.5 });
    // A distribution escalation is not a missed investigation deadline.
    expect(weeks[10]).toEqual({ week: isoWeek(now - 7 * DAY), closed: 1, withinSla: 1, rate: 1 });
    expect(
      weeks.slice(0, 10).every((w: { closed: number; rate: number | null }) => w.closed === 0 && w.rate === null),
    ).toBe(true);
    expect(weeks[0].week).toBe(isoWeek(now - 77 * DAY));
    expect(res.body.findingsByRule).toEqual([
      { date: localDate(now - DAY), rule: 'SHARED_BANK_ACCOUNT', count: 1 },
      { date: localDate(now), rule: 'SHARED_BANK_ACCOUNT', count: 1 },
      { date: localDate(now), rule: 'SHARED_PHONE', count: 2 },
    ]);
  });

  it('narrows to a channel for a caller of one channel', async () => {
    const res = await api()
      .get('/api/dashboard')
      .set('Authorization', bearer('team_leader', { branches: [B], channels: ['bancassurance'] }))
      .expect(200);
    expect(res.body.byScope).toEqual([
      {
        branchCode: B,
        channel: 'bancassurance',
        open: 1,
        dueToday: 0,
        overdue: 0,
        escalated: 1,
        coolingOffBreaches: 0,
      },
    ]);
    expect(res.body.slaByWeek[11]).toMatchObject({ closed: 0, withinSla: 0, rate: null });
    expect(res.body.slaByWeek[10]).toMatchObject({ closed: 1, withinSla: 1, rate: 1 });
    expect(res.body.findingsByRule).toEqual([{ date: localDate(now), rule: 'SHARED_PHONE', count: 1 }]);
  });

  it('is open to the roles that supervise, not to the others', async () => {
    for (const role of [
      'compliance',
      'channel_manager',
      'team_leader',
      'customer_service',
      'general_office',
      'admin',
      'auditor',
    ] as const) {
      await api()
        .get('/api/dashboard')
        .set('Authorization', bearer(role, { branches: [OTHER] }))
        .expect(200);
    }
    await api().get('/api/dashboard').set('Authorization', bearer('back_office')).expect(403);
    await api().get('/api/dashboard').set('Authorization', bearer('intake')).expect(403);
    await api().get('/api/dashboard').expect(401);
  });

  it('documents its response in the OpenAPI schema', async () => {
    const doc = (await api().get('/api/docs-json').expect(200)).body;
    const ok = doc.paths['/api/dashboard'].get.responses['200'].content['application/json'].schema;
    expect(ok.$ref).toBe('#/components/schemas/DashboardDto');
    expect(Object.keys(doc.components.schemas.DashboardScopeDto.properties)).toEqual([
      'branchCode',
      'channel',
      'open',
      'dueToday',
      'overdue',
      'escalated',
      'coolingOffBreaches',
    ]);
  });
});
