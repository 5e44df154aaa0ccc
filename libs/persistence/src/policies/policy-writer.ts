import type { EntityManager } from 'typeorm';
import type {
  NormalizedParty,
  PartyRole,
  PolicyApplication,
  UnderwritingReason,
  UnderwritingResult,
} from '../../../domain/src';
import { isRealIsoDate } from '../../../domain/src/common/iso-date';
import { sameName } from '../../../domain/src/contact/person-name';
import type { FieldCipher } from '../crypto/field-cipher';
import { normaliseAddressForIndex } from '../../../domain/src/contact/address-index';
import { branchToday } from '../../../domain/src/calendar/working-calendar';
import { identityKey, type BeneficiaryInput } from '../../../domain/src/inquiry/beneficiaries';

/** One application after underwriting, ready to be stored (accepted or refused alike: nothing entered is lost). */
export interface UnderwrittenPolicy {
  app: PolicyApplication;
  result: UnderwritingResult;
  coolingOffDays: number;
  source: 'api' | 'import';
  importId?: string | null;
}

interface PartyRow {
  policyId: string;
  role: PartyRole;
  party: NormalizedParty;
  idValid: boolean;
  /** Encrypted and indexed once, used for both the party and its customer row. */
  idEnc: Buffer | null;
  idHash: Buffer | null;
}

/**
 * Writes policies and everything hanging off them with one set-based statement per table (UNNEST),
 * whether the batch holds one application (single intake) or thousands (bulk import).
 * Callers run it inside a transaction.
 */
export class PolicyWriter {
  constructor(private readonly cipher: FieldCipher) {}

  /**
   * Inserts new policies. Policy numbers that already exist are skipped and returned in `duplicates`
   * so the caller can report them; nothing else about them is written.
   */
  async insertMany(
    db: EntityManager,
    items: UnderwrittenPolicy[],
  ): Promise<{ ids: Map<string, string>; duplicates: Set<string> }> {
    if (items.length === 0) return { ids: new Map(), duplicates: new Set() };
    const inserted: Array<{ id: string; policy_number: string }> = await db.query(
      `INSERT INTO policies (policy_number, product_code, product_category, term_months, channel, branch_code,
         seller_code, agency_code, application_date, receipt_signed_date, cooling_off_days, status, reasons,
         in_scope, insured_is_policyholder, source, import_id, underwritten_at)
       SELECT t.*, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
         $7::text[], $8::text[], $9::date[], $10::date[], $11::int[], $12::text[], $13::jsonb[], $14::bool[],
         $15::bool[], $16::text[], $17::uuid[]) AS t
       ON CONFLICT (policy_number) DO NOTHING
       RETURNING id, policy_number`,
      policyColumns(items),
    );
    const ids = new Map(inserted.map((r) => [r.policy_number, String(r.id)]));
    const duplicates = new Set(items.map((i) => i.app.policyNumber).filter((n) => !ids.has(n)));
    const stored = items.filter((i) => ids.has(i.app.policyNumber));
    await this.writeChildren(
      db,
      stored.map((i) => ({ item: i, policyId: ids.get(i.app.policyNumber)! })),
      await this.cipher.forWrite(db),
    );
    return { ids, duplicates };
  }

  /** Replaces a stored policy's application (supplement after a refusal) and its decision. */
  async replace(db: EntityManager, policyId: string, item: UnderwrittenPolicy): Promise<void> {
    const cols = policyColumns([item]);
    await db.query(
      `UPDATE policies SET product_code = $2, product_category = $3, term_months = $4, channel = $5,
         branch_code = $6, seller_code = $7, agency_code = $8, application_date = $9, receipt_signed_date = $10,
         cooling_off_days = $11, status = $12, reasons = $13, in_scope = $14, insured_is_policyholder = $15,
         underwritten_at = now(), updated_at = now()
       WHERE id = $1`,
      [policyId, ...cols.slice(1, 15).map((c) => (c as unknown[])[0])],
    );
    await db.query('DELETE FROM contact_points WHERE policy_id = $1', [policyId]);
    await db.query('DELETE FROM bank_accounts WHERE policy_id = $1', [policyId]);
    await db.query('DELETE FROM policy_parties WHERE policy_id = $1', [policyId]);
    await db.query('DELETE FROM policy_beneficiaries WHERE policy_id = $1', [policyId]);
    await this.writeChildren(db, [{ item, policyId }], await this.cipher.forWrite(db));
  }

