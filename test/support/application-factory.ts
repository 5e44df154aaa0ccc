import { luhnValid, residentIdCheckChar } from '../../libs/domain/src';
import type { PolicyApplication, PartyInput } from '../../libs/domain/src';

/** Test and benchmark data: valid applications by default, each with its own people, phones and accounts. */

let counter = 0;
const RUN = Date.now().toString(36).toUpperCase();

export function uniqueSuffix(): string {
  counter += 1;
  return `${RUN}${counter.toString(36).toUpperCase().padStart(5, '0')}`;
}

/** A valid 18-digit resident ID for the given birth date and gender, with a real Guangzhou area code. */
export function residentId(birthDate: string, gender: 'M' | 'F', seq: number, area = '440106'): string {
  const sequence = (seq % 500) * 2 + (gender === 'M' ? 1 : 0);
  const first17 = `${area}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A mainland mobile number, distinct for each n below 100 million. */
export function mobile(n: number): string {
  return `139${String(n % 100_000_000).padStart(8, '0')}`;
}

/** A 19-digit card number with a valid Luhn check digit. */
export function bankCard(n: number): string {
  const body = `622202${String(n % 1_000_000_000_000).padStart(12, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

export interface ApplicationOptions {
  policyNumber?: string;
  sellerCode?: string;
  branchCode?: string;
  channel?: 'agency' | 'bancassurance' | 'intermediary';
  seq?: number;
}

let people = 0;

/** A complete application that underwriting accepts, given its seller exists and qualified. */
export type ApplicationBody = Omit<PolicyApplication, 'insured' | 'policyholder'> & {
  policyholder: PartyInput;
  insured: PartyInput & { sameAsPolicyholder?: true };
  [extra: string]: unknown;
};

export function validApplication(opts: ApplicationOptions = {}): ApplicationBody {
  people += 1;
  const seq = opts.seq ?? people + Math.floor(Math.random() * 1_000_000) * 1000;
  const holderBirth = `19${60 + (seq % 40)}-0${1 + (seq % 9)}-1${seq % 10}`;
  return {
    policyNumber: opts.policyNumber ?? `P${uniqueSuffix()}`,
    productCode: 'WL-01',
    productCategory: 'ordinary_life',
    termMonths: 240,
    channel: opts.channel ?? 'agency',
    branchCode: opts.branchCode ?? 'GZ01',
    sellerCode: opts.sellerCode ?? 'S-TEST',
    applicationDate: '2026-11-20',
    receiptSignedDate: '2026-11-22',
    policyholder: {
      name: '张三',
      gender: 'M',
      birthDate: holderBirth,
      idType: 'RESIDENT_ID',
      idNumber: residentId(holderBirth, 'M', seq),
      address: '广东省广州市天河区体育西路 100 号',
      phones: [mobile(seq)],
    },
    insured: { sameAsPolicyholder: true },
    payment: { bankAccount: bankCard(seq), accountHolderName: '张三' },
  };
}
