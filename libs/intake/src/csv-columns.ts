/**
 * The CSV layout of a bulk policy import: one column per field of the JSON application, nested fields
 * written with a dot. Phones are separated by `;`. `insured.sameAsPolicyholder` is `true` or empty.
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

const KNOWN = new Set<string>(POLICY_CSV_COLUMNS);
const NUMERIC = new Set(['termMonths', 'coolingOffDays']);

/** Columns of a header row that Verity does not know; the upload is refused when there are any. */
export function unknownColumns(header: string[]): string[] {
  return header.filter((h) => !KNOWN.has(h));
}

/** Turns one CSV record into the JSON shape of an application (validation happens later, per row). */
export function csvRecordToApplication(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { policyholder: {}, insured: {} };
  for (const [column, rawCell] of Object.entries(record)) {
    const cell = rawCell.trim();
    if (cell === '') continue;
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
  return out;
}
