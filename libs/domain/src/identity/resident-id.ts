import type { Gender } from '../policy-application';
import { birthDateProblem, compactToIsoDate, isRealIsoDate } from '../common/iso-date';
import { reasonMessage, type IdCheckCode } from '../underwriting/reason-messages';
import { residentAreaCodeProblem } from './area-codes';

/** GB 11643 citizen identity numbers (mainland resident ID card), 18 characters or legacy 15 digits. */

export type ResidentIdErrorCode = Exclude<IdCheckCode, 'ID_TYPE_UNKNOWN'>;

export interface IdCheckFailure<C extends IdCheckCode = IdCheckCode> {
  ok: false;
  code: C;
  message: string;
  messageZh: string;
}

export interface ResidentIdParsed {
  ok: true;
  /** 18 characters, check character upper case. */
  idNumber: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: Gender;
  areaCode: string;
  upgradedFrom15: boolean;
}

export type ResidentIdResult = ResidentIdParsed | IdCheckFailure<ResidentIdErrorCode>;

// ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The 18th character for a 17-digit body. Throws on anything but 17 digits: that is a caller bug, not bad data. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`residentIdCheckChar needs 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function idCheckFailure<C extends IdCheckCode>(code: C, field = 'idNumber'): IdCheckFailure<C> {
  return { ok: false, code, ...reasonMessage(code, null, field) };
}

export function assertToday(today: string): void {
  // a bad "today" would silently pass every future-date check, so fail loudly
  if (!isRealIsoDate(today)) throw new RangeError(`today must be a real YYYY-MM-DD date, got "${today}"`);
}

/**
 * Shared GB 11643 checks for an upper-case 18-character number whose shape was already checked:
 * check character, then birth date (positions 7–14) against today, then gender from position 17.
 * Used by the resident ID, the HMT residence permit and the 2017/2023 foreigner PR card.
 */
export function checkGb11643(
  id18: string,
  today: string,
): { ok: true; birthDate: string; gender: Gender } | IdCheckFailure<ResidentIdErrorCode> {
  if (residentIdCheckChar(id18.slice(0, 17)) !== id18[17]) return idCheckFailure('ID_CHECKSUM');
  const birthDate = compactToIsoDate(id18.slice(6, 14));
  if (birthDate === null) return idCheckFailure('ID_BIRTH_DATE_INVALID');
  const problem = birthDateProblem(birthDate, today);
  if (problem === 'invalid') return idCheckFailure('ID_BIRTH_DATE_INVALID');
  if (problem === 'future') return idCheckFailure('ID_BIRTH_DATE_FUTURE');
  // sequence code: odd for men, even for women
  const gender: Gender = Number(id18[16]) % 2 === 1 ? 'M' : 'F';
  return { ok: true, birthDate, gender };
}

export function parseResidentId(raw: string, today: string): ResidentIdResult {
  assertToday(today);
  const value = raw.trim();
  let idNumber: string;
  let upgradedFrom15 = false;
  if (/^\d{15}$/.test(value)) {
    // 1984–1999 numbers: YYMMDD in the 20th century, no check character
    const first17 = `${value.slice(0, 6)}19${value.slice(6)}`;
    idNumber = first17 + residentIdCheckChar(first17);
    upgradedFrom15 = true;
  } else if (/^\d{17}[\dXx]$/.test(value)) {
    idNumber = value.toUpperCase();
  } else {
    return idCheckFailure('ID_FORMAT');
  }

  const checked = checkGb11643(idNumber, today);
  if (!checked.ok) return checked;

  const areaCode = idNumber.slice(0, 6);
  // 8x codes belong to HMT residence permits, never to mainland resident IDs
  if (areaCode.startsWith('8')) return idCheckFailure('ID_AREA_UNKNOWN');
  switch (residentAreaCodeProblem(areaCode, Number(checked.birthDate.slice(0, 4)))) {
    case 'unknown':
      return idCheckFailure('ID_AREA_UNKNOWN');
    case 'province':
      return idCheckFailure('ID_AREA_PROVINCE_LEVEL');
    case 'ended':
      return idCheckFailure('ID_AREA_ENDED');
    case null:
      break;
  }

  return { ok: true, idNumber, birthDate: checked.birthDate, gender: checked.gender, areaCode, upgradedFrom15 };
}
