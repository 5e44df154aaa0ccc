import { reasonMessage } from '../underwriting/reason-messages';

/**
 * Bank account or card number for premium collection. Chinese cards have 16–19 digits and passbook accounts
 * up to about 25, so 12–30 digits pass the format check. The Luhn result is reported, not enforced:
 * many passbook accounts do not carry a Luhn check digit.
 */

export type BankAccountResult =
  | { ok: true; account: string; luhnValid: boolean }
  | { ok: false; code: 'BANK_ACCOUNT_FORMAT'; message: string; messageZh: string };

/** Luhn (mod 10) over a digit string; false for an empty or non-digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function checkBankAccount(raw: string): BankAccountResult {
  const account = raw.replace(/[\s-]+/g, '');
  if (!/^\d{12,30}$/.test(account)) {
    return { ok: false, code: 'BANK_ACCOUNT_FORMAT', ...reasonMessage('BANK_ACCOUNT_FORMAT', null, 'bankAccount') };
  }
  return { ok: true, account, luhnValid: luhnValid(account) };
}