  /** Replaces a policy's named beneficiaries (an empty list: the legal heirs again). */
  async replaceBeneficiaries(db: EntityManager, policyId: string, list: readonly BeneficiaryInput[]): Promise<void> {
    await db.query('DELETE FROM policy_beneficiaries WHERE policy_id = $1', [policyId]);
    await this.insertBeneficiaries(db, [{ policyId, list }], await this.cipher.forWrite(db));
  }

  /**
   * Beneficiaries in list order, the ID number normalised as the policyholder's is, encrypted, and blind-indexed as
   * `type:number` like the other parties (inquiries compare against that index).
   */
  private async insertBeneficiaries(
    db: EntityManager,
    rows: Array<{ policyId: string; list: readonly BeneficiaryInput[] }>,
    cipher: FieldCipher,
  ): Promise<void> {
    const today = branchToday();
    const flat = rows.flatMap(({ policyId, list }) =>
      list.map((b, position) => {
        const key = identityKey(b.idType, b.idNumber, today);
        const idNumber = key.slice(key.indexOf(':') + 1);
        return { policyId, position, b, enc: cipher.encrypt(idNumber), hash: cipher.blindIndex(key) };
      }),
    );
    if (flat.length === 0) return;
    await db.query(
      `INSERT INTO policy_beneficiaries (policy_id, position, name, id_type, id_number_enc, id_number_hash, share)
       SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::text[], $5::bytea[], $6::bytea[], $7::numeric[])`,
      [
        flat.map((r) => r.policyId),
        flat.map((r) => r.position),
        flat.map((r) => r.b.name.trim()),
        flat.map((r) => r.b.idType.trim()),
        flat.map((r) => r.enc),
        flat.map((r) => r.hash),
        flat.map((r) => r.b.share),
      ],
    );
  }

