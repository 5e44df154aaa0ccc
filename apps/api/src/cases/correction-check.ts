import type { DataSource } from 'typeorm';
import type { Correction } from '../../../../libs/contracts/src/case.contract';
import { branchToday } from '../../../../libs/domain/src/calendar/working-calendar';
import { checkCorrectedIdentity, checkCorrections } from '../../../../libs/domain/src/case/correction';
import type { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { recordedCustomers } from '../../../../libs/persistence/src/policies/customer-corrections';
import { DomainError } from '../common/domain-error';

/**
 * Corrections are checked as intake checks a party before they go to a workflow (a case's submission, a complaint
 * re-check): each value on its own (the workflow's activity checks that again), then each customer's ID number
 * against the gender and birth date it ends up with. An ID-number correction without a type keeps the customer's
 * current one. A bad one is a 400 naming it (`corrections[1].newValue`). Returns the corrections with those types.
 */
export async function checkCorrectionsOnRecord(
  db: DataSource,
  cipher: FieldCipher,
  given: readonly Correction[],
  customerIds: readonly string[],
): Promise<Correction[]> {
  const today = branchToday();
  const invalid = (message: string): DomainError =>
    new DomainError('FIELD_INVALID', message, /^corrections\[\d+\](\.\w+)?/.exec(message)?.[0] ?? 'corrections');
  const ids = [...new Set(given.map((c) => c.customerId))].filter(
    (id) => customerIds.includes(id) && /^\d{1,18}$/.test(id),
  );
  const rows = await recordedCustomers(db.manager, ids);
  const recorded = new Map(rows.map((r) => [r.id, r]));
  const corrections = given.map((c) => {
    const customer = recorded.get(c.customerId);
    return c.field === 'idNumber' && c.idType === undefined && customer ? { ...c, idType: customer.id_type } : { ...c };
  });
  const wrong = checkCorrections(corrections, [...recorded.keys()], today);
  if (wrong) throw invalid(wrong);
  for (const [customerId, r] of recorded) {
    const mine = corrections
      .map((correction, index) => ({ index, correction }))
      .filter((c) => c.correction.customerId === customerId);
    const refusal = checkCorrectedIdentity(
      { idType: r.id_type, idNumber: cipher.decrypt(r.id_number_enc), gender: r.gender, birthDate: r.birth_date },
      mine,
      today,
    );
    if (refusal) throw invalid(refusal);
  }
  return corrections;
}
