import type { EntityManager } from 'typeorm';

/**
 * Corrections of customers found wrong by a case: the customers row, the copies on their policy parties, their
 * contact points and premium accounts, and the customer_corrections claim. Which correction does what is the
 * caller's; each function runs inside the caller's transaction.
 */

/** The customer's recorded identity, as corrections compare against it. */
export interface RecordedCustomer {
  id: string;
  id_type: string;
  id_number_enc: Buffer;
  name: string | null;
  gender: string | null;
  birth_date: string | null;
}

/** The columns a name, gender or birth-date correction writes, on customers and on their policy parties alike. */
export type CorrectedCustomerColumn = 'name' | 'gender' | 'birth_date';

export interface NewCorrection {
  caseId: string;
  position: number;
  customerId: string;
  field: string;
  oldEnc: Buffer | null;
  oldText: string | null;
  oldHash: Buffer | null;
  newHash: Buffer | null;
  correctedBy: string;
  linkedCustomerId: string;
}

/** Rows an UPDATE touched (TypeORM's pg driver answers [rows, count]). */
const affected = (result: unknown): number => (Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0);

/**
 * A value's hash, or its hashes under each index key while a key rotation moves them (FieldCipher.blindIndexes):
 * lookups by value match any.
 */
const hashes = (h: Buffer | Buffer[]): Buffer[] => (Array.isArray(h) ? h : [h]);

/** One claim per correction, all in one transaction: any claim means the case's corrections were applied. */
export async function hasCorrectionsForCase(db: EntityManager, caseId: string): Promise<boolean> {
  const [already] = await db.query(`SELECT 1 FROM customer_corrections WHERE case_id = $1 LIMIT 1`, [caseId]);
  return Boolean(already);
}

/** The customer's recorded identity, locked for the rest of the transaction; null when not on record. */
export async function lockCustomerForCorrection(
  db: EntityManager,
  customerId: string,
): Promise<RecordedCustomer | null> {
  const [customer]: Array<Omit<RecordedCustomer, 'id'>> = await db.query(
    `SELECT id_type, id_number_enc, name, gender, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM customers WHERE id = $1 FOR UPDATE`,
    [customerId],
  );
  return customer ? { id: customerId, ...customer } : null;
}

/** The recorded identities of these customers (ids as text), to check corrections before they are submitted. */
export async function recordedCustomers(
  db: EntityManager,
  customerIds: string[],
): Promise<Array<Omit<RecordedCustomer, 'name'>>> {
  return db.query(
    `SELECT id::text, id_type, id_number_enc, gender, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM customers WHERE id = ANY($1::bigint[])`,
    [customerIds],
  );
}

/** Replaces the customer's phone whose index is oldHash; false when they have none with it. */
export async function replacePhone(
  db: EntityManager,
  customerId: string,
  oldHash: Buffer | Buffer[],
  newEnc: Buffer,
  newHash: Buffer,
): Promise<boolean> {
  const result: unknown = await db.query(
    `UPDATE contact_points SET value_enc = $3, value_hash = $4, valid = true WHERE customer_id = $1 AND kind = 'phone' AND value_hash = ANY($2::bytea[])`,
    [customerId, hashes(oldHash), newEnc, newHash],
  );
  return affected(result) > 0;
}

/** Replaces the customer's address whose index is oldHash; false when they have none with it. */
export async function replaceAddress(
  db: EntityManager,
  customerId: string,
  oldHash: Buffer | Buffer[],
  newText: string,
  newHash: Buffer,
): Promise<boolean> {
  const result: unknown = await db.query(
    `UPDATE contact_points SET value_text = $3, value_hash = $4, valid = true WHERE customer_id = $1 AND kind = 'address' AND value_hash = ANY($2::bytea[])`,
    [customerId, hashes(oldHash), newText, newHash],
  );
  return affected(result) > 0;
}