  private async writeChildren(
    db: EntityManager,
    rows: Array<{ item: UnderwrittenPolicy; policyId: string }>,
    cipher: FieldCipher,
  ): Promise<void> {
    if (rows.length === 0) return;
    const parties: PartyRow[] = [];
    for (const { item, policyId } of rows) {
      const { result } = item;
      parties.push(this.partyRow(policyId, 'policyholder', result.policyholder, result.reasons, cipher));
      if (!result.insuredIsPolicyholder)
        parties.push(this.partyRow(policyId, 'insured', result.insured, result.reasons, cipher));
    }
    await this.insertBeneficiaries(
      db,
      rows.map(({ item, policyId }) => ({ policyId, list: item.app.beneficiaries ?? [] })),
      cipher,
    );
    const customerIds = await this.upsertCustomers(db, parties, cipher);
    const customerOf = (p: PartyRow): string | null =>
      p.idValid ? customerIds.get(customerKey(p.party.idType!, p.idHash!))! : null;

    await db.query(
      `INSERT INTO policy_parties (policy_id, role, customer_id, name, gender, birth_date, id_type, id_number_enc, id_number_hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::bytea[])`,
      [
        parties.map((p) => p.policyId),
        parties.map((p) => p.role),
        parties.map(customerOf),
        parties.map((p) => p.party.name),
        parties.map((p) => p.party.gender),
        parties.map((p) => p.party.birthDate),
        parties.map((p) => p.party.idType),
        parties.map((p) => p.idEnc),
        parties.map((p) => p.idHash),
      ],
    );

    const contacts = {
      policyId: [] as string[],
      role: [] as string[],
      customerId: [] as Array<string | null>,
      kind: [] as string[],
      position: [] as number[],
      enc: [] as Array<Buffer | null>,
      text: [] as Array<string | null>,
      hash: [] as Buffer[],
      valid: [] as boolean[],
    };
    const reasonsOf = new Map(rows.map((r) => [r.policyId, r.item.result.reasons]));
    for (const p of parties) {
      const reasons = reasonsOf.get(p.policyId)!;
      p.party.phones.forEach((phone, position) => {
        contacts.policyId.push(p.policyId);
        contacts.role.push(p.role);
        contacts.customerId.push(customerOf(p));
        contacts.kind.push('phone');
        contacts.position.push(position);
        contacts.enc.push(cipher.encrypt(phone));
        contacts.text.push(null);
        contacts.hash.push(cipher.blindIndex(phone));
        contacts.valid.push(!hasError(reasons, p.role, `phones[${position}]`));
      });
      if (p.party.address) {
        // An address with nothing left after normalisation (only punctuation) is kept but never compared.
        const normal = normaliseAddressForIndex(p.party.address);
        contacts.policyId.push(p.policyId);
        contacts.role.push(p.role);
        contacts.customerId.push(customerOf(p));
        contacts.kind.push('address');
        contacts.position.push(0);
        contacts.enc.push(null);
        contacts.text.push(p.party.address);
        contacts.hash.push(cipher.blindIndex(normal || `unmatchable:${p.policyId}:${p.role}`));
        contacts.valid.push(normal !== '' && !hasError(reasons, p.role, 'address'));
      }
    }
    if (contacts.policyId.length > 0) {
      await db.query(
        `INSERT INTO contact_points (policy_id, role, customer_id, kind, position, value_enc, value_text, value_hash, valid)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::smallint[], $6::bytea[], $7::text[], $8::bytea[], $9::bool[])`,
        [
          contacts.policyId,
          contacts.role,
          contacts.customerId,
          contacts.kind,
          contacts.position,
          contacts.enc,
          contacts.text,
          contacts.hash,
          contacts.valid,
        ],
      );
    }

    const accounts = rows.filter((r) => r.item.result.payment.bankAccount);
    if (accounts.length > 0) {
      const holder = new Map(parties.filter((p) => p.role === 'policyholder').map((p) => [p.policyId, customerOf(p)]));
      await db.query(
        `INSERT INTO bank_accounts (policy_id, payer_customer_id, account_enc, account_hash, holder_name, valid, holder_is_policyholder)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::bool[], $7::bool[])`,
        [
          accounts.map((r) => r.policyId),
          accounts.map((r) => holder.get(r.policyId) ?? null),
          accounts.map((r) => cipher.encrypt(r.item.result.payment.bankAccount!)),
          accounts.map((r) => cipher.blindIndex(r.item.result.payment.bankAccount!)),
          accounts.map((r) => r.item.result.payment.accountHolderName),
          accounts.map((r) => !hasError(r.item.result.reasons, 'payment', 'bankAccount')),
          // No holder name given: nothing says it is someone else's account.
          accounts.map(
            (r) =>
              r.item.result.payment.accountHolderName === null ||
              sameName(r.item.result.payment.accountHolderName, r.item.result.policyholder.name),
          ),
        ],
      );
    }
  }

