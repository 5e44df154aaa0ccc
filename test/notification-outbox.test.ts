import type { INestApplication } from '@nestjs/common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, eventually, startApi, startWorker, useOwnTaskQueue, validApplication } from './support';

/**
 * Notifications through the outbox (real API, worker, PostgreSQL and Temporal dev server, a webhook receiver on
 * loopback): a case step returns while its notifications still wait in the outbox, the webhook receives them
 * later even after refusing them at first, and nothing is lost. Then who may read which notifications and tasks.
 */

interface Delivery {
  caseId: string;
  notifications: Array<{ id: string; recipient: string; kind: string }>;
}

describe('notification outbox (real servers, a webhook that fails first)', () => {
  let app: INestApplication;
  let db: DataSource;
  let worker: { stop: () => Promise<void> };
  let webhook: http.Server;
  /** While true the receiver answers nothing; on release every held request gets a 500, later ones a 204. */
  let holding = true;
  const held: http.ServerResponse[] = [];
  const refused: Delivery[] = [];
  const delivered: Delivery[] = [];
  let caseId: string;
  let notificationsBefore: number;
  const api = () => request(app.getHttpServer());
  const gz = { branches: ['GZ01'], channels: ['agency'] };
  const cs = bearer('customer_service', { user: 'cs-outbox', ...gz });

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const delivery = JSON.parse(body) as Delivery;
        if (holding) {
          refused.push(delivery);
          held.push(res);
          return;
        }
        delivered.push(delivery);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    process.env.NOTIFY_WEBHOOK_URL = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-OUTBOX',
        name: '吴十',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect((r) => expect([201, 409]).toContain(r.status));
    [{ n: notificationsBefore }] = await db.query(`SELECT coalesce(max(id), 0)::int AS n FROM notifications`);
  });

  afterAll(async () => {
    holding = false;
    for (const res of held.splice(0)) res.destroy();
    await worker?.stop();
    await app?.close();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  async function outbox(): Promise<Array<{ seq: number; attempts: number; delivered: boolean; ids: string[] }>> {
    return db.query(
      `SELECT seq, attempts, delivered_at IS NOT NULL AS delivered, notification_ids::text[] AS ids FROM notification_outbox WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
  }

  it('returns a step while its notifications wait in the outbox, and delivers them once the webhook accepts', async () => {
    const body = validApplication({ sellerCode: 'S-OUTBOX' });
    body.receiptSignedDate = null;
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    const opened = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber: body.policyNumber, rule: 'MANUAL' })
      .expect(201);
    caseId = opened.body.caseId;

    // The webhook has answered nothing so far, yet the Update returns: it does not wait on the webhook.
    const distributed = await api()
      .post(`/api/cases/${caseId}/distribute`)
      .set('Authorization', cs)
      .send({})
      .expect(200);
    expect(distributed.body.state).toBe('DISTRIBUTED');
    expect(delivered).toEqual([]);
    expect((await outbox()).map((r) => [r.seq, r.delivered])).toEqual([
      [1, false],
      [2, false],
    ]);

    // The first call (at least) reached the receiver and is refused; later ones are accepted.
    await eventually(
      async () => refused.length,
      (n) => n >= 1,
    );
    holding = false;
    for (const res of held.splice(0)) res.writeHead(500).end();

    const rows = await eventually(outbox, (r) => r.length === 2 && r.every((x) => x.delivered));
    expect(Math.max(...rows.map((r) => r.attempts))).toBeGreaterThanOrEqual(2);

    // Nothing lost: every notification of the case reached the webhook and is marked delivered.
    const stored: Array<{ id: string; kind: string; recipient: string; delivered: boolean }> = await db.query(
      `SELECT id::text, kind, recipient, delivered_at IS NOT NULL AS delivered FROM notifications WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(stored.map((n) => `${n.kind}>${n.recipient}`)).toEqual([
      'OPENED>customer_service@GZ01/agency',
      'DISTRIBUTED>team_leader@GZ01/agency',
      'DISTRIBUTED>back_office@GZ01/agency',
    ]);
    expect(stored.every((n) => n.delivered)).toBe(true);
    const received = new Set(
      delivered.filter((d) => d.caseId === caseId).flatMap((d) => d.notifications.map((n) => n.id)),
    );
    expect([...received].sort()).toEqual(stored.map((n) => n.id).sort());
    expect(rows.flatMap((r) => r.ids).sort()).toEqual(stored.map((n) => n.id).sort());
  });

  /** Every notification the caller is shown after the run's start, page by page. */
  async function shown(token: string): Promise<Array<{ id: string; caseId: string; kind: string; recipient: string }>> {
    const all: Array<{ id: string; caseId: string; kind: string; recipient: string }> = [];
    for (let after = notificationsBefore; ;) {
      const page = await api().get(`/api/me/notifications?after=${after}`).set('Authorization', token).expect(200);
      if (page.body.length === 0) return all;
      all.push(...page.body);
      after = Number(page.body.at(-1).id);
    }
  }

  it("shows a mailbox notification only to its role within the case's branch and channel", async () => {
    const kinds = async (role: 'customer_service' | 'team_leader', scope: { branches: string[]; channels: string[] }) =>
      (await shown(bearer(role, { user: `${role}-${scope.branches[0]}-${scope.channels[0]}`, ...scope })))
        .filter((n) => n.caseId === caseId)
        .map((n) => `${n.kind}>${n.recipient}`);
    expect(await kinds('customer_service', gz)).toEqual(['OPENED>customer_service@GZ01/agency']);
    expect(await kinds('team_leader', gz)).toEqual(['DISTRIBUTED>team_leader@GZ01/agency']);
    expect(await kinds('customer_service', { branches: ['SZ01'], channels: ['agency'] })).toEqual([]);
    expect(await kinds('customer_service', { branches: ['GZ01'], channels: ['bancassurance'] })).toEqual([]);
    expect(await kinds('team_leader', { branches: ['SZ01'], channels: ['*'] })).toEqual([]);
    expect(await kinds('customer_service', { branches: ['*'], channels: ['*'] })).toEqual([
      'OPENED>customer_service@GZ01/agency',
    ]);
  });

  it('lists a task only in the responsible branch and channel', async () => {
    const tasks = async (scope: { branches: string[]; channels: string[] }) => {
      const res = await api()
        .get('/api/me/tasks')
        .set('Authorization', bearer('team_leader', { user: 'tl-outbox', ...scope }))
        .expect(200);
      return (res.body as Array<{ caseId: string; task: string }>)
        .filter((t) => t.caseId === caseId)
        .map((t) => t.task);
    };
    expect(await tasks(gz)).toEqual(['assign']);
    expect(await tasks({ branches: ['SZ01'], channels: ['agency'] })).toEqual([]);
    expect(await tasks({ branches: ['GZ01'], channels: ['bancassurance'] })).toEqual([]);
  });
});
