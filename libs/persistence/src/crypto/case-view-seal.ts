import type { CaseView } from '../../../contracts/src/case.contract';
import type { FieldCipher } from './field-cipher';

/**
 * The read model (`cases.view`) keeps the values a submission carries encrypted, as every personal value at rest
 * is: each correction's `oldValue` and `newValue` (the single `correction` of older submissions and each entry of
 * `corrections`) move into `sealed`, the field cipher's ciphertext of `{ oldValue, newValue }`, and read back as
 * null until opened. Everything else of the view (state, deadlines, ids) stays queryable.
 */
interface CorrectionEntry {
  oldValue?: unknown;
  newValue?: unknown;
  sealed?: string;
  [key: string]: unknown;
}
type Submission = Record<string, unknown> & { correction?: CorrectionEntry; corrections?: CorrectionEntry[] };

function mapCorrections(view: CaseView, fn: (c: CorrectionEntry) => CorrectionEntry): CaseView {
  const submission = view.submission as unknown as Submission | null;
  if (!submission || (!submission.correction && !Array.isArray(submission.corrections))) return view;
  const next: Submission = { ...submission };
  if (submission.correction) next.correction = fn(submission.correction);
  if (Array.isArray(submission.corrections)) next.corrections = submission.corrections.map(fn);
  return { ...view, submission: next as unknown as CaseView['submission'] };
}

export function sealCaseView(view: CaseView, cipher: FieldCipher): CaseView {
  return mapCorrections(view, (c) => {
    if (c.sealed) return c;
    const { oldValue, newValue, ...rest } = c;
    return { ...rest, oldValue: null, newValue: null, sealed: cipher.encrypt(JSON.stringify({ oldValue, newValue })).toString('base64') };
  });
}

/** The view as the workflow wrote it; views stored before sealing pass through. */
export function openCaseView(view: CaseView, cipher: FieldCipher): CaseView {
  return mapCorrections(view, (c) => {
    if (!c.sealed) return c;
    const { sealed, ...rest } = c;
    const values = JSON.parse(cipher.decrypt(Buffer.from(sealed, 'base64'))) as { oldValue: unknown; newValue: unknown };
    return { ...rest, oldValue: values.oldValue, newValue: values.newValue };
  });
}
