// npm run test:fuzz: schemathesis over the published OpenAPI (/api/docs-json), once per role, against a throw-away
// stack (embedded PostgreSQL, Temporal dev server, migrations, the API and a worker on free ports). Fails on any 5xx
// or any response that breaks the published schema; stops every server it started whatever happens; ends with
// "N passed, N failed" counted per role.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { newEvidenceSigningKey } from './lib/local-secrets.mjs';
import { pollUntil } from './lib/poll.cjs';
import { ensureAppRole, freePort, ROOT, startPostgres, startTemporal, stopChild } from './lib/services.mjs';

/** Pinned so every machine fuzzes with the same generator and checks. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const ROLES = (process.env.FUZZ_ROLES ?? 'intake,back_office,customer_service,compliance,admin').split(',');
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '25';
// 5xx, answers that break the published schema (body and content type), and status codes the operation does not
// document (each documents its success answer and the error answers it really gives). FUZZ_CHECKS overrides.
const CHECKS =
  process.env.FUZZ_CHECKS ??
  'not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');

function findOrInstallSchemathesis() {
  const dir = path.join(ROOT, '.tools', 'schemathesis', SCHEMATHESIS_VERSION);
  if (existsSync(path.join(dir, 'schemathesis'))) return dir;
  console.log(`installing schemathesis==${SCHEMATHESIS_VERSION} into .tools/schemathesis`);
  const part = `${dir}.part`;
  rmSync(part, { recursive: true, force: true });
  const r = spawnSync(
    'python3',
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--target',
      part,
      `schemathesis==${SCHEMATHESIS_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('could not install schemathesis from PyPI');
  renameSync(part, dir);
  return dir;
}

async function waitForHealth(url, child, timeoutMs = 60_000) {
  const healthy = async () => {
    if (child.exitCode !== null) throw new Error('the API exited at start');
    try {
      return (await fetch(url)).ok;
    } catch {
      return false; // not up yet
    }
  };
  await pollUntil(healthy, Boolean, { timeoutMs, intervalMs: 300, what: url });
}

/** Runs schemathesis, echoing its output; resolves with its exit code and the "Test cases" summary figures. */
function runSchemathesis(toolDir, args) {
  return new Promise((resolve) => {
    const child = spawn('python3', ['-m', 'schemathesis.cli', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PYTHONPATH: toolDir, SCHEMATHESIS_TELEMETRY: 'false' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk;
    });
    child.once('exit', (code) => {
      const m = /(\d+) generated, (\d+) passed\s*$/m.exec(out);
      resolve({ code, generated: m ? Number(m[1]) : null, passed: m ? Number(m[2]) : null });
    });
  });
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-fuzz-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as its own user and must reach its data folder
  const stops = [];
  let passed = 0;
  let failed = 0;
  let requests = 0;
  try {
    const toolDir = findOrInstallSchemathesis();
    const pg = await startPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
    stops.push(pg.stop);
    const temporal = await startTemporal({
      dbFile: path.join(dir, 'temporal.db'),
      port: await freePort(),
      logFile: path.join(dir, 'temporal.log'),
    });
    stops.push(temporal.stop);
    const secret = randomBytes(32).toString('base64');
    const port = await freePort();
    const env = {
      ...process.env,
      // As `npm start`: the API and the worker connect as the application's role, the owner only migrates.
      DATABASE_URL: await ensureAppRole(pg.url, randomBytes(16).toString('hex')),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `fuzz-${randomBytes(4).toString('hex')}`,
      VERITY_DATA_KEY: randomBytes(32).toString('base64'),
      TEMPORAL_CODEC_KEY: randomBytes(32).toString('base64'),
      AUTH_JWT_SECRET: secret,
      EVIDENCE_SIGNING_KEY: newEvidenceSigningKey(),
      EVIDENCE_DIR: path.join(dir, 'evidence'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const migrate = spawnSync(process.execPath, [path.join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
      env: { ...env, MIGRATION_DATABASE_URL: pg.url },
      stdio: 'inherit',
    });
    if (migrate.status !== 0) throw new Error('migrations failed (did the build run?)');
    for (const app of ['worker', 'api']) {
      const child = spawn(process.execPath, [path.join(ROOT, `dist/apps/${app}/src/main.js`)], {
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      stops.push(() => stopChild(child));
      if (app === 'api') await waitForHealth(`http://127.0.0.1:${port}/api/health`, child);
    }

    for (const role of ROLES) {
      const token = jwt.sign({ role, branches: ['*'], channels: ['*'] }, secret, {
        subject: `fuzz-${role}`,
        expiresIn: '1h',
        algorithm: 'HS256',
      });
      console.log(`\n=== schemathesis as ${role} ===`);
      const args = [
        'run',
        `http://127.0.0.1:${port}/api/docs-json`,
        '--url',
        `http://127.0.0.1:${port}`,
        '-H',
        `Authorization: Bearer ${token}`,
        '--checks',
        CHECKS,
        '--max-examples',
        MAX_EXAMPLES,
        '--phases',
        'fuzzing',
        '--workers',
        '2',
        '--request-timeout',
        '30',
        '--seed',
        process.env.FUZZ_SEED ?? '7',
        '--suppress-health-check',
        'all',
      ];
      const run = await runSchemathesis(toolDir, args);
      requests += run.generated ?? 0;
      // Exit 1 also covers schemathesis's own runtime errors (a Hypothesis "inconsistent results" or KeyError while
      // generating): the role still passes when every generated case passed every check, and the log says so.
      const clean = run.code === 0 || (run.generated !== null && run.generated === run.passed && run.generated > 0);
      if (clean) passed += 1;
      else failed += 1;
      console.log(
        `=== ${role}: ${clean ? `passed (${run.generated} cases${run.code === 0 ? '' : '; schemathesis reported errors of its own, see above'})` : `failed (exit ${run.code})`} ===`,
      );
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    failed += 1;
  } finally {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        console.error(`stopping a server: ${err}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`fuzz: ${requests} test cases over ${ROLES.length} roles`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
