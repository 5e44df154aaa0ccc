import 'reflect-metadata';
import { Client } from 'pg';
import { loadEnv } from '../../../../libs/config/src';
import type { VerityEnv } from '../../../../libs/config/src';
import { seedDemo } from './demo-seed';

/**
 * `npm start` runs this once the API is up: the demo branch goes into an empty database unless VERITY_DEMO=false.
 * Empty means no policy, no staff member and no case; the staff entries come first, so a second start (even after
 * an interrupted seed) never seeds again.
 */
export async function databaseIsEmpty(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT NOT (EXISTS (SELECT 1 FROM policies) OR EXISTS (SELECT 1 FROM staff) OR EXISTS (SELECT 1 FROM cases)) AS empty`,
    );
    return rows[0].empty === true;
  } finally {
    await client.end();
  }
}

/** Why the demo is not seeded, or null when it should be. */
export async function demoSkipReason(env: VerityEnv): Promise<string | null> {
  if (env.VERITY_DEMO === 'false') return 'VERITY_DEMO=false';
  if (env.AUTH_JWKS_URL || !env.AUTH_JWT_SECRET)
    return 'an identity provider is configured (the demo signs its users with the local secret)';
  if (!(await databaseIsEmpty(env.DATABASE_URL))) return 'the database is not empty';
  return null;
}

async function waitForApi(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the API at ${baseUrl} did not become healthy`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const log = (message: string, level = 'log') =>
  console.log(JSON.stringify({ level, context: 'demo', message, timestamp: Date.now() }));

async function main(): Promise<void> {
  const env = loadEnv();
  const skip = await demoSkipReason(env);
  if (skip) {
    log(`demo branch not seeded: ${skip}`);
    return;
  }
  const baseUrl = process.env.VERITY_API_URL ?? `http://127.0.0.1:${env.PORT}`;
  await waitForApi(baseUrl);
  log('seeding the demo branch (VERITY_DEMO=false turns this off)');
  await seedDemo(baseUrl, env, log);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    log(`demo seed failed: ${(err as Error).stack ?? String(err)}`, 'error');
    process.exit(1);
  });
}
