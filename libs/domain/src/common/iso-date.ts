/**
 * Calendar helpers on ISO YYYY-MM-DD strings. No Date objects: the caller passes "today",
 * so results stay deterministic inside Temporal workflows and independent of the server time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Birth dates before this year are placeholders or typos, not people. */
export const MIN_BIRTH_YEAR = 1860;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written as YYYY-MM-DD (no Feb 30, no month 13). */
export function isRealIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** YYYYMMDD (as printed in ID numbers) to YYYY-MM-DD, or null if it is not a real date. */
export function compactToIsoDate(yyyymmdd: string): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return isRealIsoDate(iso) ? iso : null;
}

/** Completed years between birthDate and onDate; both must be real ISO dates. A Feb 29 birthday falls on Mar 1 in common years. */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export type BirthDateProblem = 'invalid' | 'future';

/** Checks a birth date against today: real, not before MIN_BIRTH_YEAR, not after today. ISO strings compare lexically. */
export function birthDateProblem(isoDate: string, today: string): BirthDateProblem | null {
  if (!isRealIsoDate(isoDate) || Number(isoDate.slice(0, 4)) < MIN_BIRTH_YEAR) return 'invalid';
  if (isoDate > today) return 'future';
  return null;
}
