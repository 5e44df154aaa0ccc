import type { StoredParty, StoredPolicy } from '../../../../libs/persistence/src/policies/policy-reader';
import type { Role } from '../auth/principal';

/** Roles whose work needs full ID numbers, accounts and phones (investigating and verifying data, R5). */
export const ROLES_SEEING_SENSITIVE: readonly Role[] = ['back_office', 'customer_service', 'compliance'];

/** Keeps the first 3 and last 4 characters of an ID number or account: enough to recognise, not to use. */
export function maskMiddle(value: string | null, keepStart = 3, keepEnd = 4): string | null {
  if (value === null) return null;
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return value.slice(0, keepStart) + '*'.repeat(value.length - keepStart - keepEnd) + value.slice(-keepEnd);
}

/** Phones keep their first 3 and last 4 characters (+86*******8000); short, invalid ones are hidden whole. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone, 3, 4)!;
}

function maskParty(p: StoredParty): StoredParty {
  return { ...p, idNumber: maskMiddle(p.idNumber), phones: p.phones.map(maskPhone) };
}

export function maskPolicy(policy: StoredPolicy): StoredPolicy {
  return {
    ...policy,
    policyholder: maskParty(policy.policyholder),
    insured: policy.insured ? maskParty(policy.insured) : null,
    payment: policy.payment ? { ...policy.payment, bankAccount: maskMiddle(policy.payment.bankAccount, 4, 4) } : null,
  };
}
