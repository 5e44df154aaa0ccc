import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { reasonMessage } from '../underwriting/reason-messages';

/**
 * Phone numbers, default country CN. Accepts +86 / 0086 / 86 prefixes, spaces, dashes, dots and brackets.
 * Mainland mobiles and landlines with their area code are accepted; so are valid foreign mobile or fixed
 * numbers (+852, +853, +886, ...) because HMT residents and foreigners are customers too (see ID_TYPES).
 * Service numbers (400/800, premium, VoIP, pagers) are refused: they are never the customer's own phone.
 */

export type PhoneKind = 'mobile' | 'landline';

export type PhoneResult =
  | { ok: true; e164: string; kind: PhoneKind }
  | { ok: false; code: 'PHONE_INVALID'; message: string; messageZh: string };

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
    case 'MOBILE':
    // FIXED_LINE_OR_MOBILE only occurs abroad (e.g. +1); call it mobile since it may well receive SMS
    case 'FIXED_LINE_OR_MOBILE':
      return { ok: true, e164: phone.number, kind: 'mobile' };
    case 'FIXED_LINE':
      return { ok: true, e164: phone.number, kind: 'landline' };
    default:
      return invalid();
  }
}
