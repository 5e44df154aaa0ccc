import type { DataSource } from 'typeorm';
import type {
  CaseActor,
  CaseInput,
  CasePolicy,
  EvidenceRef,
  EvidenceType,
} from '../../libs/contracts/src/case.contract';
import type { Role } from '../../libs/contracts/src/roles';
import type { FieldCipher } from '../../libs/persistence/src/crypto/field-cipher';
import { mobile, residentId, uniqueSuffix } from './application-factory';

/** Data for the case workflow suites: inputs, actors, evidence references and customers in the database. */

/** A policy of a case in `branchCode`'s agency channel unless overridden, with no receipt yet. */
export function casePolicy(branchCode: string, overrides: Partial<CasePolicy> = {}): CasePolicy {
  return {
    policyNumber: `P${uniqueSuffix()}`,
    channel: 'agency',
    branchCode,
    sellerCode: 'S-TEST',
    agencyCode: null,
    receiptSignedDate: null,
    coolingOffDays: 15,
    ...overrides,
  };
}

/**
 * A case input of its own (unique finding key) over one policy in `branchCode`'s agency channel; `policy` overrides
 * that policy's fields, `overrides` the input's (several policies: pass `policies` and `raisedBy`).
 */
export function caseInput(
  branchCode: string,
  policy: Partial<CasePolicy> = {},
  overrides: Partial<CaseInput> = {},
): CaseInput {
  const only = casePolicy(branchCode, policy);
  return {
    findingKey: `F${uniqueSuffix()}`,
    rule: 'SHARED_PHONE',
    sharedValueHash: 'ab'.repeat(32),
    customerIds: [],
    policies: [only],
    raisedBy: only.policyNumber,
    ...overrides,
  };
}

/** Someone acting on a case, scoped to one branch and channel unless told otherwise. */
export function caseActor(role: Role, userId: string, branches: string[], channels: string[] = ['agency']): CaseActor {
  return { userId, role, branches, channels };
}

let evidenceCounter = 0;

/** A reference to an uploaded evidence file; investigation reports are signed by their uploader. */
export function evidenceRef(
  type: EvidenceType,
  uploadedBy: string,
  at: string,
  signedBy: string | null = type === 'investigation_report' ? uploadedBy : null,
): EvidenceRef {
  evidenceCounter += 1;
  return {
    evidenceId: `00000000-0000-4000-8000-${String(evidenceCounter).padStart(12, '0')}`,
    type,
    sha256: evidenceCounter.toString(16).padStart(64, '0'),
    uploadedBy,
    signedBy,
    at,
  };
}

export interface StoredCustomer {
  customerId: string;
  policyNumber: string;
  /** E.164, as stored (encrypted) in contact_points. */
  phone: string;
}

let customerSeq = 0;

/**
 * A customer with one accepted policy, as the intake gate would store it: the policyholder (also the insured)
 * with one mobile phone, encrypted, beside its blind index of the E.164 value.
 */
export async function insertCustomerWithPhone(
  db: DataSource,
  cipher: FieldCipher,
  opts: { branchCode: string; channel?: string },
): Promise<StoredCustomer> {
  customerSeq += 1;
  // A Beijing area code, so the people never collide with the application factory's (Guangzhou) ones.
  const idNumber = residentId('1980-05-17', 'M', customerSeq, '110101');
  const phone = `+86${mobile((Date.now() % 10_000_000) * 10 + customerSeq)}`;
  const policyNumber = `P${uniqueSuffix()}`;
  return db.transaction(async (tx) => {
    const [customer]: Array<{ id: string }> = await tx.query(
      `INSERT INTO customers (id_type, id_number_hash, id_number_enc, name, gender, birth_date)
       VALUES ('RESIDENT_ID', $1, $2, '张三', 'M', '1980-05-17')
       RETURNING id`,
      // Customers and parties hash the ID number with its type, as the intake writes them.
      [cipher.blindIndex(`RESIDENT_ID:${idNumber}`), cipher.encrypt(idNumber)],
    );
    const [policy]: Array<{ id: string }> = await tx.query(
      `INSERT INTO policies (policy_number, product_code, product_category, term_months, channel, branch_code, seller_code,
         application_date, receipt_signed_date, cooling_off_days, status, in_scope, insured_is_policyholder, source, underwritten_at)
       VALUES ($1, 'WL-01', 'ordinary_life', 240, $2, $3, 'S-TEST', '2026-11-20', '2026-11-22', 15, 'ACCEPTED', true, true, 'api', now())
       RETURNING id`,
      [policyNumber, opts.channel ?? 'agency', opts.branchCode],
    );
    await tx.query(
      `INSERT INTO policy_parties (policy_id, role, customer_id, name, gender, birth_date, id_type, id_number_enc, id_number_hash)
       VALUES ($1, 'policyholder', $2, '张三', 'M', '1980-05-17', 'RESIDENT_ID', $3, $4)`,
      [policy.id, customer.id, cipher.encrypt(idNumber), cipher.blindIndex(`RESIDENT_ID:${idNumber}`)],
    );
    await tx.query(
      `INSERT INTO contact_points (policy_id, role, customer_id, kind, position, value_enc, value_hash, valid)
       VALUES ($1, 'policyholder', $2, 'phone', 0, $3, $4, true)`,
      [policy.id, customer.id, cipher.encrypt(phone), cipher.blindIndex(phone)],
    );
    return { customerId: String(customer.id), policyNumber, phone };
  });
}

/** A staff directory entry (e.g. a compliance supervisor escalations may pick). */
export async function insertStaff(db: DataSource, userId: string, role: string, branchCode: string): Promise<void> {
  await db.query(
    `INSERT INTO staff (user_id, name, role, branch_code, active) VALUES ($1, $1, $2, $3, true)
     ON CONFLICT (user_id) DO UPDATE SET role = EXCLUDED.role, branch_code = EXCLUDED.branch_code, active = true`,
    [userId, role, branchCode],
  );
}
