import type { CaseView } from '../../../../libs/contracts/src/case.contract';
import type { Role } from '../auth/principal';
import { maskFieldValue, ROLES_SEEING_SENSITIVE } from '../policies/masking';

/** A correction as a submission carries it: one `correction` (older cases) or each entry of `corrections`. */
interface SubmittedCorrection {
  field: string;
  oldValue?: unknown;
  newValue?: unknown;
  [key: string]: unknown;
}

function maskCorrection(c: SubmittedCorrection): SubmittedCorrection {
  const mask = (v: unknown) => (typeof v === 'string' ? maskFieldValue(c.field, v) : v);
  return { ...c, oldValue: mask(c.oldValue), newValue: mask(c.newValue) };
}

/**
 * A case view as a role may see it: the personal values a submission carries (old and new phone, account, ID
 * number, name, …) are masked by their field exactly as a policy read masks them, unless the role's work needs
 * them whole. Works on the single `correction` of older submissions and on every entry of `corrections`.
 */
export function maskCaseView(view: CaseView, role: Role): CaseView {
  if (ROLES_SEEING_SENSITIVE.includes(role) || !view.submission) return view;
  const submission = view.submission as CaseView['submission'] & { correction?: SubmittedCorrection; corrections?: SubmittedCorrection[] };
  const masked: Record<string, unknown> = { ...submission };
  if (submission.correction) masked.correction = maskCorrection(submission.correction);
  if (Array.isArray(submission.corrections)) masked.corrections = submission.corrections.map(maskCorrection);
  return { ...view, submission: masked as unknown as CaseView['submission'] };
}
