import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';

/**
 * Verifies the audit trail's hash chain (migrations/1765610000000-AuditChain.ts): recomputes every link's hash from
 * the entry's stored content, here and not in the database, so a changed function there cannot hide a changed entry,
 * and checks each link names the one before. Anchors (the chain head written outside the database daily) catch a
 * rewrite of the whole chain, which a chain alone cannot.
 */

type Queryable = Pick<EntityManager, 'query'>;

const GENESIS_HASH = '0'.repeat(64);

/** What can be wrong with the chain, in the order the verifier looks. */
export const CHAIN_BREAKS = [
  'entry_changed', // the entry's content no longer gives the link's hash
  'link_broken', // the link does not name the previous link's hash
  'sequence_gap', // a link is missing
  'entry_missing', // the link's entry is gone
  'entry_unchained', // an entry without a link: written with the chain's trigger switched off
  'head_mismatch', // the head the next writer links to is not the last link
  'anchor_mismatch', // a head written outside the database is not in the chain any more
] as const;
export type ChainBreak = (typeof CHAIN_BREAKS)[number];

export interface ChainVerification {
  ok: boolean;
  /** Links checked, in the range asked for. */
  checked: number;
  fromSeq: number | null;
  toSeq: number | null;
  headSeq: number;
  anchorsChecked: number;
  firstBreak: { seq: number | null; auditId: string | null; kind: ChainBreak; detail: string } | null;
}

export interface ChainRange {
  /** Entries written at or after this instant (ISO); default: the first. */
  from?: string;
  /** Entries written at or before this instant (ISO); default: the last. */
  to?: string;
}

export interface AuditAnchor {
  seq: number;
  entryHash: string;
  writtenAt: string;
}

interface LinkRow {
  seq: string;
  audit_id: string;
  prev_hash: string;
  entry_hash: string;
  id: string | null;
  at: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string | null;
  entity_type: string | null;
  entity_id: string | null;
  before_hash: string | null;
  after_hash: string | null;
  detail: string | null;
}

const BATCH = 5_000;

/** One field of the canonical content: its byte length first, so no value can pass for a field boundary. */
function field(value: string | null): string {
  return value === null ? 'n;' : `s${Buffer.byteLength(value, 'utf8')}:${value};`;
}

