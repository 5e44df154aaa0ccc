import { ID_TYPES, type Gender, type IdType } from '../policy-application';
import { birthDateProblem, compactToIsoDate } from '../common/iso-date';
import { assertToday, checkGb11643, idCheckFailure, parseResidentId, type IdCheckFailure } from './resident-id';
import { isKnownAreaCode } from './area-codes';
import { isForeignNationalityAlpha3, isForeignNationalityNumeric } from './nationality';

/** Format checks for every accepted identity document type (Art. 6). */

export interface IdDocumentChecked {
  ok: true;
  /** Normalized number: trimmed, upper case, 15-digit resident IDs upgraded to 18. */
  idNumber: string;
  /** Only from documents that encode it: resident ID, HMT residence permit, both foreigner PR cards. */
  birthDate?: string;
  /** Only from resident ID, HMT residence permit and the 18-character foreigner PR card. */
  gender?: Gender;
  /** The old PR card prints YYMMDD: the century was guessed, so only compare the last six digits. */
  birthCenturyInferred?: boolean;
}

export type IdDocumentResult = IdDocumentChecked | IdCheckFailure;

const HMT_AREA_CODES = new Set(['810000', '820000', '830000']);

/** Two-digit code of a mainland province-level division (11–65), where PR cards are applied for. */
function isMainlandProvince(twoDigits: string): boolean {
  return /^[1-6]\d$/.test(twoDigits) && isKnownAreaCode(`${twoDigits}0000`);
}

function isIdType(value: string): value is IdType {
  return (ID_TYPES as readonly string[]).includes(value);
}

function withoutSpaces(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** 港澳台居民居住证: GB 11643 layout with area code 810000 (HK), 820000 (Macau) or 830000 (Taiwan). */
function checkHmtResidencePermit(raw: string, today: string): IdDocumentResult {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return idCheckFailure('ID_FORMAT');
  const checked = checkGb11643(id, today);
  if (!checked.ok) return checked;
  if (!HMT_AREA_CODES.has(id.slice(0, 6))) return idCheckFailure('ID_AREA_UNKNOWN');
  return { ok: true, idNumber: id, birthDate: checked.birthDate, gender: checked.gender };
}

/**
 * 2023 foreigner PR card: '9' + province of application (2) + nationality (3, ISO 3166-1 numeric) + YYYYMMDD +
 * sequence (3, odd = male) + GB 11643 check character.
 */
function checkForeignerPrCardNew(raw: string, today: string): IdDocumentResult {
  const id = raw.trim().toUpperCase();
  if (!/^9\d{16}[\dX]$/.test(id)) return idCheckFailure('ID_FORMAT');
  const checked = checkGb11643(id, today);
  if (!checked.ok) return checked;
  if (!isMainlandProvince(id.slice(1, 3)) || !isForeignNationalityNumeric(id.slice(3, 6))) {
    return idCheckFailure('ID_NATIONALITY_UNKNOWN');
  }
  return { ok: true, idNumber: id, birthDate: checked.birthDate, gender: checked.gender };
}

/**
 * 2004 foreigner PR card, 15 characters: ISO alpha-3 nationality + 4-digit issuing-authority code (its first two
 * digits the province) + YYMMDD (0-based positions 7–12) + 2 more digits. The century is the latest one that
 * does not put the birth in the future.
 */
function checkForeignerPrCardOld(raw: string, today: string): IdDocumentResult {
  const id = raw.trim().toUpperCase();
  if (!/^[A-Z]{3}\d{12}$/.test(id)) return idCheckFailure('ID_FORMAT');
  if (!isForeignNationalityAlpha3(id.slice(0, 3)) || !isMainlandProvince(id.slice(3, 5))) {
    return idCheckFailure('ID_NATIONALITY_UNKNOWN');
  }
  const yymmdd = id.slice(7, 13);
  const candidates = [`20${yymmdd}`, `19${yymmdd}`].map(compactToIsoDate).filter((d): d is string => d !== null);
  if (candidates.length === 0) return idCheckFailure('ID_BIRTH_DATE_INVALID');
  const birthDate = candidates.find((d) => birthDateProblem(d, today) === null);
  if (birthDate === undefined) return idCheckFailure('ID_BIRTH_DATE_FUTURE');
  return { ok: true, idNumber: id, birthDate, birthCenturyInferred: true };
}

/**
 * Checks a document number against its type. idType is a plain string because it comes straight from intake;
 * anything outside ID_TYPES gives ID_TYPE_UNKNOWN.
 */
export function checkIdDocument(idType: string, raw: string, today: string): IdDocumentResult {
  assertToday(today);
  if (!isIdType(idType)) return idCheckFailure('ID_TYPE_UNKNOWN', 'idType');
  switch (idType) {
    case 'RESIDENT_ID': {
      const parsed = parseResidentId(raw, today);
      if (!parsed.ok) return parsed;
      return { ok: true, idNumber: parsed.idNumber, birthDate: parsed.birthDate, gender: parsed.gender };
    }
    case 'HMT_RESIDENCE_PERMIT':
      return checkHmtResidencePermit(raw, today);
    case 'FOREIGNER_PR_CARD_NEW':
      return checkForeignerPrCardNew(raw, today);
    case 'FOREIGNER_PR_CARD_OLD':
      return checkForeignerPrCardOld(raw, today);
    case 'PASSPORT': {
      // any country's passport: 5–17 letters/digits; at least one digit so placeholders like "NONE" fail
      const id = withoutSpaces(raw);
      return /^[A-Z0-9]{5,17}$/.test(id) && /\d/.test(id) ? { ok: true, idNumber: id } : idCheckFailure('ID_FORMAT');
    }
    case 'HK_MACAU_TRAVEL_PERMIT': {
      // H (Hong Kong) / M (Macau) + 8 digits; older cards carry 10 digits
      const id = withoutSpaces(raw);
      return /^[HM]\d{8}(\d{2})?$/.test(id) ? { ok: true, idNumber: id } : idCheckFailure('ID_FORMAT');
    }
    case 'TAIWAN_TRAVEL_PERMIT': {
      // since 2008 the 8-digit lifetime number; 1992–2008 booklets add 2 digits (issue count) and, outside
      // Fujian/Jiangsu/Shanghai after 2006, the issuing office in brackets: 12345678 01 (B)
      const id = withoutSpaces(raw).replace(/（/g, '(').replace(/）/g, ')');
      return /^\d{8}(\d{2}(\([A-Z0-9]\))?)?$/.test(id) ? { ok: true, idNumber: id } : idCheckFailure('ID_FORMAT');
    }
  }
}
