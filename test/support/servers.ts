import type { INestApplication } from '@nestjs/common';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { createApp } from '../../apps/api/src/bootstrap';
import type { Role } from '../../libs/contracts/src/roles';
import { createActivities } from '../../apps/worker/src/activities';
import { loadEnv } from '../../libs/config/src';
import { temporalDataConverter } from '../../libs/temporal/src';
import { pollUntil } from '../../scripts/lib/poll.cjs';

/**
 * Helpers for the integration suites. The servers themselves (PostgreSQL, Temporal) are started once per run
 * by test/setup/global-setup.mjs, which exports DATABASE_URL and TEMPORAL_ADDRESS.
 */

/** A task queue of the suite's own, so workers of different suites never pick up each other's work. */
export function useOwnTaskQueue(): string {
  const queue = `test-${randomUUID()}`;
  process.env.TEMPORAL_TASK_QUEUE = queue;
  return queue;
}

export async function startApi(): Promise<INestApplication> {
  const app = await createApp({ logger: false });
  await app.init();
  return app;
}

let runtimeInstalled = false;

/** An in-process worker polling the suite's queue, with real activities on the real database. */
export async function startWorker(taskQueue: string): Promise<{ stop: () => Promise<void> }> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } });
    runtimeInstalled = true;
  }
  const env = loadEnv();
  const { close, activities } = await createActivities(env);
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue,
    activities,
    dataConverter: temporalDataConverter(env),
    workflowsPath: path.resolve(__dirname, '../../apps/worker/src/workflows'),
  });
  const running = worker.run();
  return {
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await close();
    },
  };
}

export interface TokenOptions {
  user?: string;
  branches?: string[];
  channels?: string[];
}

/** A bearer header signed with the run's secret, as `npm run token` would make. */
export function bearer(role: Role, opts: TokenOptions = {}): string {
  const token = jwt.sign(
    { role, branches: opts.branches ?? ['*'], channels: opts.channels ?? ['*'] },
    process.env.AUTH_JWT_SECRET!,
    { subject: opts.user ?? `${role}-user`, expiresIn: '1h', algorithm: 'HS256' },
  );
  return `Bearer ${token}`;
}

/** Polls until the predicate holds (for workflows finishing in the background); no timing assertions. */
export { pollUntil as eventually } from '../../scripts/lib/poll.cjs';

/**
 * The worker as its own process, built from dist/ exactly as `npm start` runs it, so a test can kill it
 * without warning (SIGKILL) the way a crash or a pulled plug would.
 */
export function spawnWorkerProcess(taskQueue: string): ChildProcess {
  const main = path.resolve(__dirname, '../../dist/apps/worker/src/main.js');
  return spawn(process.execPath, [main], {
    env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A TCP port nobody listens on right now, for a server the test starts. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The API as its own process, built from dist/ exactly as `npm start` runs it, on the given port; resolves once it
 * answers its health check. Stop it with killProcess.
 */
export async function spawnApiProcess(port: number): Promise<ChildProcess> {
  const main = path.resolve(__dirname, '../../dist/apps/api/src/main.js');
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`the API on port ${port} exited (${child.exitCode})`);
        try {
          return (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200;
        } catch {
          return false;
        }
      },
      Boolean,
      { timeoutMs: 60_000, intervalMs: 200, what: `the API on port ${port}` },
    );
  } catch (err) {
    await killProcess(child, 'SIGKILL');
    throw err;
  }
  return child;
}

export async function killProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * A Temporal namespace of the suite's own (one of those test/setup/suite-namespaces.mjs has the dev server create),
 * for suites that seed the same records as another suite. Call it before starting the API and worker; the returned
 * function restores the run's namespace.
 */
export function useOwnNamespace(
  namespace: 'demo-seed' | 'console-browser' | 'console-conduct' | 'console-reports',
): () => void {
  const runNamespace = process.env.TEMPORAL_NAMESPACE;
  process.env.TEMPORAL_NAMESPACE = namespace;
  return () => {
    if (runNamespace === undefined) delete process.env.TEMPORAL_NAMESPACE;
    else process.env.TEMPORAL_NAMESPACE = runNamespace;
  };
}

/**
 * A Temporal dev server of the suite's own, its state in `dbFile` (the same CLI and pragmas as `npm start`), for
 * suites that stop a server and start another from its file. Stop it with the returned function.
 */
export async function startOwnTemporal(dbFile: string): Promise<{ address: string; stop: () => Promise<void> }> {
  const cli = process.env.VERITY_TEST_TEMPORAL_CLI;
  if (!cli) throw new Error('no Temporal CLI: global setup installs it into .tools/py (python3 and pip are needed)');
  const port = await freePort();
  const args = ['server', 'start-dev', '--headless', '--db-filename', dbFile, '--port', String(port)];
  args.push('--ip', '127.0.0.1', '--log-level', 'error');
  args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`the Temporal dev server exited (${child.exitCode})`);
        try {
          const connection = await Connection.connect({ address, connectTimeout: 2000 });
          try {
            await connection.workflowService.describeNamespace({ namespace: 'default' });
            return true;
          } finally {
            await connection.close();
          }
        } catch {
          return false;
        }
      },
      Boolean,
      { timeoutMs: 60_000, intervalMs: 250, what: `Temporal dev server at ${address}` },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, stop };
}
