import { plainToInstance } from 'class-transformer';
import { DURATION_PATTERN } from './duration';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * Every setting Verity reads from the environment, validated once at boot so a typo fails loudly at start,
 * not at the first request. The README's configuration table mirrors this class.
 */
export class VerityEnv {
  /** postgres://user:pass@host:port/db — `npm start` fills it with the embedded server's URL when unset. */
  @IsString()
  DATABASE_URL!: string;

  /** host:port of the Temporal frontend. */
  @IsString()
  TEMPORAL_ADDRESS: string = '127.0.0.1:7233';

  @IsString()
  TEMPORAL_NAMESPACE: string = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE: string = 'verity';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** Base64 of 32 random bytes: the data key for AES-256-GCM field encryption and the HMAC blind index. */
  @IsString()
  @MinLength(40)
  VERITY_DATA_KEY!: string;

  /** The data key's id, written into every field ciphertext; default: a fingerprint of the key. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'VERITY_DATA_KEY_ID must be 1-64 letters, digits, dots, dashes or underscores',
  })
  VERITY_DATA_KEY_ID?: string;

  /** Data keys being rotated out (`npm run keys:rotate`), still decrypting what is stored: `id=base64,id=base64`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}=[A-Za-z0-9+/]+={0,2}(,[A-Za-z0-9._-]{1,64}=[A-Za-z0-9+/]+={0,2})*$/, {
    message: 'VERITY_DATA_PREVIOUS_KEYS must be id=base64 pairs separated by commas',
  })
  VERITY_DATA_PREVIOUS_KEYS?: string;

  /** HS256 secret for locally signed tokens (`npm run token`). Ignored when AUTH_JWKS_URL is set. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUTH_JWT_SECRET?: string;

  /** Production: tokens are verified against this issuer's JWKS instead of the local secret. */
  @IsOptional()
  @IsString()
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /**
   * The console's client id at AUTH_ISSUER (a public client: authorization code with PKCE, no secret). With
   * AUTH_JWKS_URL but without it the API still starts (machine clients need no console) and the sign-in page names it.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7E]{1,255}$/, {
    message: 'AUTH_OIDC_CLIENT_ID must be 1-255 printable ASCII characters, no spaces',
  })
  AUTH_OIDC_CLIENT_ID?: string;

  /** Scopes the console asks the identity provider for: space-separated, openid among them (the id token). */
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, {
    message: 'AUTH_OIDC_SCOPE must be scope tokens separated by single spaces',
  })
  AUTH_OIDC_SCOPE: string = 'openid profile';

  /** Longest life a bearer token may have (exp - iat) and oldest it may be (now - iat): seconds or 45m, 12h, 1d. */
  @Matches(DURATION_PATTERN, {
    message: 'AUTH_MAX_TOKEN_AGE must be a duration: seconds, or a number with s, m, h or d',
  })
  AUTH_MAX_TOKEN_AGE: string = '12h';

  /**
   * How long a case step's request waits for the workflow to answer before it gets 504 (the step may still finish:
   * a worker that is down, or a write retried until an operator fixes its cause, e.g. a missing data key).
   */
  @Matches(DURATION_PATTERN, { message: 'CASE_STEP_WAIT must be a duration: seconds, or a number with s, m, h or d' })
  CASE_STEP_WAIT: string = '60s';

  /** Base64 of 32 bytes: the AES-256-GCM key of the Temporal payload codec; `npm start` keeps one in .data/keys. */
  @IsOptional()
  @IsString()
  TEMPORAL_CODEC_KEY?: string;

  /** The codec key's id, written into every encrypted payload; default: a fingerprint of the key. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'TEMPORAL_CODEC_KEY_ID must be 1-64 letters, digits, dots, dashes or underscores',
  })
  TEMPORAL_CODEC_KEY_ID?: string;

  /** Keys being rotated out, still decrypting what history holds: `id=base64,id=base64`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}=[A-Za-z0-9+/]+={0,2}(,[A-Za-z0-9._-]{1,64}=[A-Za-z0-9+/]+={0,2})*$/, {
    message: 'TEMPORAL_CODEC_PREVIOUS_KEYS must be id=base64 pairs separated by commas',
  })
  TEMPORAL_CODEC_PREVIOUS_KEYS?: string;

  /** Origin of the Temporal Web UI (e.g. http://127.0.0.1:8233) allowed to call the codec endpoint from a browser. */
  @IsOptional()
  @IsString()
  TEMPORAL_UI_ORIGIN?: string;

  @IsIn(['debug', 'log', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'log' | 'warn' | 'error' = 'log';

  /**
   * Origins (scheme://host[:port], comma-separated) allowed to call the API from a browser. Unset: none, since the
   * console is served from the API's own origin.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(,https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)*$/, {
    message: 'CORS_ORIGINS must be origins like https://console.example.cn, separated by commas',
  })
  CORS_ORIGINS?: string;

  /**
   * Which proxies in front of the API to believe about the client's address (X-Forwarded-For), as Express's
   * 'trust proxy': a hop count, or addresses and subnets such as loopback or 10.0.0.0/8. Unset: none.
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|[A-Za-z0-9.:/_-]+(,\s*[A-Za-z0-9.:/_-]+)*)$/, {
    message: 'TRUST_PROXY must be a hop count or comma-separated addresses, subnets or loopback/linklocal/uniquelocal',
  })
  TRUST_PROXY?: string;

  /** Sign-in attempts a client address may make per minute before it is answered 429. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGN_IN_RATE_LIMIT: number = 30;

  /** Customer inquiries (POST /api/inquiries) a client address may make per minute before it is answered 429. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  INQUIRY_RATE_LIMIT: number = 30;

  /** Failed inquiries per asker identity or per policy, inside INQUIRY_LOCK_WINDOW, that lock further ones. */
  @IsInt()
  @Min(1)
  @Max(100)
  INQUIRY_LOCK_THRESHOLD: number = 5;

  /** The window the failed inquiries are counted in: seconds or 45m, 1h, 1d. */
  @Matches(DURATION_PATTERN, {
    message: 'INQUIRY_LOCK_WINDOW must be a duration: seconds, or a number with s, m, h or d',
  })
  INQUIRY_LOCK_WINDOW: string = '1h';

  /** How long a locked asker identity or policy is refused every inquiry, a correct one too: seconds or 30m, 1h. */
  @Matches(DURATION_PATTERN, {
    message: 'INQUIRY_COOLING_PERIOD must be a duration: seconds, or a number with s, m, h or d',
  })
  INQUIRY_COOLING_PERIOD: string = '1h';

  /**
   * The case list counts its matches up to this many and then says "more than": an exact count over a large read
   * model costs more than the page itself (docs/BENCHMARKS.md, bench:api).
   */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  CASE_LIST_COUNT_CAP: number = 10_000;

  /** Rows per import batch (one activity, one transaction). */
  @IsInt()
  @Min(10)
  @Max(50_000)
  IMPORT_BATCH_SIZE: number = 2000;

  /** Import batches run at once per import. */
  @IsInt()
  @Min(1)
  @Max(32)
  IMPORT_PARALLELISM: number = 4;

  /** Largest upload accepted for a bulk import, in megabytes. */
  @IsInt()
  @Min(1)
  IMPORT_MAX_MB: number = 2048;

  /** Working days before the last day of the cooling-off period by which a case must be closed (revisit call). */
  @IsInt()
  @Min(0)
  @Max(30)
  CASE_REVISIT_MARGIN_DAYS: number = 2;

  /** Working days after opening by whose end customer service must distribute a case (1 = end of the next one). */
  @IsInt()
  @Min(1)
  @Max(10)
  CASE_DISTRIBUTION_WORKING_DAYS: number = 1;

  /** Working days customer service has for each re-check task of a complaint re-check campaign (R6). */
  @IsInt()
  @Min(1)
  @Max(60)
  RECHECK_WORKING_DAYS: number = 10;

  /** Notifications are also POSTed here as JSON when set. */
  @IsOptional()
  @IsString()
  NOTIFY_WEBHOOK_URL?: string;

  /** Where evidence files go: a local folder (default) or an S3-compatible bucket. */
  @IsIn(['local', 's3'])
  EVIDENCE_STORE: 'local' | 's3' = 'local';

  @IsString()
  EVIDENCE_DIR: string = '.data/evidence';

  /**
   * Where the audit chain's head is written daily, outside the database (a folder; in production a write-once
   * mount or a bucket synced from it), so a rewrite of the whole audit table is found by `npm run audit:verify`.
   */
  @IsString()
  AUDIT_ANCHOR_DIR: string = '.data/audit-anchors';

  /** When the worker writes the audit anchor each day, Asia/Shanghai (HH:MM). */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'AUDIT_ANCHOR_TIME must be HH:MM' })
  AUDIT_ANCHOR_TIME: string = '23:55';

  /**
   * Where the daily backup writes its generations (`npm run backup` too); unset, the worker schedules no backup.
   * `npm start` sets .data/backups. In production a mounted folder of another machine or a bucket synced from it.
   */
  @IsOptional()
  @IsString()
  BACKUP_DIR?: string;

  /** 32 bytes, base64: encrypts every backup file (AES-256-GCM). Kept apart from the backups: without it none opens. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'BACKUP_KEY must be 32 bytes, base64 (openssl rand -base64 32)' })
  BACKUP_KEY?: string;

  /** Generations kept in BACKUP_DIR; the oldest go once a new one is complete. */
  @IsInt()
  @Min(1)
  @Max(366)
  BACKUP_GENERATIONS: number = 7;

  /** When the worker takes the daily backup, Asia/Shanghai (HH:MM). */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'BACKUP_TIME must be HH:MM' })
  BACKUP_TIME: string = '02:30';

  /**
   * The Temporal dev server's SQLite file, backed up with the database (the embedded default: `npm start` sets
   * .data/temporal.db). Unset with a Temporal cluster or Temporal Cloud, whose state their own backups keep.
   */
  @IsOptional()
  @IsString()
  TEMPORAL_DB_FILE?: string;

  /** Years an accepted policy's data is kept after its term ended (Insurance Law Art. 87: at least 10 for long terms). */
  @IsInt()
  @Min(1)
  @Max(100)
  RETENTION_POLICY_YEARS: number = 10;

  /** Years a refused application is kept after its application date. */
  @IsInt()
  @Min(1)
  @Max(100)
  RETENTION_REJECTED_YEARS: number = 5;

  /** Days the inquiry lock-out counters are kept (every inquiry stays in the audit trail). */
  @IsInt()
  @Min(1)
  @Max(36500)
  RETENTION_INQUIRY_DAYS: number = 365;

  /** Days a finished import's raw staged rows are kept. */
  @IsInt()
  @Min(1)
  @Max(36500)
  RETENTION_IMPORT_ROWS_DAYS: number = 90;

  /** When the worker destroys what is past retention each day, Asia/Shanghai (HH:MM). */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'RETENTION_TIME must be HH:MM' })
  RETENTION_TIME: string = '03:30';

  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsOptional() @IsString() S3_ENDPOINT?: string;
  @IsOptional() @IsString() S3_REGION?: string;
  @IsOptional() @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() S3_SECRET_ACCESS_KEY?: string;

  /** Largest evidence file, in megabytes. */
  @IsInt()
  @Min(1)
  EVIDENCE_MAX_MB: number = 20;

  /** PEM (PKCS#8) of the Ed25519 key that signs investigation reports; `npm start` keeps one in .data/keys. */
  @IsOptional()
  @IsString()
  EVIDENCE_SIGNING_KEY?: string;

  /** When the daily detection runs, HH:MM in Asia/Shanghai. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DETECTION_TIME must be HH:MM (24-hour)' })
  DETECTION_TIME: string = '01:00';

  /** When the daily quarterly-report check runs, HH:MM in Asia/Shanghai (it generates on the first working day after a quarter). */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'REPORT_TIME must be HH:MM (24-hour)' })
  REPORT_TIME: string = '06:00';

  /** 'true': the policyholder and insured of one policy sharing a phone is a SHARED_PHONE finding too. */
  @IsIn(['true', 'false'], { message: 'DETECTION_SAME_POLICY_PHONE must be true or false' })
  DETECTION_SAME_POLICY_PHONE: 'true' | 'false' = 'false';

  /** Default cooling-off period in calendar days when a policy does not say. */
  @IsInt()
  @Min(1)
  @Max(366)
  DEFAULT_COOLING_OFF_DAYS: number = 15;

  /** 'false': `npm start` does not seed the demo branch into an empty database (scripts/start.mjs, apps/api/src/demo). */
  @IsIn(['true', 'false'], { message: 'VERITY_DEMO must be true or false' })
  VERITY_DEMO: 'true' | 'false' = 'true';
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws one error listing every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): VerityEnv {
  const env = plainToInstance(VerityEnv, stripEmpty(source), {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (!env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL) problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL must be set');
  problems.push(...oidcProblems(env));
  if (!env.EVIDENCE_SIGNING_KEY) problems.push('EVIDENCE_SIGNING_KEY must be set (PEM of an Ed25519 private key)');
  // A PEM in one environment line: accept literal \n escapes.
  if (env.EVIDENCE_SIGNING_KEY) env.EVIDENCE_SIGNING_KEY = env.EVIDENCE_SIGNING_KEY.replace(/\\n/g, '\n');
  if (env.BACKUP_DIR && !env.BACKUP_KEY) problems.push('BACKUP_DIR needs BACKUP_KEY (32 bytes, base64)');
  if (problems.length > 0) throw new ConfigError(`invalid environment:\n  ${problems.join('\n  ')}`);
  return env;
}

/**
 * A console client id says the operator means browser sign-in: half of that configuration is refused at start
 * rather than found by the first person who tries to sign in.
 */
function oidcProblems(env: VerityEnv): string[] {
  const problems: string[] = [];
  if (typeof env.AUTH_OIDC_SCOPE === 'string' && !env.AUTH_OIDC_SCOPE.split(' ').includes('openid')) {
    problems.push('AUTH_OIDC_SCOPE must include openid');
  }
  if (!env.AUTH_OIDC_CLIENT_ID) return problems;
  if (!env.AUTH_JWKS_URL)
    problems.push('AUTH_OIDC_CLIENT_ID needs AUTH_JWKS_URL (the issuer whose tokens the API trusts)');
  if (!env.AUTH_ISSUER) problems.push('AUTH_OIDC_CLIENT_ID needs AUTH_ISSUER (where the console signs in)');
  else if (!isIssuerUrl(env.AUTH_ISSUER)) {
    problems.push('AUTH_ISSUER must be an https URL (http only on localhost) for the console to sign in there');
  }
  return problems;
}

/** OpenID discovery needs an https issuer; plain http is allowed on loopback only (local identity providers, tests). */
function isIssuerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.search || url.hash) return false;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
}

function stripEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
