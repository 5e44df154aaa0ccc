import type { VerityEnv } from '../../../../libs/config/src';
import { localDateOf } from '../../../../libs/domain/src/calendar/working-calendar';
import { localToken } from '../auth/local-sign-in.service';
import { demoData } from './demo-data';
import type { DemoChannel } from './demo-data';
import { DEMO_USERS, demoUser } from './demo-users';
import { seedConduct } from './demo-conduct';
import { seedSanctions } from './demo-sanctions';

/**
 * Seeds the demo branch through the public API of a running stack (API and worker), as its users would: the staff
 * directory, agencies and sellers, a few hundred policies through the intake gate, a detection run that opens the
 * cases of the planted clues, then each case moved by the people of its role into the state the demo shows.
 * Only HTTP and local tokens: the seed depends on the API's contract, not on its modules.
 */

export interface DemoSeedSummary {
  staff: number;
  agencies: number;
  sellers: number;
  policies: { accepted: number; rejected: number };
  detectionRunId: string;
  cases: Record<string, number>;
  escalated: number;
}

export type Log = (message: string) => void;

/** What the seed's later parts (demo-conduct.ts, demo-sanctions.ts) use: the seed's HTTP helpers and what it made. */
export interface DemoSeedContext {
  call: <T>(method: string, path: string, user: string, body?: unknown, okStatuses?: number[]) => Promise<T>;
  get: <T>(path: string, user: string) => Promise<T>;
  post: <T>(path: string, user: string, body?: unknown) => Promise<T>;
  until: <T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs?: number) => Promise<T>;
  /** Uploads a minimal PDF as evidence of this type to a case. */
  evidence: (caseId: string, user: string, type: string) => Promise<void>;
  today: string;
  data: ReturnType<typeof demoData>;
  /** The agency and bancassurance cases the seed left open (not distributed), sorted. */
  openCases: { agency: string[]; bancassurance: string[] };
  log: Log;
}

interface CaseRow {
  caseId: string;
  state: string;
  channel: string;
  escalated: boolean;
  policyNumbers: string[];
}

/** A minimal valid PDF: evidence files are checked by their magic bytes. */
const pdf = (title: string): Blob =>
  new Blob([`%PDF-1.4\n% ${title}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`], { type: 'application/pdf' });

/** Seconds compliance gives for the resubmission of the case the demo shows overdue (see docs/decisions.md). */
export const OVERDUE_CASE_DEADLINE_SECONDS = 5;