/** Replaces the premium account the customer pays from whose index is oldHash; false when there is none. */
export async function replaceBankAccount(
  db: EntityManager,
  customerId: string,
  oldHash: Buffer | Buffer[],
  newEnc: Buffer,
  newHash: Buffer,
): Promise<boolean> {
  const result: unknown = await db.query(
    `UPDATE bank_accounts SET account_enc = $3, account_hash = $4, valid = true WHERE payer_customer_id = $1 AND account_hash = ANY($2::bytea[])`,
    [customerId, hashes(oldHash), newEnc, newHash],
  );
  return affected(result) > 0;
}

/** Writes a corrected name, gender or birth date on the customer and on every policy party linked to them. */
export async function updateCustomerField(
  db: EntityManager,
  customerId: string,
  column: CorrectedCustomerColumn,
  value: string,
): Promise<void> {
  await db.query(`UPDATE customers SET ${column} = $2, updated_at = now() WHERE id = $1`, [customerId, value]);
  await db.query(`UPDATE policy_parties SET ${column} = $2 WHERE customer_id = $1`, [customerId, value]);
}

/** Another customer already keyed by this ID type and number, locked; null when there is none. */
export async function lockOtherCustomerWithId(
  db: EntityManager,
  idType: string,
  idHash: Buffer | Buffer[],
  exceptCustomerId: string,
): Promise<string | null> {
  const [existing]: Array<{ id: string }> = await db.query(
    `SELECT id FROM customers WHERE id_type = $1 AND id_number_hash = ANY($2::bytea[]) AND id <> $3 FOR UPDATE`,
    [idType, hashes(idHash), exceptCustomerId],
  );
  return existing ? String(existing.id) : null;
}

/** Moves the customer's parties, contact points and premium accounts onto another customer. */
export async function relinkCustomer(db: EntityManager, fromCustomerId: string, toCustomerId: string): Promise<void> {
  await db.query(`UPDATE policy_parties SET customer_id = $2 WHERE customer_id = $1`, [fromCustomerId, toCustomerId]);
  await db.query(`UPDATE contact_points SET customer_id = $2 WHERE customer_id = $1`, [fromCustomerId, toCustomerId]);
  await db.query(`UPDATE bank_accounts SET payer_customer_id = $2 WHERE payer_customer_id = $1`, [
    fromCustomerId,
    toCustomerId,
  ]);
}

/** Re-keys the customer row by a new ID type and number. */
export async function rekeyCustomer(
  db: EntityManager,
  customerId: string,
  idType: string,
  idHash: Buffer,
  idEnc: Buffer,
): Promise<void> {
  await db.query(
    `UPDATE customers SET id_type = $2, id_number_hash = $3, id_number_enc = $4, updated_at = now() WHERE id = $1`,
    [customerId, idType, idHash, idEnc],
  );
}

/** Writes the customer's ID type and number on every policy party linked to them. */
export async function updatePartiesIdentity(
  db: EntityManager,
  customerId: string,
  idType: string,
  idHash: Buffer,
  idEnc: Buffer,
): Promise<void> {
  await db.query(
    `UPDATE policy_parties SET id_type = $2, id_number_hash = $3, id_number_enc = $4 WHERE customer_id = $1`,
    [customerId, idType, idHash, idEnc],
  );
}

/** The claim and the record of one applied correction. */
export async function recordCorrection(db: EntityManager, c: NewCorrection): Promise<void> {
  await db.query(
    `INSERT INTO customer_corrections (case_id, position, customer_id, field, old_enc, old_text, old_hash, new_hash, corrected_by, linked_customer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      c.caseId,
      c.position,
      c.customerId,
      c.field,
      c.oldEnc,
      c.oldText,
      c.oldHash,
      c.newHash,
      c.correctedBy,
      c.linkedCustomerId,
    ],
  );
}

/** Counts the customers' policies as changed, so the next incremental detection run compares their new values. */
export async function touchPoliciesOfCustomers(db: EntityManager, customerIds: string[]): Promise<void> {
  await db.query(
    `UPDATE policies SET updated_at = now() WHERE id IN (
           SELECT policy_id FROM policy_parties WHERE customer_id = ANY($1::bigint[])
           UNION SELECT policy_id FROM contact_points WHERE customer_id = ANY($1::bigint[])
           UNION SELECT policy_id FROM bank_accounts WHERE payer_customer_id = ANY($1::bigint[]))`,
    [customerIds],
  );
}
