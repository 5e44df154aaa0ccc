import { MAX_BENEFICIARIES } from '../../domain/src/inquiry/beneficiaries';

/**
 * The CSV layout of a bulk policy import: one column per field of the JSON application, nested fields
 * written with a dot. Phones are separated by `;`. `insured.sameAsPolicyholder` is `true` or empty.
 * Beneficiaries are numbered from 1: `beneficiaries.1.name`, `.idType`, `.idNumber`, `.share` (percent), up to
 * MAX_BENEFICIARIES; a number whose four cells are all empty names nobody, and none at all means the legal heirs.
 * Empty cells mean "not given". Column order is free; unknown columns refuse the upload.
 */
export const POLICY_CSV_COLUMNS = [
  'policyNumber',
  'productCode',
  'productCategory',
  'termMonths',
  'channel',
  'branchCode',
  'sellerCode',
  'agencyCode',
  'applicationDate',
  'receiptSignedDate',
  'coolingOffDays',
  'policyholder.name',
  'policyholder.gender',
  'policyholder.birthDate',
  'policyholder.idType',
  'policyholder.idNumber',
  'policyholder.address',
  'policyholder.phones',
  'insured.sameAsPolicyholder',
  'insured.name',
  'insured.gender',
  'insured.birthDate',
  'insured.idType',
  'insured.idNumber',
  'insured.address',
  'insured.phones',
  'payment.bankAccount',
  'payment.accountHolderName',
] as const;

const BENEFICIARY_FIELDS = ['name', 'idType', 'idNumber', 'share'] as const;

/** The beneficiary columns, `beneficiaries.1.name` … `beneficiaries.10.share`. */
export const BENEFICIARY_CSV_COLUMNS: readonly string[] = Array.from({ length: MAX_BENEFICIARIES }, (_, i) =>
  BENEFICIARY_FIELDS.map((f) => `beneficiaries.${i + 1}.${f}`),
).flat();

const KNOWN = new Set<string>([...POLICY_CSV_COLUMNS, ...BENEFICIARY_CSV_COLUMNS]);
const BENEFICIARY_COLUMN = /^beneficiaries\.(\d+)\.(name|idType|idNumber|share)$/;
const NUMERIC = new Set(['termMonths', 'coolingOffDays']);

/** Columns of a header row that Verity does not know; the upload is refused when there are any. */
export function unknownColumns(header: string[]): string[] {
  return header.filter((h) => !KNOWN.has(h));
}

/** Turns one CSV record into the JSON shape of an application (validation happens later, per row). */
export function csvRecordToApplication(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { policyholder: {}, insured: {} };
  const beneficiaries = new Map<number, Record<string, unknown>>();
  for (const [column, rawCell] of Object.entries(record)) {
    const cell = rawCell.trim();
    if (cell === '') continue;
    const b = BENEFICIARY_COLUMN.exec(column);
    if (b) {
      const entry = beneficiaries.get(Number(b[1])) ?? {};
      entry[b[2]] = b[2] === 'share' && /^\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
      beneficiaries.set(Number(b[1]), entry);
      continue;
    }
    const [head, leaf] = column.split('.');
    let value: unknown = cell;
    if (NUMERIC.has(column) && /^-?\d+$/.test(cell)) value = Number(cell);
    if (leaf === 'phones')
      value = cell
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean);
    if (leaf === 'sameAsPolicyholder') value = cell.toLowerCase() === 'true' ? true : cell;
    if (leaf) {
      const group = (out[head] ??= {}) as Record<string, unknown>;
      group[leaf] = value;
    } else {
      out[head] = value;
    }
  }
  if (beneficiaries.size > 0)
    out.beneficiaries = [...beneficiaries.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  return out;
}
