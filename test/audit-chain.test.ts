import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { appendAudit } from '../libs/persistence/src/audit/audit-log';
import { verifyAuditChain, writeAuditAnchor } from '../libs/persistence/src/audit/audit-chain';
import { dataSourceOptions } from '../libs/persistence/src/data-source';
import { bearer, startApi } from './support';

/**
 * The audit trail proves itself (issue 11): concurrent writers make one chain without gaps; the application's role
 * cannot change or remove entries or links; an entry changed or removed behind the application's back (as the
 * owner, with the triggers off) is found at its link, by the API and by `npm run audit:verify`; a rewrite of the whole
 * chain is found by the heads written outside the database.
 */

const ROOT = path.resolve(__dirname, '..');
const WRITERS = 40;

describe('the audit trail: append-only, hash-chained, verified (real PostgreSQL)', () => {
  let app: INestApplication;
  let db: DataSource; // the application's role, as the API connects
  let owner: Client; // the schema owner (a superuser on the embedded server): the tamperer
  const anchorDir = mkdtempSync(path.join(os.tmpdir(), 'verity-anchors-'));
  const api = () => request(app.getHttpServer());
  const auditor = bearer('auditor', { user: 'aud-1' });

  const verify = async (query = '') => {
    const res = await api().get(`/api/audit/verify${query}`).set('Authorization', auditor);
    expect(res.status).toBe(200);
    return res.body as {
      ok: boolean;
      checked: number;
      headSeq: number;
      anchorsChecked: number;
      firstBreak: { seq: number | null; auditId: string | null; kind: string } | null;
    };
  };
  const linkOf = async (auditId: string): Promise<number> => {
    const { rows } = await owner.query<{ seq: string }>(`SELECT seq FROM audit_chain WHERE audit_id = $1`, [auditId]);
    return Number(rows[0].seq);
  };
  /** As the owner with triggers and foreign keys off: what someone with the database's keys could do. */
  const behindTheBack = async (sql: string, params: unknown[] = []) => {
    await owner.query(`SET session_replication_role = replica`);
    try {
      await owner.query(sql, params);
    } finally {
      await owner.query(`SET session_replication_role = origin`);
    }
  };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts/audit-verify.mjs'), ...args], {
      env: { ...process.env, AUDIT_ANCHOR_DIR: anchorDir },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    process.env.AUDIT_ANCHOR_DIR = anchorDir;
    db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, WRITERS));
    await db.initialize();
    owner = new Client({ connectionString: process.env.VERITY_TEST_OWNER_URL });
    await owner.connect();
    app = await startApi();
  });

  afterAll(async () => {
    await app?.close();
    await owner?.end();
    await db?.destroy();
  });

  it('the application connects as a role of its own, not the owner', async () => {
    const [{ current_user: me }]: Array<{ current_user: string }> = await db.query(`SELECT current_user`);
    const { rows } = await owner.query<{ current_user: string }>(`SELECT current_user`);
    expect(me).toBe('verity_app');
    expect(rows[0].current_user).not.toBe(me);
  });

  it('concurrent writers make one chain, one link per committed entry, without gaps; a rollback leaves none', async () => {
    const before = await verify();
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        db.transaction(async (tx) => {
          await appendAudit(
            tx,
            { userId: `writer-${i}`, role: 'back_office' },
            {
              action: 'test.write',
              entityType: 'test',
              entityId: `e-${i}`,
              after: { i },
              detail: { i, 名字: '张三', quote: 'a;s1:b' },
            },
          );
          // Work after the entry, in the same transaction: the link is made at commit.
          await tx.query(`SELECT pg_sleep(0.01)`);
        }),
      ),
    );
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(
          tx,
          { userId: 'writer-x', role: 'back_office' },
          {
            action: 'test.write',
            entityType: 'test',
            entityId: 'rolled-back',
          },
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    const after = await verify();
    expect(after).toMatchObject({ ok: true, firstBreak: null });
    expect(after.headSeq).toBe(before.headSeq + WRITERS + 1); // + the first verification's own entry
    expect(after.checked).toBe(after.headSeq);
    const { rows } = await owner.query<{ n: string; lo: string; hi: string }>(
      `SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM audit_chain`,
    );
    // + the second verification's own entry, linked once it committed.
    expect(rows[0]).toEqual({ n: String(after.headSeq + 1), lo: '1', hi: String(after.headSeq + 1) });
    const rolledBack = await owner.query(`SELECT 1 FROM audit_log WHERE entity_id = 'rolled-back'`);
    expect(rolledBack.rowCount).toBe(0);
  });

  it.each([
    ['UPDATE audit_log SET action = $1', ['x']],
    ['DELETE FROM audit_log WHERE action = $1', ['test.write']],
    ['TRUNCATE audit_log', []],
    ['UPDATE audit_chain SET entry_hash = $1', ['x']],
    ['DELETE FROM audit_chain WHERE seq = $1', [1]],
    ['INSERT INTO audit_chain (seq, audit_id, prev_hash, entry_hash) VALUES ($1, 1, $2, $2)', [999999, 'x']],
    ['UPDATE audit_chain_head SET seq = $1', [0]],
  ])('the application role is refused: %s', async (sql, params) => {
    await expect(db.query(sql, params)).rejects.toMatchObject({ driverError: { code: '42501' } });
  });

  it('the owner is refused too, by the trigger, unless it switches triggers off', async () => {
    await expect(owner.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow('audit_log is append-only');
    await expect(owner.query(`DELETE FROM audit_chain`)).rejects.toThrow('audit_log is append-only');
  });

  it('an entry changed in the database is found at its link, by the API and by npm run audit:verify', async () => {
    const { rows } = await owner.query<{ id: string; detail: string }>(
      `SELECT id, detail::text AS detail FROM audit_log WHERE entity_id = 'e-7'`,
    );
    const target = rows[0];
    const seq = await linkOf(target.id);
    await behindTheBack(`UPDATE audit_log SET detail = jsonb_set(detail, '{i}', '70') WHERE id = $1`, [target.id]);

    const broken = await verify();
    expect(broken.ok).toBe(false);
    expect(broken.firstBreak).toMatchObject({ seq, auditId: target.id, kind: 'entry_changed' });
    const run = cli();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`audit chain broken at link ${seq} (entry ${target.id}): entry_changed`);

    // A period walks the links of the entries written in it: one that holds the change finds it, a later one not.
    const { rows: at } = await owner.query<{ at: Date }>(`SELECT at FROM audit_log WHERE id = $1`, [target.id]);
    const ms = at[0].at.getTime();
    const iso = (t: number) => encodeURIComponent(new Date(t).toISOString());
    const around = await verify(`?from=${iso(ms - 1)}&to=${iso(ms + 1)}`);
    expect(around.firstBreak).toMatchObject({ seq, kind: 'entry_changed' });
    const later = await verify(`?from=${iso(Date.now() + 60_000)}`);
    expect(later).toMatchObject({ ok: true, checked: 0 });

    await behindTheBack(`UPDATE audit_log SET detail = $2::jsonb WHERE id = $1`, [target.id, target.detail]);
    expect((await verify()).ok).toBe(true);
    expect(cli().status).toBe(0);
  });

  it('an entry removed is found at its link; one added without a link is found too', async () => {
    const { rows } = await owner.query<{ id: string }>(`SELECT id FROM audit_log WHERE entity_id = 'e-3'`);
    const id = rows[0].id;
    const seq = await linkOf(id);
    await owner.query(`CREATE TEMP TABLE kept AS SELECT * FROM audit_log WHERE id = ${Number(id)}`);
    await behindTheBack(`DELETE FROM audit_log WHERE id = $1`, [id]);
    expect((await verify()).firstBreak).toMatchObject({ seq, auditId: id, kind: 'entry_missing' });
    await behindTheBack(`INSERT INTO audit_log SELECT * FROM kept`);
    expect((await verify()).ok).toBe(true);

    await behindTheBack(
      `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id) VALUES ('x', 'admin', 'forged', 'test', 'forged')`,
    );
    const forged = await verify();
    expect(forged.firstBreak).toMatchObject({ seq: null, kind: 'entry_unchained' });
    await behindTheBack(`DELETE FROM audit_log WHERE action = 'forged'`);
  });

  it('auditors search the trail; a reader without every branch may not; searching is itself audited', async () => {
    const res = await api()
      .get('/api/audit')
      .query({ entityType: 'test', entityId: 'e-5' })
      .set('Authorization', auditor);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      actorId: 'writer-5',
      action: 'test.write',
      entityId: 'e-5',
      detail: { i: 5, 名字: '张三' },
    });
    expect(res.body.items[0].seq).toEqual(expect.any(Number));
    expect(res.body.items[0].entryHash).toMatch(/^[0-9a-f]{64}$/);

    const narrow = bearer('auditor', { user: 'aud-2', branches: ['GZ01'], channels: ['*'] });
    expect((await api().get('/api/audit').set('Authorization', narrow)).status).toBe(403);
    expect((await api().get('/api/audit/verify').set('Authorization', narrow)).status).toBe(403);
    expect((await api().get('/api/audit').set('Authorization', bearer('back_office'))).status).toBe(403);
    expect((await api().get('/api/audit?from=yesterday').set('Authorization', auditor)).body).toMatchObject({
      statusCode: 400,
    });

    const searches = await owner.query(`SELECT 1 FROM audit_log WHERE action = 'audit.search' AND actor_id = 'aud-1'`);
    expect(searches.rowCount).toBeGreaterThanOrEqual(1);
  });

  it('a rewrite of the whole chain verifies on its own, and is found by the heads written outside the database', async () => {
    const anchor = await writeAuditAnchor(db.manager, anchorDir);
    expect((await verify()).anchorsChecked).toBe(1);

    // Change an old entry and recompute every link from it on, and the head: the chain alone is consistent again.
    const { rows } = await owner.query<{ id: string }>(`SELECT id FROM audit_log WHERE entity_id = 'e-1'`);
    const from = await linkOf(rows[0].id);
    await behindTheBack(`UPDATE audit_log SET actor_id = 'someone-else' WHERE id = $1`, [rows[0].id]);
    await behindTheBack(`
      DO $$
      DECLARE l audit_chain; prev text; digest text;
      BEGIN
        SELECT entry_hash INTO prev FROM audit_chain WHERE seq = ${from} - 1;
        IF prev IS NULL THEN prev := repeat('0', 64); END IF;
        FOR l IN SELECT * FROM audit_chain WHERE seq >= ${from} ORDER BY seq LOOP
          digest := audit_entry_hash(prev, l.seq, (SELECT a FROM audit_log a WHERE a.id = l.audit_id));
          UPDATE audit_chain SET prev_hash = prev, entry_hash = digest WHERE seq = l.seq;
          prev := digest;
        END LOOP;
        UPDATE audit_chain_head SET entry_hash = prev;
      END $$`);

    const run = cli();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`audit chain broken at link ${anchor.seq}`);
    expect(run.stderr).toContain('anchor_mismatch');
    const api = await verify();
    expect(api.firstBreak).toMatchObject({ seq: anchor.seq, kind: 'anchor_mismatch' });
    // Without the anchors the rewritten chain looks whole: that is why they exist.
    expect(await verifyAuditChain(db.manager)).toMatchObject({ ok: true, firstBreak: null });
  });
});
