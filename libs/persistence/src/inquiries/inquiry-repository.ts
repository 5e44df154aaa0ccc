import type { EntityManager } from 'typeorm';
import type { InquiryChannel, InquiryRelation } from '../../../domain/src/inquiry/inquiry-match';
import type { LockKind } from '../../../domain/src/inquiry/inquiry-lockout';

/**
 * The inquiry tables: inquiry_attempts (every inquiry and its outcome) and inquiry_locks; and the one read of a
 * policy's parties an inquiry compares against (policy_parties and policy_beneficiaries, owned by the policies).
 */

type Queryable = Pick<EntityManager, 'query'>;

export type InquiryOutcome = 'granted' | 'refused' | 'locked';

export interface InquiryParty {
  relation: InquiryRelation;
  name: string | null;
  /** Blind index of `type:number`; null when none was entered. */
  idHash: Buffer | null;
  /** Order among the beneficiaries (null for the policyholder and the insured). */
  position: number | null;
}

export interface InquiryTarget {
  policy: { id: string; branchCode: string; channel: string } | null;
  parties: InquiryParty[];
}

/**
 * The parties of the policy of that number, every relation at once, in one statement that returns one row whether
 * the policy exists or not (so an unknown number costs the same lookup). Where the insured is the policyholder, the
 * policyholder's party answers for the insured too.
 */
export async function inquiryTarget(db: Queryable, policyNumber: string): Promise<InquiryTarget> {
  const [row]: Array<{
    id: string | null;
    branch_code: string | null;
    channel: string | null;
    insured_is_policyholder: boolean | null;
    parties: Array<{ role: 'policyholder' | 'insured'; name: string | null; hash: string | null }>;
    beneficiaries: Array<{ position: number; name: string; hash: string }>;
  }> = await db.query(
    `SELECT p.id::text, p.branch_code, p.channel, p.insured_is_policyholder,
            COALESCE((SELECT json_agg(json_build_object('role', pp.role, 'name', pp.name, 'hash', encode(pp.id_number_hash, 'hex')))
                      FROM policy_parties pp WHERE pp.policy_id = p.id), '[]'::json) AS parties,
            COALESCE((SELECT json_agg(json_build_object('position', b.position, 'name', b.name, 'hash', encode(b.id_number_hash, 'hex')) ORDER BY b.position)
                      FROM policy_beneficiaries b WHERE b.policy_id = p.id), '[]'::json) AS beneficiaries
     FROM (SELECT $1::text AS policy_number) asked LEFT JOIN policies p ON p.policy_number = asked.policy_number`,
    [policyNumber],
  );
  if (row.id === null) return { policy: null, parties: [] };
  const buf = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex'));
  const parties: InquiryParty[] = row.parties.map((p) => ({
    relation: p.role,
    name: p.name,
    idHash: buf(p.hash),
    position: null,
  }));
  const holder = parties.find((p) => p.relation === 'policyholder');
  if (row.insured_is_policyholder && holder) parties.push({ ...holder, relation: 'insured' });
  for (const b of row.beneficiaries)
    parties.push({ relation: 'beneficiary', name: b.name, idHash: buf(b.hash), position: b.position });
  return { policy: { id: row.id, branchCode: row.branch_code!, channel: row.channel! }, parties };
}

/** Serialises the inquiries of one asker identity and of one policy number, so concurrent failures are all counted. */
export async function lockInquiryKeys(tx: Queryable, keys: string[]): Promise<void> {
  for (const key of [...keys].sort())
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`inquiry:${key}`]);
}

/** The current lock (or the last one, ended) of the asker and of the policy number. */
export async function readInquiryLocks(
  tx: Queryable,
  askerKey: string,
  policyKey: string,
): Promise<Record<LockKind, Date | null>> {
  const rows: Array<{ kind: LockKind; locked_until: Date }> = await tx.query(
    `SELECT kind, locked_until FROM inquiry_locks WHERE (kind = 'asker' AND key = $1) OR (kind = 'policy' AND key = $2)`,
    [askerKey, policyKey],
  );
  const until = (kind: LockKind) => rows.find((r) => r.kind === kind)?.locked_until ?? null;
  return { asker: until('asker'), policy: until('policy') };
}

export async function recordInquiryAttempt(
  tx: Queryable,
  a: {
    at: Date;
    actorId: string;
    policyKey: string;
    askerHash: Buffer;
    relation: InquiryRelation;
    channel: InquiryChannel;
    outcome: InquiryOutcome;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO inquiry_attempts (at, actor_id, policy_key, asker_hash, relation, channel, outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [a.at, a.actorId, a.policyKey, a.askerHash, a.relation, a.channel, a.outcome],
  );
}

/** Refused inquiries of the asker after `askerSince` and of the policy number after `policySince`. */
export async function countInquiryFailures(
  tx: Queryable,
  askerHash: Buffer,
  askerSince: Date,
  policyKey: string,
  policySince: Date,
): Promise<Record<LockKind, number>> {
  const [row]: Array<{ asker: number; policy: number }> = await tx.query(
    `SELECT (SELECT count(*) FROM inquiry_attempts WHERE outcome = 'refused' AND asker_hash = $1 AND at > $2)::int AS asker,
            (SELECT count(*) FROM inquiry_attempts WHERE outcome = 'refused' AND policy_key = $3 AND at > $4)::int AS policy`,
    [askerHash, askerSince, policyKey, policySince],
  );
  return row;
}

export async function setInquiryLock(
  tx: Queryable,
  kind: LockKind,
  key: string,
  lockedAt: Date,
  lockedUntil: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO inquiry_locks (kind, key, locked_at, locked_until) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, key) DO UPDATE SET locked_at = EXCLUDED.locked_at, locked_until = EXCLUDED.locked_until`,
    [kind, key, lockedAt, lockedUntil],
  );
}
