/**
 * Retention per record kind (machine-room rules; the defaults and their reasons are in the README):
 *
 * - `policy_ended`: an accepted policy and its parties' data, `policyYears` after its term ended (application date +
 *   term). The Insurance Law (Art. 87) keeps business records at least 10 years after a contract of more than one
 *   year ends, 5 years for shorter ones; 10 covers both.
 * - `application_rejected`: an application underwriting refused, `rejectedYears` after its application date (5: the
 *   shorter statutory period; no contract came into force).
 * - `inquiry_attempt`: the counters behind the inquiry lock-out, `inquiryDays` after the attempt (the audit trail
 *   keeps every inquiry regardless).
 * - `import_staging`: the raw rows an import still holds because it failed or was abandoned while staging (a batch
 *   deletes the rows it processed), `importRowsDays` after; the import's summary and refusal report stay.
 *
 * The audit trail, the destruction log, cases, evidence and reports are not destroyed here (see docs/decisions.md).
 */
export const RETENTION_RULES = ['policy_ended', 'application_rejected', 'inquiry_attempt', 'import_staging'] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

export interface RetentionSettings {
  policyYears: number;
  rejectedYears: number;
  inquiryDays: number;
  importRowsDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  policyYears: 10,
  rejectedYears: 5,
  inquiryDays: 365,
  importRowsDays: 90,
};

/** The UTC instant `days` before `now`. */
export function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
