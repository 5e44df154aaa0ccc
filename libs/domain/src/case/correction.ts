import type { Correction } from '../../../contracts/src/case.contract';
import { normalizePhone } from '../contact/phone';
import { checkBankAccount } from '../payment/bank-account';
import { MIN_ADDRESS_LENGTH } from '../underwriting/reason-messages';

/** The stored form of a corrected value (E.164 phone, digits-only account, trimmed address), or null if invalid. */
export function normaliseCorrectedValue(field: Correction['field'], value: string): string | null {
  if (field === 'phone') {
    const phone = normalizePhone(value);
    return phone.ok ? phone.e164 : null;
  }
  if (field === 'bankAccount') {
    const account = checkBankAccount(value);
    return account.ok ? account.account : null;
  }
  const address = value.trim();
  return address.length >= MIN_ADDRESS_LENGTH ? address : null;
}