export async function seedDemo(baseUrl: string, env: VerityEnv, log: Log = () => {}): Promise<DemoSeedSummary> {
  const tokens = new Map(DEMO_USERS.map((u) => [u.username, `Bearer ${localToken(u, env).token}`]));
  const as = (username: string): string => tokens.get(username)!;

  async function call<T>(
    method: string,
    path: string,
    user: string,
    body?: unknown,
    okStatuses: number[] = [],
  ): Promise<T> {
    const init: RequestInit = { method, headers: { Authorization: as(user) } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${baseUrl}/api${path}`, init);
    const text = await res.text();
    if (!res.ok && !okStatuses.includes(res.status))
      throw new Error(`${method} ${path} as ${user}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const get = <T>(path: string, user: string) => call<T>('GET', path, user);
  const post = <T>(path: string, user: string, body: unknown = {}) => call<T>('POST', path, user, body);

  async function until<T>(
    what: string,
    read: () => Promise<T>,
    done: (v: T) => boolean,
    timeoutMs = 180_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`demo seed: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  const today = localDateOf(new Date().toISOString());
  const data = demoData(today);

  // Staff first: escalations pick a compliance supervisor from it (and its presence marks the demo as seeded).
  for (const u of DEMO_USERS) {
    const name = u.displayName.split(' ').pop()!;
    await call('PUT', `/staff/${u.username}`, 'admin', { name, role: u.role, branchCode: u.branches[0] });
  }
  log(`staff: ${DEMO_USERS.length}`);
  for (const a of data.agencies) await post('/agencies', 'yangmin', a);
  for (const s of data.sellers) await post('/sellers', 'yangmin', s);
  log(`agencies: ${data.agencies.length}, sellers: ${data.sellers.length}`);

  const policies = { accepted: 0, rejected: 0 };
  const queue = [...data.applications];
  // A few at a time: the intake gate is quick, and the machine may be small.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let app = queue.shift(); app; app = queue.shift()) {
        const answer = await post<{ underwriting: { decision: string; reasons: unknown[] } }>(
          '/policies',
          'zhengmin',
          app,
        );
        if (answer.underwriting.decision === 'ACCEPTED') policies.accepted += 1;
        else {
          policies.rejected += 1;
          log(`policy ${app.policyNumber} refused: ${JSON.stringify(answer.underwriting.reasons)}`);
        }
      }
    }),
  );
  log(`policies: ${policies.accepted} accepted, ${policies.rejected} refused`);

  const started = await post<{ id: string }>('/detection/runs', 'liuyang', {});
  const run = await until(
    'the detection run',
    () =>
      get<{ status: string; casesOpened: number; error: string | null }>(`/detection/runs/${started.id}`, 'liuyang'),
    (r) => r.status !== 'RUNNING',
  );
  if (run.status !== 'COMPLETED') throw new Error(`demo seed: the detection run ${run.status}: ${run.error}`);
  const listCases = async () =>
    (await get<{ items: CaseRow[]; total: number }>('/cases?pageSize=200', 'zhoujie')).items;
  const opened = await until('the cases of the detection run', listCases, (items) => items.length >= run.casesOpened);
  log(`detection run ${started.id}: ${opened.length} cases opened`);

  const byChannel = (channel: DemoChannel) =>
    opened
      .filter((c) => c.channel === channel)
      .map((c) => c.caseId)
      .sort();
  const agency = byChannel('agency');
  const banca = byChannel('bancassurance');
  const step = (caseId: string, name: string, user: string, body: unknown = {}) =>
    post<CaseRow>(`/cases/${caseId}/${name}`, user, body);
  const evidence = async (caseId: string, user: string, type: string) => {
    const form = new FormData();
    form.append('type', type);
    form.append('file', pdf(`${type} ${caseId}`), `${type}.pdf`);
    await call('POST', `/cases/${caseId}/evidence`, user, form);
  };
  const investigateAndSubmit = async (caseId: string, clerk: string, summary: string) => {
    await step(caseId, 'distribute', 'liuyang');
    await step(caseId, 'claim', clerk);
    await evidence(caseId, clerk, 'customer_confirmation');
    await evidence(caseId, clerk, 'investigation_report');
    await step(caseId, 'submit', clerk, { outcome: 'CLEARED', summary });
  };

  // Agency cases, soonest done first: closed, waiting for approval, overdue and escalated, investigating (claimed;
  // assigned by the team leader), distributed; the rest stay open for customer service to distribute.
  const [closed, pending, overdue, claimed, assigned, distributed] = agency;
  await investigateAndSubmit(closed, 'zhangwei', '电话回访确认：共用号码为投保人配偶所有，客户已签字确认。');
  await step(closed, 'approve', 'chenjing', { note: '材料齐全，同意结案。' });
  await investigateAndSubmit(pending, 'zhangwei', '已回访两位客户，号码为家庭共用，附客户确认书与调查报告。');
  await investigateAndSubmit(overdue, 'zhangwei', '客户称银行账户为亲属代缴。');
  // Compliance sends it back with a deadline a few seconds ahead; nobody resubmits, so the workflow escalates it.
  const dueAt = new Date(Date.now() + OVERDUE_CASE_DEADLINE_SECONDS * 1000).toISOString();
  await step(overdue, 'reject', 'chenjing', { reason: '缺少代缴人关系证明，请补充后重新提交。', newDueAt: dueAt });
  await step(claimed, 'distribute', 'liuyang');
  await step(claimed, 'claim', 'zhangwei');
  await step(assigned, 'distribute', 'liuyang');
  await step(assigned, 'assign', 'wangfang', { assigneeId: 'zhangwei' });
  await step(distributed, 'distribute', 'liuyang');
  // Bancassurance: one claimed by its clerk, the others open.
  await step(banca[0], 'distribute', 'liuyang');
  await step(banca[0], 'claim', 'lina');
  await until(
    'the overdue case to escalate',
    () => get<{ view: CaseRow }>(`/cases/${overdue}`, 'zhoujie'),
    (d) => d.view.escalated,
  );

  const context: DemoSeedContext = {
    call,
    get,
    post,
    until,
    evidence,
    today,
    data,
    openCases: { agency: agency.slice(6), bancassurance: banca.slice(1) },
    log,
  };
  await seedConduct(context); // complaints and the re-check campaign they start
  await seedSanctions(context); // a confirmed false-data case and its penalty proposal, an incident, a report

  const final = await listCases();
  const cases: Record<string, number> = {};
  for (const c of final) cases[c.state] = (cases[c.state] ?? 0) + 1;
  const summary = {
    staff: DEMO_USERS.length,
    agencies: data.agencies.length,
    sellers: data.sellers.length,
    policies,
    detectionRunId: started.id,
    cases,
    escalated: final.filter((c) => c.escalated).length,
  };
  log(
    `demo branch seeded: ${JSON.stringify(summary)}; sign in at / as ${demoUser('zhangwei')!.displayName} or another demo user`,
  );
  return summary;
}
