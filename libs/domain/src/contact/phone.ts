import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { reasonMessage } from '../underwriting/reason-messages';

/**
 * Phone numbers, default country CN. Accepts +86 / 0086 / 86 prefixes, spaces, dashes, dots and brackets.
 * Mainland mobiles and landlines with their area code are accepted; so are valid foreign mobile or fixed
 * numbers (+852, +853, +886, ...) because HMT residents and foreigners are customers too (see ID_TYPES).
 * Service numbers (400/800, premium, VoIP, pagers) are refused: they are never the customer's own phone.
 * A mainland mobile must be in an allocated segment as libphonenumber-js's max metadata knows them.
 */

export type PhoneKind = 'mobile' | 'landline';

export type PhoneResult =
  | {
      ok: true;
      e164: string;
      kind: PhoneKind;
      /** Present (true) only for mainland mobiles in a virtual-operator segment: underwriting warns on them. */
      virtualOperator?: true;
    }
  | { ok: false; code: 'PHONE_INVALID'; message: string; messageZh: string };

/**
 * Mainland mobile segments resold by virtual operators (MVNOs): 170/171 (all three carriers' resellers),
 * 162 (China Telecom's), 165 (China Mobile's), 167 (China Unicom's). Real segments, so accepted, but their
 * numbers are often bought in bulk and not registered in the customer's own name.
 */
const VIRTUAL_OPERATOR_PREFIXES = ['170', '171', '162', '165', '167'];

function invalid(): PhoneResult {
  return { ok: false, code: 'PHONE_INVALID', ...reasonMessage('PHONE_INVALID', null, 'phones') };
}

export function normalizePhone(raw: string): PhoneResult {
  const value = raw.trim();
  // letters would let libphonenumber read vanity numbers or "ext." suffixes; neither is a customer phone
  if (!/^\+?[\d\s\-().]+$/.test(value)) return invalid();
  const phone = parsePhoneNumberFromString(value, 'CN');
  if (!phone || !phone.isValid() || phone.ext) return invalid();
  switch (phone.getType()) {
    case 'MOBILE': {
      // isValid() above uses the max metadata, so the number is in an allocated segment
      const virtual =
        phone.countryCallingCode === '86' && VIRTUAL_OPERATOR_PREFIXES.includes(phone.nationalNumber.slice(0, 3));
      return virtual
        ? { ok: true, e164: phone.number, kind: 'mobile', virtualOperator: true }
        : { ok: true, e164: phone.number, kind: 'mobile' };
    }
    // FIXED_LINE_OR_MOBILE only occurs abroad (e.g. +1); call it mobile since it may well receive SMS
    case 'FIXED_LINE_OR_MOBILE':
      return { ok: true, e164: phone.number, kind: 'mobile' };
    case 'FIXED_LINE':
      return { ok: true, e164: phone.number, kind: 'landline' };
    default:
      return invalid();
  }
}
