import { HttpStatus } from '@nestjs/common';

/** Every business error the API can answer with, and its HTTP status: one table, checked by the compiler. */
export const DOMAIN_ERROR_STATUS = {
  POLICY_NOT_FOUND: HttpStatus.NOT_FOUND,
  POLICY_NUMBER_DUPLICATE: HttpStatus.CONFLICT,
  POLICY_ALREADY_ACCEPTED: HttpStatus.CONFLICT,
  POLICY_NUMBER_MISMATCH: HttpStatus.BAD_REQUEST,
  OUT_OF_SCOPE: HttpStatus.FORBIDDEN,
  SELLER_NOT_FOUND: HttpStatus.NOT_FOUND,
  SELLER_CODE_DUPLICATE: HttpStatus.CONFLICT,
  AGENCY_NOT_FOUND: HttpStatus.NOT_FOUND,
  AGENCY_CODE_DUPLICATE: HttpStatus.CONFLICT,
  FIELD_INVALID: HttpStatus.BAD_REQUEST,
  IMPORT_NOT_FOUND: HttpStatus.NOT_FOUND,
  IMPORT_FORMAT_UNSUPPORTED: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  IMPORT_HEADER_INVALID: HttpStatus.BAD_REQUEST,
  IMPORT_EMPTY: HttpStatus.BAD_REQUEST,
  IMPORT_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  CASE_NOT_FOUND: HttpStatus.NOT_FOUND,
  CASE_STEP_REFUSED: HttpStatus.CONFLICT,
  CASE_CLOSED: HttpStatus.CONFLICT,
  EVIDENCE_NOT_FOUND: HttpStatus.NOT_FOUND,
  EVIDENCE_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  EVIDENCE_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  EVIDENCE_EMPTY: HttpStatus.BAD_REQUEST,
  CALENDAR_INVALID: HttpStatus.BAD_REQUEST,
  DETECTION_RUN_NOT_FOUND: HttpStatus.NOT_FOUND,
  AREA_CODE_NOT_FOUND: HttpStatus.NOT_FOUND,
  REPORT_NOT_FOUND: HttpStatus.NOT_FOUND,
  REPORT_EXISTS: HttpStatus.CONFLICT,
  REPORT_SUPERSEDED: HttpStatus.CONFLICT,
  REPORT_ALREADY_FILED: HttpStatus.CONFLICT,
  REPORT_QUARTER_NOT_ENDED: HttpStatus.CONFLICT,
} as const satisfies Record<string, HttpStatus>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
