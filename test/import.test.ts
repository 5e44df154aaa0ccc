import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { csvLine, quoteCsvCell } from '../libs/domain/src/common/csv-cell';
import { ImportStagingService } from '../apps/api/src/imports/import-staging.service';
import { POLICY_CSV_COLUMNS } from '../libs/intake/src';
import type { ApplicationBody } from './support';
import { bearer, eventually, startApi, startWorker, useOwnTaskQueue, validApplication } from './support';

/** Writes applications as CSV rows in the documented layout. */
function toCsv(apps: ApplicationBody[], extraLines: string[] = []): string {
  const cell = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(';') : String(v));
  const get = (a: ApplicationBody, col: string): unknown => {
    const [head, leaf] = col.split('.');
    const v = (a as Record<string, unknown>)[head];
    return leaf ? (v as Record<string, unknown> | undefined)?.[leaf] : v;
  };
  const lines = apps.map((a) =>
    csvLine(
      POLICY_CSV_COLUMNS.map((c) => cell(get(a, c))),
      '',
      quoteCsvCell,
    ),
  );
  return [csvLine(POLICY_CSV_COLUMNS, '', quoteCsvCell), ...lines, ...extraLines].join('\n') + '\n';
}

describe('bulk import through the import workflow (real PostgreSQL and Temporal)', () => {
  let app: INestApplication;
  let db: DataSource;
  let worker: { stop: () => Promise<void> };
  const http = () => request(app.getHttpServer());
  const intake = bearer('intake', { user: 'importer' });

  const waitDone = (id: string) =>
    eventually(
      async () => (await http().get(`/api/imports/${id}`).set('Authorization', intake).expect(200)).body,
      (b) => b.status === 'COMPLETED' || b.status === 'FAILED',
    );

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
    await http()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-TEST',
        name: '李四',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  it('imports a CSV with a BOM, keeps the good rows and reports the bad ones by line', async () => {
    const good = Array.from({ length: 25 }, () => validApplication());
    const refused = validApplication();
    delete refused.policyholder.address;
    const duplicate = { ...validApplication(), policyNumber: good[0].policyNumber };
    const badDate = { ...validApplication(), applicationDate: '2026-13-01' };
    // lines: 1 header, 2..26 good, 27 refused, 28 duplicate, 29 bad date, 30 wrong column count
    const csv = '\uFEFF' + toCsv([...good, refused, duplicate, badDate], ['P-SHORT,only,three']);

    const started = await http()
      .post('/api/policies/import?fileName=batch.csv')
      .set('Authorization', intake)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(202);
    expect(started.body).toMatchObject({ status: 'RUNNING', totalRows: 29, fileName: 'batch.csv' });
    const done = await waitDone(started.body.id);
    expect(done).toMatchObject({ status: 'COMPLETED', rowsRead: 29, accepted: 25, refused: 1, bad: 3 });

    const stored = await db.query(`SELECT count(*)::int AS n FROM policies WHERE import_id = $1`, [started.body.id]);
    expect(stored[0].n).toBe(26); // the 25 good and the refused one, kept as REJECTED

    const report = await http()
      .get(`/api/imports/${started.body.id}/report?format=json`)
      .set('Authorization', intake)
      .expect(200);
    const byLine = new Map<number, string[]>();
    for (const r of report.body) byLine.set(r.line, [...(byLine.get(r.line) ?? []), `${r.field}:${r.code}`]);
    expect([...byLine.keys()]).toEqual([27, 28, 29, 30]);
    expect(byLine.get(27)).toEqual(['policyholder.address:FIELD_MISSING']);
    expect(byLine.get(28)).toEqual(['policyNumber:POLICY_NUMBER_DUPLICATE']);
    expect(byLine.get(29)).toEqual(['applicationDate:FIELD_INVALID']);
    expect(byLine.get(30)).toEqual(['(row):ROW_UNREADABLE']);

    const csvReport = await http()
      .get(`/api/imports/${started.body.id}/report`)
      .set('Authorization', intake)
      .expect(200);
    expect(csvReport.headers['content-type']).toMatch(/text\/csv/);
    expect(csvReport.text.split('\n')[0]).toBe('\uFEFFline,kind,policyNumber,field,code,message');
  });

  it('imports NDJSON and reports an unparsable line', async () => {
    const rows = [validApplication(), validApplication()];
    // Quotes and backslashes in a line reach the stage as they were sent (COPY's text format escapes them).
    rows[1].policyholder.address = '广东省广州市天河区"东方"路\\1号 301 室';
    const body = [JSON.stringify(rows[0]), '{"policyNumber": "broken"', JSON.stringify(rows[1])].join('\n');
    const started = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'application/x-ndjson')
      .send(body)
      .expect(202);
    const done = await waitDone(started.body.id);
    expect(done).toMatchObject({ status: 'COMPLETED', rowsRead: 3, accepted: 2, refused: 0, bad: 1 });
    const report = await http()
      .get(`/api/imports/${started.body.id}/report?format=json`)
      .set('Authorization', intake)
      .expect(200);
    expect(report.body).toEqual([expect.objectContaining({ line: 2, kind: 'bad', code: 'ROW_MALFORMED' })]);
  });

  it('stages nothing of an upload cut off half-way, and the next upload stages', async () => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO imports (id, kind, status, created_by) VALUES ($1, 'policies', 'STAGING', 'intake-test')`,
      [id],
    );
    const line = JSON.stringify(validApplication());
    let sent = 0;
    const cut = new Readable({
      read() {
        if (sent === 12_000) return this.destroy(new Error('the client went away'));
        sent += 1;
        this.push(`${line}\n`);
      },
    });
    await expect(app.get(ImportStagingService).stage(cut, 'ndjson', id)).rejects.toThrow('the client went away');
    expect(await db.query(`SELECT count(*)::int AS n FROM import_rows WHERE import_id = $1`, [id])).toEqual([{ n: 0 }]);
    const next = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'application/x-ndjson')
      .send(JSON.stringify(validApplication()))
      .expect(202);
    expect(await waitDone(next.body.id)).toMatchObject({ status: 'COMPLETED', accepted: 1 });
  });

  it('refuses an upload with unknown columns, naming them, and one of another media type', async () => {
    const res = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'text/csv')
      .send('policyNumber,favouriteColour\nP1,blue\n')
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'header', code: 'IMPORT_HEADER_INVALID' });
    expect(res.body.message).toContain('favouriteColour');
    await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'application/pdf')
      .send('x')
      .expect(415);
    await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'text/csv')
      .send('policyNumber\n')
      .expect(400);
  });

  it('keeps imports private to their creator unless the role oversees them', async () => {
    const started = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'application/x-ndjson')
      .send(JSON.stringify(validApplication()))
      .expect(202);
    await http()
      .get(`/api/imports/${started.body.id}`)
      .set('Authorization', bearer('intake', { user: 'someone-else' }))
      .expect(404);
    await http().get(`/api/imports/${started.body.id}`).set('Authorization', bearer('compliance')).expect(200);
    await http()
      .post('/api/policies/import')
      .set('Authorization', bearer('back_office'))
      .set('Content-Type', 'text/csv')
      .send('x')
      .expect(403);
    await waitDone(started.body.id);
  });

  it("refuses rows outside the importer's branches or channels with OUT_OF_SCOPE and stores none of them", async () => {
    const gzAgency = bearer('intake', { user: 'gz-importer', branches: ['GZ01'], channels: ['agency'] });
    const inScope = validApplication();
    const otherBranch = validApplication({ branchCode: 'SZ01' });
    const otherChannel = validApplication({ channel: 'bancassurance' });
    // lines: 1 header, 2 in scope, 3 another branch, 4 another channel
    const started = await http()
      .post('/api/policies/import')
      .set('Authorization', gzAgency)
      .set('Content-Type', 'text/csv')
      .send(toCsv([inScope, otherBranch, otherChannel]))
      .expect(202);
    const done = await eventually(
      async () => (await http().get(`/api/imports/${started.body.id}`).set('Authorization', gzAgency).expect(200)).body,
      (b) => b.status === 'COMPLETED' || b.status === 'FAILED',
    );
    expect(done).toMatchObject({ status: 'COMPLETED', rowsRead: 3, accepted: 1, refused: 2, bad: 0 });
    const stored = await db.query(`SELECT policy_number FROM policies WHERE policy_number = ANY($1)`, [
      [inScope, otherBranch, otherChannel].map((a) => a.policyNumber),
    ]);
    expect(stored.map((r: { policy_number: string }) => r.policy_number)).toEqual([inScope.policyNumber]);
    const report = await http()
      .get(`/api/imports/${started.body.id}/report?format=json`)
      .set('Authorization', gzAgency)
      .expect(200);
    expect(
      report.body.map(
        (r: { line: number; kind: string; field: string; code: string }) => `${r.line}:${r.kind}:${r.field}:${r.code}`,
      ),
    ).toEqual(['3:refused:policy.branchCode:OUT_OF_SCOPE', '4:refused:policy.channel:OUT_OF_SCOPE']);
    // The same rule as single intake, which answers 403 for the same application.
    await http()
      .post('/api/policies')
      .set('Authorization', gzAgency)
      .send(validApplication({ branchCode: 'SZ01' }))
      .expect(403);
  });

  it('reports a CSV row with a quote inside an unquoted field as one bad row by line, and keeps the others', async () => {
    const [first, broken, last] = [validApplication(), validApplication(), validApplication()];
    const csv = toCsv([first, broken, last]).split('\n');
    // line 3: the product code becomes =HYPERLINK("x"), unquoted, as a spreadsheet would export a formula
    csv[2] = csv[2].replace(',WL-01,', ',=HYPERLINK("x"),');
    const started = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'text/csv')
      .send(csv.join('\n'))
      .expect(202);
    const done = await waitDone(started.body.id);
    expect(done).toMatchObject({ status: 'COMPLETED', rowsRead: 3, accepted: 2, refused: 0, bad: 1 });
    const report = await http()
      .get(`/api/imports/${started.body.id}/report?format=json`)
      .set('Authorization', intake)
      .expect(200);
    expect(report.body).toEqual([
      expect.objectContaining({ line: 3, kind: 'bad', field: '(row)', code: 'ROW_UNREADABLE' }),
    ]);
  });

  it('writes the CSV report with formulas neutralised', async () => {
    const formula = { ...validApplication(), policyNumber: '=1+2' };
    const started = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'application/x-ndjson')
      .send(JSON.stringify(formula))
      .expect(202);
    await waitDone(started.body.id);
    const csvReport = await http()
      .get(`/api/imports/${started.body.id}/report?format=csv`)
      .set('Authorization', intake)
      .expect(200);
    const [, line] = csvReport.text.split('\n');
    expect(line.split(',').slice(0, 4)).toEqual(['1', 'bad', "'=1+2", 'policyNumber']);
  });

  it('runs the backlog self-check over stored policies: an accepted one that now fails stays accepted and raises RECHECK_FAILED', async () => {
    await http()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-BACKLOG',
        name: '钱七',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
    const apps = [validApplication({ sellerCode: 'S-BACKLOG' }), validApplication({ sellerCode: 'S-BACKLOG' })];
    for (const a of apps) await http().post('/api/policies').set('Authorization', intake).send(a).expect(201);
    // The qualification record is corrected: the seller qualified only after these applications.
    await http()
      .put('/api/sellers/S-BACKLOG')
      .set('Authorization', bearer('channel_manager'))
      .send({ qualifiedOn: '2026-11-26' })
      .expect(200);

    const started = await http()
      .post('/api/policies/recheck')
      .set('Authorization', bearer('compliance', { user: 'auditor-1' }))
      .expect(202);
    const done = await eventually(
      async () =>
        (await http().get(`/api/imports/${started.body.id}`).set('Authorization', bearer('compliance')).expect(200))
          .body,
      (b) => b.status === 'COMPLETED' || b.status === 'FAILED',
    );
    const total = await db.query(`SELECT count(*)::int AS n FROM policies`);
    expect(done).toMatchObject({ status: 'COMPLETED', rowsRead: total[0].n });
    const after = await db.query(
      `SELECT status, reasons, recheck_reasons, recheck_failed_at FROM policies WHERE policy_number = ANY($1)`,
      [apps.map((a) => a.policyNumber)],
    );
    expect(after).toHaveLength(2);
    for (const p of after) {
      // Never flipped: still accepted, so still in detection and closed to a rewrite; why it fails now is kept.
      expect(p.status).toBe('ACCEPTED');
      expect(p.reasons).toEqual([]);
      expect(p.recheck_failed_at).not.toBeNull();
      expect(p.recheck_reasons.map((r: { code: string }) => r.code)).toEqual(['SELLER_NOT_QUALIFIED']);
    }
    const report = await http()
      .get(`/api/imports/${started.body.id}/report?format=json`)
      .set('Authorization', bearer('compliance'))
      .expect(200);
    expect(JSON.stringify(report.body)).toContain(apps[0].policyNumber);
    // PUT is for applications never accepted: a rewrite of this one is refused.
    await http().put(`/api/policies/${apps[0].policyNumber}`).set('Authorization', intake).send(apps[0]).expect(409);

    // The self-check starts a detection run when it ends: one finding per policy, each with its case, through the
    // usual opening path, without anyone starting a run.
    const cs = bearer('customer_service', { user: 'cs-recheck' });
    const rows: Array<{ findingKey: string; caseId: string; policy: string }> = await eventually(
      async () =>
        db.query(
          `SELECT finding_key AS "findingKey", case_id AS "caseId", policy_numbers[1] AS policy FROM findings
         WHERE rule = 'RECHECK_FAILED' AND cluster_ref = ANY($1) AND case_id IS NOT NULL`,
          [apps.map((a) => a.policyNumber)],
        ),
      (r) => r.length === 2,
    );
    expect(rows.map((r) => r.policy).sort()).toEqual(apps.map((a) => a.policyNumber).sort());
    for (const r of rows) expect(r.caseId).toBe(`case-${r.findingKey}`);
    await eventually(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM cases WHERE case_id = ANY($1)`, [rows.map((r) => r.caseId)]))[0]
          .n,
      (n) => n === 2,
    );
    const runDetection = async () => {
      const run = await http().post('/api/detection/runs').set('Authorization', cs).send({ full: false }).expect(202);
      return eventually(
        async () => (await http().get(`/api/detection/runs/${run.body.id}`).set('Authorization', cs).expect(200)).body,
        (r) => r.status !== 'RUNNING',
      );
    };

    // A second self-check and run raise nothing more for these policies.
    const again = await http()
      .post('/api/policies/recheck')
      .set('Authorization', bearer('compliance', { user: 'auditor-1' }))
      .expect(202);
    await eventually(
      async () =>
        (await http().get(`/api/imports/${again.body.id}`).set('Authorization', bearer('compliance')).expect(200)).body,
      (b) => b.status === 'COMPLETED' || b.status === 'FAILED',
    );
    await runDetection();
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM findings WHERE rule = 'RECHECK_FAILED' AND cluster_ref = ANY($1)`,
      [apps.map((a) => a.policyNumber)],
    );
    expect(n).toBe(2);
  });
});
