import type { DetectionRule } from '../../contracts/src/detection.contract';

/**
 * The SQL that finds each rule's clusters. The statements fill the temporary table `detected(ref, customers, policies,
 * channel, branch_code, seller_code)` with one row per cluster: customers (distinct, sorted) sharing one value.
 * Two phases keep a full scan close to the bare `GROUP BY h HAVING min(customer) <> max(customer)`: the cheap
 * aggregate over the narrow index first, then details only for the few candidate values.
 * Only accepted, in-scope policies count (Art. 4); people without a valid identity are not customers yet.
 * `$1` is the watermark (null: everything) — with it, only values touched by records changed since then.
 */

const ELIGIBLE = `p.in_scope AND p.status = 'ACCEPTED'`;

export interface ClusterOptions {
  /** DETECTION_SAME_POLICY_PHONE: the policyholder and insured of one policy sharing a phone is a finding too. */
  samePolicyPhone: boolean;
}

/** A person's name as compared across records: the SQL twin of `normaliseNameForCompare` (NFKC, no spaces or dots, lower case). */
const NAME_FOR_COMPARE = `lower(regexp_replace(normalize(pp.name, NFKC), '[[:space:]·・.]', '', 'g'))`;

/**
 * One value in the records of two or more customers. Unless `samePolicy`, the sharing must span two policies: the
 * policyholder and insured of one policy (a family) sharing a phone is not enough, while two customers with it on
 * two different policies are (with at least two customers and two policies such a pair always exists).
 */
function sharedValue(kind: 'phone' | 'address', touchedSince: boolean, samePolicy: boolean): string[] {
  const touched = touchedSince
    ? `AND cp.value_hash IN (SELECT t.value_hash FROM contact_points t JOIN policies tp ON tp.id = t.policy_id
                             WHERE t.kind = '${kind}' AND tp.updated_at > $1)`
    : '';
  return [
    `INSERT INTO candidates
     SELECT cp.value_hash FROM contact_points cp
     WHERE cp.kind = '${kind}' AND cp.customer_id IS NOT NULL ${touched}
     GROUP BY cp.value_hash HAVING min(cp.customer_id) <> max(cp.customer_id)`,
    `INSERT INTO detected
     SELECT encode(cp.value_hash, 'hex'), array_agg(DISTINCT cp.customer_id ORDER BY cp.customer_id),
            array_agg(DISTINCT p.policy_number ORDER BY p.policy_number), min(p.channel), min(p.branch_code), min(p.seller_code)
     FROM candidates c JOIN contact_points cp ON cp.value_hash = c.h AND cp.kind = '${kind}'
     JOIN policies p ON p.id = cp.policy_id
     WHERE cp.customer_id IS NOT NULL AND ${ELIGIBLE}
     GROUP BY cp.value_hash HAVING count(DISTINCT cp.customer_id) > 1${samePolicy ? '' : ' AND count(DISTINCT cp.policy_id) > 1'}`,
  ];
}

function sharedAccount(touchedSince: boolean): string[] {
  const touched = touchedSince
    ? `AND ba.account_hash IN (SELECT t.account_hash FROM bank_accounts t JOIN policies tp ON tp.id = t.policy_id WHERE tp.updated_at > $1)`
    : '';
  return [
    `INSERT INTO candidates
     SELECT ba.account_hash FROM bank_accounts ba
     WHERE ba.payer_customer_id IS NOT NULL ${touched}
     GROUP BY ba.account_hash HAVING min(ba.payer_customer_id) <> max(ba.payer_customer_id)`,
    `INSERT INTO detected
     SELECT encode(ba.account_hash, 'hex'), array_agg(DISTINCT ba.payer_customer_id ORDER BY ba.payer_customer_id),
            array_agg(DISTINCT p.policy_number ORDER BY p.policy_number), min(p.channel), min(p.branch_code), min(p.seller_code)
     FROM candidates c JOIN bank_accounts ba ON ba.account_hash = c.h
     JOIN policies p ON p.id = ba.policy_id
     WHERE ba.payer_customer_id IS NOT NULL AND ${ELIGIBLE}
     GROUP BY ba.account_hash HAVING count(DISTINCT ba.payer_customer_id) > 1`,
  ];
}