  /**
   * One customer per person (ID type + number), shared across policies. Rows are sorted by key so concurrent
   * batches lock customers in the same order and cannot deadlock.
   */
  private async upsertCustomers(
    db: EntityManager,
    parties: PartyRow[],
    cipher: FieldCipher,
  ): Promise<Map<string, string>> {
    const unique = new Map<string, { party: NormalizedParty; hash: Buffer; enc: Buffer }>();
    for (const p of parties) {
      if (!p.idValid) continue;
      const key = customerKey(p.party.idType!, p.idHash!);
      if (!unique.has(key)) unique.set(key, { party: p.party, hash: p.idHash!, enc: p.idEnc! });
    }
    if (unique.size === 0) return new Map();
    const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    if (cipher.previousIndexKeyId) {
      // A key rotation is moving the hashes: a customer still under the old index key is the same person, so it is
      // moved to the new one here before the upsert looks for it.
      await db.query(
        `UPDATE customers c SET id_number_hash = u.h FROM unnest($1::text[], $2::bytea[], $3::bytea[]) AS u(t, old, h)
         WHERE c.id_type = u.t AND c.id_number_hash = u.old`,
        [
          sorted.map((c) => c.party.idType),
          sorted.map((c) => cipher.blindIndexes(`${c.party.idType}:${c.party.idNumber}`)[1]),
          sorted.map((c) => c.hash),
        ],
      );
    }
    const rows: Array<{ id: string; id_type: string; id_number_hash: Buffer }> = await db.query(
      `INSERT INTO customers (id_type, id_number_hash, id_number_enc, name, gender, birth_date)
       SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::date[])
       ON CONFLICT (id_type, id_number_hash) DO UPDATE SET updated_at = now()
       RETURNING id, id_type, id_number_hash`,
      [
        sorted.map((c) => c.party.idType),
        sorted.map((c) => c.hash),
        sorted.map((c) => c.enc),
        sorted.map((c) => c.party.name),
        sorted.map((c) => c.party.gender),
        sorted.map((c) => (c.party.birthDate && isRealIsoDate(c.party.birthDate) ? c.party.birthDate : null)),
      ],
    );
    return new Map(rows.map((r) => [customerKey(r.id_type, r.id_number_hash), String(r.id)]));
  }

  private partyRow(
    policyId: string,
    role: PartyRole,
    party: NormalizedParty,
    reasons: UnderwritingReason[],
    cipher: FieldCipher = this.cipher,
  ): PartyRow {
    const hasId = party.idNumber !== null;
    return {
      policyId,
      role,
      party,
      idValid: idIsValid(reasons, role, party),
      idEnc: hasId ? cipher.encrypt(party.idNumber!) : null,
      // The type is part of the hashed value: the same digits on a passport and on an ID card are two people.
      idHash: hasId ? cipher.blindIndex(`${party.idType}:${party.idNumber}`) : null,
    };
  }
}

function customerKey(idType: string, hash: Buffer): string {
  return `${idType}:${hash.toString('hex')}`;
}

function hasError(reasons: UnderwritingReason[], party: string, field: string): boolean {
  return reasons.some((r) => r.severity === 'error' && r.party === party && r.field === field);
}

/** A party becomes a customer only with a complete, valid identity document. */
function idIsValid(reasons: UnderwritingReason[], role: PartyRole, party: NormalizedParty): boolean {
  return (
    party.idType !== null &&
    party.idNumber !== null &&
    !hasError(reasons, role, 'idType') &&
    !hasError(reasons, role, 'idNumber')
  );
}

function policyColumns(items: UnderwrittenPolicy[]): unknown[] {
  return [
    items.map((i) => i.app.policyNumber),
    items.map((i) => i.app.productCode),
    items.map((i) => i.app.productCategory),
    items.map((i) => i.app.termMonths),
    items.map((i) => i.app.channel),
    items.map((i) => i.app.branchCode),
    items.map((i) => i.app.sellerCode),
    items.map((i) => i.app.agencyCode ?? null),
    items.map((i) => i.app.applicationDate),
    items.map((i) => i.app.receiptSignedDate ?? null),
    items.map((i) => i.coolingOffDays),
    items.map((i) => i.result.decision),
    items.map((i) => JSON.stringify(i.result.reasons)),
    items.map((i) => i.result.inScope),
    items.map((i) => i.result.insuredIsPolicyholder),
    items.map((i) => i.source),
    items.map((i) => i.importId ?? null),
  ];
}
