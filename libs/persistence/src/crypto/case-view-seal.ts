import type { CaseView, Correction } from '../../../contracts/src/case.contract';
import type { FieldCipher } from './field-cipher';

/**
 * The read model (`cases.view`) keeps the values a submission carries encrypted, as every personal value at rest
 * is: each correction's `oldValue` and `newValue` move into `sealed`, the field cipher's ciphertext of
 * `{ oldValue, newValue }`, and are stored empty until opened. Everything else of the view (state, deadlines, ids)
 * stays queryable.
 */
type StoredCorrection = Correction & { sealed?: string };

function mapCorrections(view: CaseView, fn: (c: StoredCorrection) => StoredCorrection): CaseView {
  const corrections = view.submission?.corrections;
  if (!view.submission || !corrections) return view;
  return { ...view, submission: { ...view.submission, corrections: corrections.map(fn) } };
}

/** One correction with its values encrypted; the customer and the field stay readable. */
export function sealCorrection(c: StoredCorrection, cipher: FieldCipher): StoredCorrection {
  if (c.sealed) return c;
  const { oldValue, newValue, ...rest } = c;
  return {
    ...rest,
    oldValue: '',
    newValue: '',
    sealed: cipher.encrypt(JSON.stringify({ oldValue, newValue })).toString('base64'),
  };
}

export function openCorrection(c: StoredCorrection, cipher: FieldCipher): Correction {
  if (!c.sealed) return c;
  const { sealed, ...rest } = c;
  const values = JSON.parse(cipher.decrypt(Buffer.from(sealed, 'base64'))) as { oldValue: string; newValue: string };
  return { ...rest, oldValue: values.oldValue, newValue: values.newValue };
}

export function sealCaseView(view: CaseView, cipher: FieldCipher): CaseView {
  return mapCorrections(view, (c) => sealCorrection(c, cipher));
}

/** The view as the workflow wrote it. */
export function openCaseView(view: CaseView, cipher: FieldCipher): CaseView {
  return mapCorrections(view, (c) => openCorrection(c, cipher));
}