/**
 * A customer's phone or address equal to a seller's own or an agency's (Art. 11); one customer is enough. A seller
 * who is the customer (same ID type + number) using their own contact is not a finding.
 */
function sellerContact(touchedSince: boolean): string[] {
  const touched = touchedSince
    ? `AND (p.updated_at > $1 OR cp.value_hash IN (
         SELECT phone_hash FROM sellers WHERE updated_at > $1 UNION ALL SELECT address_hash FROM sellers WHERE updated_at > $1
         UNION ALL SELECT phone_hash FROM agencies WHERE updated_at > $1 UNION ALL SELECT address_hash FROM agencies WHERE updated_at > $1))`
    : '';
  return [
    `
    WITH seller_values AS (
      SELECT 'phone' AS kind, phone_hash AS h, code, id_number_hash AS person FROM sellers WHERE phone_hash IS NOT NULL
      UNION ALL SELECT 'address', address_hash, code, id_number_hash FROM sellers WHERE address_hash IS NOT NULL
      UNION ALL SELECT 'phone', phone_hash, 'agency:' || code, NULL::bytea FROM agencies WHERE phone_hash IS NOT NULL
      UNION ALL SELECT 'address', address_hash, 'agency:' || code, NULL::bytea FROM agencies WHERE address_hash IS NOT NULL
    )
    INSERT INTO detected
    SELECT encode(cp.value_hash, 'hex'), array_agg(DISTINCT cp.customer_id ORDER BY cp.customer_id),
           array_agg(DISTINCT p.policy_number ORDER BY p.policy_number), min(p.channel), min(p.branch_code), min(s.code)
    FROM contact_points cp JOIN seller_values s ON s.h = cp.value_hash AND s.kind = cp.kind
    JOIN policies p ON p.id = cp.policy_id JOIN customers cu ON cu.id = cp.customer_id
    WHERE cp.customer_id IS NOT NULL AND ${ELIGIBLE} ${touched}
      AND s.person IS DISTINCT FROM cu.id_number_hash
    GROUP BY cp.value_hash`,
  ];
}

/**
 * Premiums from an account whose holder is not the policyholder, without an approved exception (Art. 11).
 * Whether the holder is the policyholder is decided when the policy is written (names compared after
 * normalisation), so this reads a small partial index.
 */
function thirdPartyPayer(touchedSince: boolean): string[] {
  return [
    `
    INSERT INTO detected
    SELECT p.policy_number, ARRAY[pp.customer_id], ARRAY[p.policy_number], p.channel, p.branch_code, p.seller_code
    FROM bank_accounts ba JOIN policies p ON p.id = ba.policy_id
    JOIN policy_parties pp ON pp.policy_id = p.id AND pp.role = 'policyholder'
    WHERE NOT ba.holder_is_policyholder AND ${ELIGIBLE} AND pp.customer_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM payer_exceptions e WHERE e.policy_number = p.policy_number)
      ${touchedSince ? 'AND p.updated_at > $1' : ''}`,
  ];
}

/**
 * One ID document (type + number, i.e. one customer) recorded with two names or two birth dates on accepted, in-scope
 * policies: one person cannot have both. Names compare after normalisation (full-width, spaces, middle dots, case);
 * a missing name or birth date is not a difference. The cluster is the ID's blind index; its policies are those the
 * person is a party to. Incremental: customers who are a party to a policy changed since the watermark.
 * Two phases as for shared values: equal raw names are equal after normalisation, so the customers whose party rows
 * differ at all (read from the covering index) are the only ones worth normalising and joining.
 */
