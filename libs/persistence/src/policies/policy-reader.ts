import type { Confidentiality } from '../../../domain/src/access/access-rules';
import type { EntityManager } from 'typeorm';
import type { UnderwritingReason } from '../../../domain/src';
import type { FieldCipher } from '../crypto/field-cipher';

export interface StoredParty {
  name: string | null;
  gender: string | null;
  birthDate: string | null;
  idType: string | null;
  idNumber: string | null;
  address: string | null;
  phones: string[];
  customerId: string | null;
}

/** A named beneficiary; none on a policy means the legal heirs. */
export interface StoredBeneficiary {
  name: string;
  idType: string;
  idNumber: string;
  /** Percent of the benefit. */
  share: number;
}

/** A stored policy with its sensitive fields decrypted; masking is the caller's decision. */
export interface StoredPolicy {
  id: string;
  policyNumber: string;
  productCode: string;
  productCategory: string;
  termMonths: number;
  channel: string;
  branchCode: string;
  sellerCode: string;
  agencyCode: string | null;
  applicationDate: string;
  receiptSignedDate: string | null;
  coolingOffDays: number;
  /** Doc 4: reading a confidential or top-secret record takes an approved access request. */
  confidentiality: Confidentiality;
  status: 'ACCEPTED' | 'REJECTED';
  reasons: UnderwritingReason[];
  inScope: boolean;
  source: string;
  policyholder: StoredParty;
  insured: StoredParty | null;
  payment: { bankAccount: string | null; accountHolderName: string | null } | null;
  /** In the order entered; empty: the legal heirs. */
  beneficiaries: StoredBeneficiary[];
  createdAt: string;
  updatedAt: string;
}

interface PolicyRow {
  id: string;
  policy_number: string;
  product_code: string;
  product_category: string;
  term_months: number;
  channel: string;
  branch_code: string;
  seller_code: string;
  agency_code: string | null;
  application_date: string;
  receipt_signed_date: string | null;
  cooling_off_days: number;
  confidentiality: Confidentiality;
  status: 'ACCEPTED' | 'REJECTED';
  reasons: UnderwritingReason[];
  in_scope: boolean;
  insured_is_policyholder: boolean;
  source: string;
  created_at: Date;
  updated_at: Date;
}

/** Reads policies with parties, contact points and premium account, decrypting as it goes. */
export class PolicyReader {
  constructor(private readonly cipher: FieldCipher) {}

  async findByNumber(db: EntityManager, policyNumber: string, forUpdate = false): Promise<StoredPolicy | null> {
    const rows: PolicyRow[] = await db.query(
      `SELECT *, to_char(application_date, 'YYYY-MM-DD') AS application_date,
              to_char(receipt_signed_date, 'YYYY-MM-DD') AS receipt_signed_date
       FROM policies WHERE policy_number = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [policyNumber],
    );
    if (rows.length === 0) return null;
    return (await this.hydrate(db, rows))[0];
  }

  /** Policies with id in (afterId, upToId], oldest first: the unit of the backlog self-check. */
  async findByIdRange(db: EntityManager, afterId: number, upToId: number): Promise<StoredPolicy[]> {
    const rows: PolicyRow[] = await db.query(
      `SELECT *, to_char(application_date, 'YYYY-MM-DD') AS application_date,
              to_char(receipt_signed_date, 'YYYY-MM-DD') AS receipt_signed_date
       FROM policies WHERE id > $1 AND id <= $2 ORDER BY id`,
      [afterId, upToId],
    );
    return this.hydrate(db, rows);
  }

  private async hydrate(db: EntityManager, rows: PolicyRow[]): Promise<StoredPolicy[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    // Sequential on purpose: inside a transaction all four share one connection.
    const parties = await (db.query(`SELECT * FROM policy_parties WHERE policy_id = ANY($1::bigint[])`, [
      ids,
    ]) as Promise<
      Array<{
        policy_id: string;
        role: string;
        customer_id: string | null;
        name: string | null;
        gender: string | null;
        birth_date: string | null;
        id_type: string | null;
        id_number_enc: Buffer | null;
      }>
    >);
    const contacts = await (db.query(
      `SELECT policy_id, role, kind, value_enc, value_text FROM contact_points WHERE policy_id = ANY($1::bigint[]) ORDER BY kind, position`,
      [ids],
    ) as Promise<
      Array<{ policy_id: string; role: string; kind: string; value_enc: Buffer | null; value_text: string | null }>
    >);
    const accounts = await (db.query(
      `SELECT policy_id, account_enc, holder_name FROM bank_accounts WHERE policy_id = ANY($1::bigint[])`,
      [ids],
    ) as Promise<Array<{ policy_id: string; account_enc: Buffer; holder_name: string | null }>>);
    const beneficiaries = await (db.query(
      `SELECT policy_id, name, id_type, id_number_enc, share::float8 AS share FROM policy_beneficiaries
       WHERE policy_id = ANY($1::bigint[]) ORDER BY policy_id, position`,
      [ids],
    ) as Promise<Array<{ policy_id: string; name: string; id_type: string; id_number_enc: Buffer; share: number }>>);
    const beneficiariesOf = new Map<string, StoredBeneficiary[]>();
    for (const b of beneficiaries) {
      const list = beneficiariesOf.get(String(b.policy_id)) ?? [];
      list.push({ name: b.name, idType: b.id_type, idNumber: this.cipher.decrypt(b.id_number_enc), share: b.share });
      beneficiariesOf.set(String(b.policy_id), list);
    }
    const partyOf = new Map<string, StoredParty>();
    for (const p of parties) {
      partyOf.set(`${p.policy_id}:${p.role}`, {
        name: p.name,
        gender: p.gender,
        birthDate: p.birth_date,
        idType: p.id_type,
        idNumber: p.id_number_enc ? this.cipher.decrypt(p.id_number_enc) : null,
        address: null,
        phones: [],
        customerId: p.customer_id === null ? null : String(p.customer_id),
      });
    }
    for (const c of contacts) {
      const party = partyOf.get(`${c.policy_id}:${c.role}`);
      if (!party) continue;
      if (c.kind === 'phone' && c.value_enc) party.phones.push(this.cipher.decrypt(c.value_enc));
      if (c.kind === 'address') party.address = c.value_text;
    }
    const accountOf = new Map(accounts.map((a) => [String(a.policy_id), a]));
    return rows.map((r) => {
      const account = accountOf.get(String(r.id));
      return {
        id: String(r.id),
        policyNumber: r.policy_number,
        productCode: r.product_code,
        productCategory: r.product_category,
        termMonths: r.term_months,
        channel: r.channel,
        branchCode: r.branch_code,
        sellerCode: r.seller_code,
        agencyCode: r.agency_code,
        applicationDate: r.application_date,
        receiptSignedDate: r.receipt_signed_date,
        coolingOffDays: r.cooling_off_days,
        confidentiality: r.confidentiality,
        status: r.status,
        reasons: r.reasons,
        inScope: r.in_scope,
        source: r.source,
        policyholder: partyOf.get(`${r.id}:policyholder`)!,
        insured: r.insured_is_policyholder ? null : (partyOf.get(`${r.id}:insured`) ?? null),
        payment: account
          ? { bankAccount: this.cipher.decrypt(account.account_enc), accountHolderName: account.holder_name }
          : null,
        beneficiaries: beneficiariesOf.get(String(r.id)) ?? [],
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      };
    });
  }
}