/** The link's hash, as the chain's trigger computes it (audit_entry_hash). */
function linkHash(
  prevHash: string,
  seq: string,
  e: Omit<LinkRow, 'seq' | 'audit_id' | 'prev_hash' | 'entry_hash'>,
): string {
  const content = [
    prevHash,
    seq,
    e.id,
    e.at,
    e.actor_id,
    e.actor_role,
    e.action,
    e.entity_type,
    e.entity_id,
    e.before_hash,
    e.after_hash,
    e.detail,
  ]
    .map(field)
    .join('');
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

async function seqRange(db: Queryable, range: ChainRange): Promise<{ from: number; to: number } | null> {
  const [row]: Array<{ lo: string | null; hi: string | null }> = await db.query(
    `SELECT min(c.seq) AS lo, max(c.seq) AS hi FROM audit_chain c JOIN audit_log a ON a.id = c.audit_id
      WHERE ($1::timestamptz IS NULL OR a.at >= $1) AND ($2::timestamptz IS NULL OR a.at <= $2)`,
    [range.from ?? null, range.to ?? null],
  );
  return row.lo === null || row.hi === null ? null : { from: Number(row.lo), to: Number(row.hi) };
}

/** Walks the links of the entries written in `range` (all by default) and names the first break found. */
export async function verifyAuditChain(
  db: Queryable,
  range: ChainRange = {},
  anchors: AuditAnchor[] = [],
): Promise<ChainVerification> {
  const head = await auditChainHead(db);
  const headSeq = head.seq;
  const result: ChainVerification = {
    ok: true,
    checked: 0,
    fromSeq: null,
    toSeq: null,
    headSeq,
    anchorsChecked: 0,
    firstBreak: null,
  };
  const fail = (brk: NonNullable<ChainVerification['firstBreak']>): ChainVerification => ({
    ...result,
    ok: false,
    firstBreak: brk,
  });

  const whole = range.from === undefined && range.to === undefined;
  // The hash of the last link checked (or of the one before the range).
  let prevHash = GENESIS_HASH;
  // The whole chain is walked by position, so links whose entries are gone are walked too.
  const bounds = whole ? (headSeq > 0 ? { from: 1, to: headSeq } : null) : await seqRange(db, range);
  if (bounds) {
    result.fromSeq = bounds.from;
    result.toSeq = bounds.to;
    let expected = result.fromSeq;
    if (expected > 1) {
      const [before]: Array<{ entry_hash: string }> = await db.query(
        `SELECT entry_hash FROM audit_chain WHERE seq = $1`,
        [expected - 1],
      );
      if (!before) return fail({ seq: expected - 1, auditId: null, kind: 'sequence_gap', detail: 'link missing' });
      prevHash = before.entry_hash;
    }
    while (expected <= result.toSeq) {
      const rows: LinkRow[] = await db.query(
        `SELECT c.seq, c.audit_id, c.prev_hash, c.entry_hash, a.id,
                to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, a.actor_id, a.actor_role,
                a.action, a.entity_type, a.entity_id, a.before_hash, a.after_hash, a.detail::text AS detail
           FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.audit_id
          WHERE c.seq >= $1 AND c.seq <= $2 ORDER BY c.seq LIMIT ${BATCH}`,
        [expected, result.toSeq],
      );
      if (rows.length === 0) {
        return fail({ seq: expected, auditId: null, kind: 'sequence_gap', detail: 'link missing' });
      }
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== expected) {
          return fail({ seq: expected, auditId: null, kind: 'sequence_gap', detail: `link missing before ${seq}` });
        }
        if (row.prev_hash !== prevHash) {
          return fail({ seq, auditId: row.audit_id, kind: 'link_broken', detail: 'does not name the previous link' });
        }
        if (row.id === null) {
          return fail({ seq, auditId: row.audit_id, kind: 'entry_missing', detail: 'the entry is gone' });
        }
        if (linkHash(row.prev_hash, row.seq, row) !== row.entry_hash) {
          return fail({ seq, auditId: row.audit_id, kind: 'entry_changed', detail: 'content differs from its hash' });
        }
        prevHash = row.entry_hash;
        expected += 1;
        result.checked += 1;
      }
    }
  }

  if (whole) {
    const [last]: Array<{ seq: string | null }> = await db.query(`SELECT max(seq) AS seq FROM audit_chain`);
    if (Number(last.seq ?? 0) !== headSeq || prevHash !== head.entryHash) {
      return fail({ seq: headSeq, auditId: null, kind: 'head_mismatch', detail: 'the head is not the last link' });
    }
    const [unchained]: Array<{ id: string } | undefined> = await db.query(
      `SELECT a.id FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
        ORDER BY a.id LIMIT 1`,
    );
    if (unchained) {
      return fail({ seq: null, auditId: unchained.id, kind: 'entry_unchained', detail: 'an entry without a link' });
    }
  }

  const anchored: Array<{ seq: string; entry_hash: string }> = anchors.length
    ? await db.query(`SELECT seq, entry_hash FROM audit_chain WHERE seq = ANY($1::bigint[])`, [
        anchors.map((a) => a.seq),
      ])
    : [];
  const linkHashAt = new Map(anchored.map((l) => [Number(l.seq), l.entry_hash]));
  for (const anchor of anchors) {
    result.anchorsChecked += 1;
    if (linkHashAt.get(anchor.seq) !== anchor.entryHash) {
      return fail({
        seq: anchor.seq,
        auditId: null,
        kind: 'anchor_mismatch',
        detail: `the head written on ${anchor.writtenAt} is not in the chain`,
      });
    }
  }
  return result;
}

/** The chain's head now: what an anchor records. */
export async function auditChainHead(db: Queryable): Promise<{ seq: number; entryHash: string }> {
  const [head]: Array<{ seq: string; entry_hash: string }> = await db.query(
    `SELECT seq, entry_hash FROM audit_chain_head`,
  );
  return { seq: Number(head.seq), entryHash: head.entry_hash };
}

/** Appends the head to the day's anchor file in `dir` (written whole, then renamed: never half a file). */
export async function writeAuditAnchor(db: Queryable, dir: string, now = new Date()): Promise<AuditAnchor> {
  const head = await auditChainHead(db);
  const anchor: AuditAnchor = { ...head, writtenAt: now.toISOString() };
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `audit-anchor-${anchor.writtenAt.slice(0, 10)}.jsonl`);
  const previous = await readFile(file, 'utf8').catch(() => '');
  await writeFile(`${file}.tmp`, `${previous}${JSON.stringify(anchor)}\n`, { mode: 0o640 });
  await rename(`${file}.tmp`, file);
  return anchor;
}

/** Every anchor in `dir`, oldest first; none when the folder does not exist yet. */
export async function readAuditAnchors(dir: string): Promise<AuditAnchor[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const anchors: AuditAnchor[] = [];
  for (const name of names.filter((n) => /^audit-anchor-\d{4}-\d{2}-\d{2}\.jsonl$/.test(n)).sort()) {
    for (const line of (await readFile(path.join(dir, name), 'utf8')).split('\n')) {
      if (line.trim()) anchors.push(JSON.parse(line) as AuditAnchor);
    }
  }
  return anchors;
}
