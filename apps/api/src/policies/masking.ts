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

/** A name keeps its first character (张三 → 张*, 欧阳娜娜 → 欧***): the family name, not the person. */
export function maskName(name: string | null): string | null {
  if (name === null) return null;
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** A birth date keeps its year only (1990-03-07 → 1990). */
export function maskBirthDate(date: string | null): string | null {
  if (date === null) return null;
  const year = /^(\d{4})/.exec(date.trim());
  return year ? year[1] : '****';
}

// Province (or municipality), prefecture, county: the administrative levels an address keeps when masked.
// The names may not run over street-level characters, so a street that happens to contain 市 or 区 is not kept.
const NAME = '[^省市盟区县旗路街道巷弄号村镇乡楼栋室0-9０-９\\s]';
const ADDRESS_DISTRICT = new RegExp(
  `^(?:${NAME}{2,8}?(?:省|自治区|特别行政区)|(?:北京|天津|上海|重庆)市)?` +
    `(?:${NAME}{1,10}?(?:自治州|地区|盟|市))?` +
    `(?:${NAME}{1,15}?(?:区|县|旗|市))?`,
);

/** An address keeps province, city and district or county (广东省广州市天河区****); what follows is hidden. */
export function maskAddress(address: string | null): string | null {
  if (address === null) return null;
  const kept = ADDRESS_DISTRICT.exec(address.trim())?.[0] ?? '';
  return `${kept}****`;
}

/** The personal fields of a customer (Art. 2) and how each is shown to a role that does not need it whole. */
export const PERSONAL_FIELD_MASKS: Record<string, (value: string) => string> = {
  name: (v) => maskName(v)!,
  birthDate: (v) => maskBirthDate(v)!,
  idNumber: (v) => maskMiddle(v)!,
  bankAccount: (v) => maskMiddle(v, 4, 4)!,
  address: (v) => maskAddress(v)!,
  phone: maskPhone,
  // Gender and ID type are shown as the policy view shows them.
  gender: (v) => v,
  idType: (v) => v,
};

/** Masks one value of a personal field; a field this code does not know is hidden whole rather than shown. */
export function maskFieldValue(field: string, value: string): string {
  const mask = PERSONAL_FIELD_MASKS[field];
  return mask ? mask(value) : '****';
}

function maskParty(p: StoredParty): StoredParty {
  return {
    ...p,
    name: maskName(p.name),
    birthDate: maskBirthDate(p.birthDate),
    idNumber: maskMiddle(p.idNumber),
    address: maskAddress(p.address),
    phones: p.phones.map(maskPhone),
  };
}

export function maskPolicy(policy: StoredPolicy): StoredPolicy {
  return {
    ...policy,
    policyholder: maskParty(policy.policyholder),
    insured: policy.insured ? maskParty(policy.insured) : null,
    beneficiaries: policy.beneficiaries.map((b) => ({
      ...b,
      name: maskName(b.name)!,
      idNumber: maskMiddle(b.idNumber)!,
    })),
    payment: policy.payment
      ? {
          ...policy.payment,
          bankAccount: maskMiddle(policy.payment.bankAccount, 4, 4),
          accountHolderName: maskName(policy.payment.accountHolderName),
        }
      : null,
  };
}
