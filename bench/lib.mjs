// Shared by the benchmarks: servers on free ports with throw-away state, the API and the worker as real
// processes built from dist/, and their peak memory read from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newEvidenceSigningKey } from '../scripts/lib/local-secrets.mjs';
import { pollUntil } from '../scripts/lib/poll.cjs';
import { freePort, ROOT, startPostgres, startTemporal, stopChild } from '../scripts/lib/services.mjs';

export { ROOT };

/** A throw-away folder for a benchmark's servers; readable by PostgreSQL's own user when we run as root. */
export function benchDir(prefix = 'verity-bench-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Runs the migrations from dist/ with the given environment (DATABASE_URL at least). */
export function migrate(env) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(run.stderr || `migrate exited ${run.status}`);
}

export async function startStack(extraEnv = {}) {
  const dir = benchDir();
  // What has started so far, stopped in reverse when a later step (a migration, the health wait) fails.
  const started = [];
  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop().catch(() => {});
  };
  try {
    // BENCH_PG_LOG=1 prints PostgreSQL's own log (a server that stops half-way says why there).
    const pgLog = process.env.BENCH_PG_LOG ? (line) => process.stderr.write(`[postgres] ${line}`) : undefined;
    const pg = await startPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log: pgLog });
    started.push(() => pg.stop());
    const temporal = await startTemporal({
      dbFile: path.join(dir, 'temporal.db'),
      port: await freePort(),
      logFile: path.join(dir, 'temporal.log'),
    });
    started.push(() => temporal.stop());
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      VERITY_DATA_KEY: randomBytes(32).toString('base64'),
      TEMPORAL_CODEC_KEY: randomBytes(32).toString('base64'),
      AUTH_JWT_SECRET: randomBytes(32).toString('base64'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      EVIDENCE_SIGNING_KEY: newEvidenceSigningKey(),
      EVIDENCE_DIR: path.join(dir, 'evidence'),
      ...extraEnv,
    };
    migrate(env);
    // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the worker (BENCH_API_NODE_ARGS the API).
    // Same heap bound as `npm start` (VERITY_HEAP_MB, default 256).
    const heap = `--max-old-space-size=${Number(env.VERITY_HEAP_MB || 256)}`;
    const workerArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const worker = spawn(process.execPath, [heap, ...workerArgs, path.join(ROOT, 'dist/apps/worker/src/main.js')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    started.push(() => stopChild(worker));
    const apiArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const api = spawn(process.execPath, [heap, ...apiArgs, path.join(ROOT, 'dist/apps/api/src/main.js')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    started.push(() => stopChild(api));
    const base = `http://127.0.0.1:${port}/api`;
    const healthy = async () => {
      try {
        return (await fetch(`${base}/health`)).ok;
      } catch {
        return false; // not up yet
      }
    };
    await pollUntil(healthy, Boolean, { timeoutMs: 60_000, intervalMs: 200, what: 'the API healthy' });
    return {
      env,
      base,
      api,
      worker,
      databaseUrl: pg.url,
      stop: async () => {
        await Promise.all([stopChild(api), stopChild(worker)]);
        await temporal.stop();
        await pg.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopStarted();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Peak resident memory (VmHWM) of a live process, in MB. */
export function peakRssMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
