/**
 * The `type` of every ApplicationFailure one side raises and another reads: workflows and activities throw them,
 * the API gateway maps them to answers. Pure values: workflow code imports this file.
 */
export const FailureType = {
  /** A case step the workflow's validator (or a step's own work) refused; the API answers 409 with its message. */
  StepRefused: 'StepRefused',
  /** A case started without what it needs (no policy). */
  CaseInputInvalid: 'CaseInputInvalid',
  /** The calendar has no schedule for a year a deadline falls in; an admin must load it. */
  CalendarUnknown: 'CalendarUnknown',
  /** A correction's old value is not on record, or its customer is not. */
  CorrectionNotApplicable: 'CorrectionNotApplicable',
  /** A corrected value that is not valid for its field. */
  CorrectionInvalid: 'CorrectionInvalid',
  /** The notification webhook refused or missed some outbox rows; the delivery activity is retried. */
  NotificationDeliveryFailed: 'NotificationDeliveryFailed',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
