import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  bearer,
  eventually,
  killProcess,
  spawnWorkerProcess,
  startApi,
  useOwnTaskQueue,
  validApplication,
} from './support';

const ROWS = 12_000;

describe('an import whose worker is killed half-way', () => {
  let app: INestApplication;
  let db: DataSource;
  let queue: string;
  const http = () => request(app.getHttpServer());
  const intake = bearer('intake', { user: 'crash-importer' });
  const progress = async (id: string) =>
    (await http().get(`/api/imports/${id}`).set('Authorization', intake).expect(200)).body;

  beforeAll(async () => {
    queue = useOwnTaskQueue();
    process.env.IMPORT_BATCH_SIZE = '250';
    process.env.IMPORT_PARALLELISM = '2';
    app = await startApi();
    db = app.get(DataSource);
    await http()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-CRASH',
        name: '孙八',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('finishes after a restart with every row written exactly once', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) =>
      validApplication({ sellerCode: 'S-CRASH', seq: 5_000_000 + i }),
    );
    // Every fifth row is refused (no address) so both kinds of outcome are counted.
    rows.forEach((r, i) => i % 5 === 0 && delete r.policyholder.address);
    const body = rows.map((r) => JSON.stringify(r)).join('\n');
    const started = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'application/x-ndjson')
      .send(body)
      .expect(202);
    const id: string = started.body.id;

    const first = spawnWorkerProcess(queue);
    const midway = await eventually(
      () => progress(id),
      (p) => p.rowsRead >= 1000,
      120_000,
    );
    await killProcess(first, 'SIGKILL');
    expect(midway.rowsRead).toBeLessThan(ROWS);
    const atKill = await progress(id);
    expect(atKill.status).toBe('RUNNING');

    const second = spawnWorkerProcess(queue);
    try {
      const done = await eventually(
        () => progress(id),
        (p) => p.status !== 'RUNNING',
        180_000,
      );
      expect(done).toMatchObject({
        status: 'COMPLETED',
        rowsRead: ROWS,
        accepted: ROWS * 0.8,
        refused: ROWS * 0.2,
        bad: 0,
      });
    } finally {
      await killProcess(second, 'SIGTERM');
    }

    const [{ policies, distinct }] = await db.query(
      `SELECT count(*)::int AS policies, count(DISTINCT policy_number)::int AS distinct FROM policies WHERE import_id = $1`,
      [id],
    );
    expect({ policies, distinct }).toEqual({ policies: ROWS, distinct: ROWS });
    const [{ parties }] = await db.query(
      `SELECT count(*)::int AS parties FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id WHERE p.import_id = $1`,
      [id],
    );
    expect(parties).toBe(ROWS);
    const [{ issues }] = await db.query(`SELECT count(*)::int AS issues FROM import_row_issues WHERE import_id = $1`, [
      id,
    ]);
    expect(issues).toBe(ROWS * 0.2);
    const [{ left }] = await db.query(`SELECT count(*)::int AS left FROM import_rows WHERE import_id = $1`, [id]);
    expect(left).toBe(0);
  });
});
