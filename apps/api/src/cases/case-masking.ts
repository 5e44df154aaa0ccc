import type { CaseView, Correction } from '../../../../libs/contracts/src/case.contract';
import type { Role } from '../auth/principal';
import { maskFieldValue, ROLES_SEEING_SENSITIVE } from '../policies/masking';

function maskCorrection(c: Correction): Correction {
  return { ...c, oldValue: maskFieldValue(c.field, c.oldValue), newValue: maskFieldValue(c.field, c.newValue) };
}

/**
 * A case view as a role may see it: the personal values a submission carries (old and new phone, account, ID
 * number, name, …) are masked by their field exactly as a policy read masks them, unless the role's work needs
 * them whole.
 */
export function maskCaseView(view: CaseView, role: Role): CaseView {
  const corrections = view.submission?.corrections;
  if (ROLES_SEEING_SENSITIVE.includes(role) || !view.submission || !corrections) return view;
  return { ...view, submission: { ...view.submission, corrections: corrections.map(maskCorrection) } };
}
