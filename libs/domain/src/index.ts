/** Public API of the domain library: pure functions and types, safe to import inside Temporal workflows. */
export * from './policy-application';
export { isRealIsoDate, ageOn, MIN_BIRTH_YEAR } from './common/iso-date';
export { csvCell, csvLine, quoteCsvCell, neutraliseFormula } from './common/csv-cell';
export { forEachConcurrently } from './common/concurrency';
export {
  isKnownAreaCode,
  areaName,
  residentAreaCodeProblem,
  useAdminAreaCodes,
  AREA_CODE_GRACE_YEARS,
  type AreaCodeEntry,
  type ExtraAreaCode,
} from './identity/area-codes';
export {
  parseResidentId,
  residentIdCheckChar,
  type ResidentIdResult,
  type ResidentIdParsed,
  type ResidentIdErrorCode,
  type IdCheckFailure,
} from './identity/resident-id';
export { checkIdDocument, type IdDocumentResult, type IdDocumentChecked } from './identity/id-document';
export { normalizePhone, type PhoneResult, type PhoneKind } from './contact/phone';
export { normaliseAddressForIndex } from './contact/address-index';
export { checkBankAccount, luhnValid, type BankAccountResult } from './payment/bank-account';
export {
  REASON_CODES,
  MIN_ADDRESS_LENGTH,
  reasonMessage,
  type ReasonCode,
  type IdCheckCode,
  type ReasonMessage,
  type LocalizedText,
} from './underwriting/reason-messages';
export { underwrite, isRegulatedProduct } from './underwriting/underwrite';
export {
  WorkingCalendar,
  workingDayDeadline,
  shippedCalendar,
  officialYears,
  officialYear,
  withPublishedSchedule,
  localDateOf,
  branchToday,
  startOfLocalDay,
  addCalendarDays,
  BRANCH_UTC_OFFSET_MINUTES,
  OFFICIAL_SOURCE,
  provisionalYear,
  PROVISIONAL_FIRST_YEAR,
  PROVISIONAL_LAST_YEAR,
  type DayKind,
  type DaySource,
  type CalendarOverride,
  type YearStatus,
  type CalendarSnapshot,
  type WorkingDayDeadline,
} from './calendar/working-calendar';