function idConflict(touchedSince: boolean): string[] {
  const touched = touchedSince
    ? `AND pp.customer_id IN (SELECT t.customer_id FROM policy_parties t JOIN policies tp ON tp.id = t.policy_id
                              WHERE tp.updated_at > $1 AND t.customer_id IS NOT NULL)`
    : '';
  return [
    `INSERT INTO candidate_customers
     SELECT pp.customer_id FROM policy_parties pp
     WHERE pp.customer_id IS NOT NULL ${touched}
     GROUP BY pp.customer_id
     HAVING min(pp.name) <> max(pp.name) OR min(pp.birth_date) <> max(pp.birth_date)`,
    `INSERT INTO detected
     SELECT encode(cu.id_number_hash, 'hex'), ARRAY[cu.id], array_agg(DISTINCT p.policy_number ORDER BY p.policy_number),
            min(p.channel), min(p.branch_code), min(p.seller_code)
     FROM candidate_customers c JOIN policy_parties pp ON pp.customer_id = c.id
     JOIN policies p ON p.id = pp.policy_id JOIN customers cu ON cu.id = pp.customer_id
     WHERE ${ELIGIBLE}
     GROUP BY cu.id, cu.id_number_hash
     HAVING count(DISTINCT ${NAME_FOR_COMPARE}) > 1 OR count(DISTINCT pp.birth_date) > 1`,
  ];
}

/**
 * A stored accepted policy that the backlog re-check (R10) would now refuse: the re-check flags it (it never flips
 * an accepted policy), and this rule turns the flag into one finding per policy, clustered by policy number.
 */
function recheckFailed(touchedSince: boolean): string[] {
  return [
    `
    INSERT INTO detected
    SELECT p.policy_number,
           ARRAY(SELECT DISTINCT pp.customer_id FROM policy_parties pp WHERE pp.policy_id = p.id AND pp.customer_id IS NOT NULL ORDER BY 1),
           ARRAY[p.policy_number], p.channel, p.branch_code, p.seller_code
    FROM policies p
    WHERE p.recheck_failed_at IS NOT NULL AND ${ELIGIBLE} ${touchedSince ? 'AND p.updated_at > $1' : ''}`,
  ];
}

/** The planner settings a rule's transaction runs with, before its statements. */
export const CLUSTER_SETTINGS: readonly string[] = [
  // Room for the sorts in memory: on 10M rows the default 4 MB spilled most of them to disk.
  `SET LOCAL work_mem = '256MB'`,
  // With that much memory the planner groups a million hashes in a hash table instead of streaming them in the
  // covering index's order, and the hash table is the slower (at 1M: 1.04 s against 0.32 s for the accounts).
  `SET LOCAL enable_hashagg = off`,
  // The candidates are few: looking each up by index beats a sequential scan of the table (at 1M, 10,500 phone
  // candidates: a 0.8 s scan against about 0.1 s of lookups); the default cost assumes spinning disks.
  `SET LOCAL random_page_cost = 1.1`,
];

/**
 * The temporary tables a rule's statements fill, created in the rule's transaction before they run: `detected` (the
 * clusters), and the candidates of the two-phase rules — values (`candidates`) or customers (`candidate_customers`).
 */
export const CLUSTER_WORK_TABLES: readonly string[] = [
  `CREATE TEMP TABLE detected (ref text, customers bigint[], policies text[], channel text, branch_code text, seller_code text) ON COMMIT DROP`,
  `CREATE TEMP TABLE candidates (h bytea) ON COMMIT DROP`,
  `CREATE TEMP TABLE candidate_customers (id bigint) ON COMMIT DROP`,
];

/**
 * The statement to run after `statement` before the next one: a candidates table just filled is analysed, so the
 * planner knows it is small (a misestimate here turned index lookups into a hash join over every policy).
 */
export function analyseAfter(statement: string): string | null {
  const filled = /^INSERT INTO (candidates|candidate_customers)\b/.exec(statement);
  return filled ? `ANALYZE ${filled[1]}` : null;
}

/**
 * The statements that fill `detected` for a rule, in order. Two-phase rules first fill a candidates table
 * (see analyseAfter), then read details for those candidates only.
 */
export function clusterQuery(rule: DetectionRule, incremental: boolean, options: ClusterOptions): string[] {
  switch (rule) {
    case 'SHARED_PHONE':
      return sharedValue('phone', incremental, options.samePolicyPhone);
    case 'SHARED_BANK_ACCOUNT':
      return sharedAccount(incremental);
    case 'SELLER_CONTACT_USED':
      return sellerContact(incremental);
    case 'THIRD_PARTY_PAYER':
      return thirdPartyPayer(incremental);
    case 'ID_CONFLICT':
      return idConflict(incremental);
    case 'RECHECK_FAILED':
      return recheckFailed(incremental);
  }
}
