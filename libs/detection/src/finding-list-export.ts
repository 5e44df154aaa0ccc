import { Stream, PassThrough } from 'stream';
import { setImmediate as nextMacrotask } from 'timers/promises';
import ExcelJS from 'exceljs';
import type { DetectionRule, FindingListRow } from '../../contracts/src/detection.contract';
import { BRANCH_UTC_OFFSET_MINUTES } from '../../domain/src/calendar/working-calendar';
import { csvLine } from '../../domain/src/common/csv-cell';

/**
 * The suspicious list (可疑客户信息资料问题件清单) as customer service distributes it: CSV and XLSX, both streamed
 * row by row so a list of 100,000 findings is never held in memory. Customer data arrives already masked.
 */

/** Chinese label of each rule, as the branches know it. */
export const FINDING_RULE_LABELS_ZH: Readonly<Record<DetectionRule, string>> = {
  SHARED_PHONE: '同一电话多客户',
  SHARED_BANK_ACCOUNT: '同一银行账号多客户',
  SELLER_CONTACT_USED: '使用销售人员联系方式',
  THIRD_PARTY_PAYER: '非投保人账户缴费',
  ID_CONFLICT: '同一证件号码姓名或出生日期不一致',
  RECHECK_FAILED: '存量保单复核不通过',
};

/** Chinese label of the change since the previous list. */
export const FINDING_CHANGE_LABELS_ZH: Readonly<Record<FindingListRow['change'], string>> = {
  new: '新增',
  grown: '新成员',
};

/** Separator of the customers and policy numbers inside one cell. */
export const LIST_SEPARATOR = '; ';

/** What the customers cell says when a confidential policy's customers are withheld from the reader. */
export const WITHHELD_ZH = '（机密，需调阅申请）';

export interface FindingListColumn {
  key: string;
  en: string;
  zh: string;
  /** XLSX column width in characters (a CJK character counts two). */
  width: number;
  /** The cell's text; '' for nothing. */
  value: (row: FindingListRow) => string;
}

/** Branch-local (UTC+8) 'YYYY-MM-DD HH:mm' of an ISO-8601 instant; '' for null. */
export function formatBranchLocal(instantIso: string | null): string {
  if (instantIso === null) return '';
  // An explicit zone is required: a bare local time would be read in the server's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(instantIso)) {
    throw new RangeError(`not an ISO-8601 instant with a zone: ${JSON.stringify(instantIso)}`);
  }
  const ms = Date.parse(instantIso);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${JSON.stringify(instantIso)}`);
  const local = new Date(ms + BRANCH_UTC_OFFSET_MINUTES * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

export const FINDING_LIST_COLUMNS: readonly FindingListColumn[] = [
  { key: 'findingKey', en: 'Finding key', zh: '问题件编号', width: 30, value: (r) => r.findingKey },
  { key: 'rule', en: 'Rule', zh: '可疑类型', width: 22, value: (r) => FINDING_RULE_LABELS_ZH[r.rule] ?? r.rule },
  { key: 'change', en: 'Change', zh: '变动', width: 10, value: (r) => FINDING_CHANGE_LABELS_ZH[r.change] ?? r.change },
  {
    key: 'customers',
    en: 'Customers',
    zh: '客户',
    width: 40,
    value: (r) => (r.withheld ? WITHHELD_ZH : r.customers.join(LIST_SEPARATOR)),
  },
  { key: 'policyNumbers', en: 'Policies', zh: '保单号', width: 36, value: (r) => r.policyNumbers.join(LIST_SEPARATOR) },
  { key: 'channel', en: 'Channel', zh: '渠道', width: 12, value: (r) => r.channel },
  { key: 'branchCode', en: 'Branch', zh: '机构', width: 12, value: (r) => r.branchCode },
  { key: 'sellerCode', en: 'Seller', zh: '销售人员代码', width: 14, value: (r) => r.sellerCode ?? '' },
  { key: 'caseId', en: 'Case ID', zh: '案件编号', width: 38, value: (r) => r.caseId ?? '' },
  { key: 'caseState', en: 'Case state', zh: '案件状态', width: 16, value: (r) => r.caseState ?? '' },
  {
    key: 'investigationDueAt',
    en: 'Investigation due',
    zh: '调查截止时间',
    width: 18,
    value: (r) => formatBranchLocal(r.investigationDueAt),
  },
  {
    key: 'revisitDeadlineAt',
    en: 'Revisit deadline',
    zh: '回访截止时间',
    width: 18,
    value: (r) => formatBranchLocal(r.revisitDeadlineAt),
  },
];

/** 'English / 中文', the header of a column in both formats. */
export function columnHeader(column: FindingListColumn): string {
  return `${column.en} / ${column.zh}`;
}

// ---- CSV ----

const UTF8_BOM = '\uFEFF';
const CRLF = '\r\n';

/** The list as CSV: a BOM (so Excel reads UTF-8) with the header line first, then one CRLF-ended line per row. */
export async function* findingListCsv(
  rows: AsyncIterable<FindingListRow> | Iterable<FindingListRow>,
): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(FINDING_LIST_COLUMNS.map(columnHeader), CRLF);
  for await (const row of rows) {
    yield csvLine(
      FINDING_LIST_COLUMNS.map((c) => c.value(row)),
      CRLF,
    );
  }
}

// ---- XLSX ----

export const FINDING_LIST_SHEET_NAME = '可疑客户清单';

/**
 * Rows between pauses. exceljs hands sheet XML to the zip without backpressure, so the producer yields a macrotask
 * this often to let zlib keep up (measured: every 500 rows let ~1 KB/row pile up; every 50 stays flat).
 */
const ROWS_PER_PAUSE = 50;

/** Rough display width: CJK and full-width characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch)
      ? 2
      : 1;
  return width;
}

/** Waits for 'drain' when the output's buffer is full (a slow client), or returns at once. */
function drained(out: NodeJS.WritableStream): Promise<void> {
  if (!('writableNeedDrain' in out) || out.writableNeedDrain !== true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      out.removeListener('drain', done);
      out.removeListener('close', done);
      out.removeListener('error', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
    out.once('error', done);
  });
}

/**
 * The list as an XLSX workbook written to `out` with exceljs's streaming writer: each row is committed (serialised
 * and handed to the zip) as soon as it is added. Ends `out`; resolves when it has finished. On failure `out` is left
 * unfinished for the caller to destroy. Cells are text cells, which a spreadsheet never runs as formulas.
 */
export async function findingListXlsx(
  rows: AsyncIterable<FindingListRow> | Iterable<FindingListRow>,
  out: NodeJS.WritableStream,
): Promise<void> {
  // exceljs pipes its zip into a Stream; any Node writable is one, otherwise bridge through a PassThrough.
  let target: Stream;
  let bridged: Promise<void> | null = null;
  if (out instanceof Stream) {
    target = out;
  } else {
    const bridge = new PassThrough();
    bridged = new Promise((resolve, reject) => {
      out.once('finish', resolve);
      out.once('error', reject);
    });
    bridge.pipe(out);
    target = bridge;
  }

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(FINDING_LIST_SHEET_NAME, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = FINDING_LIST_COLUMNS.map((c) => ({
    key: c.key,
    width: Math.max(c.width, displayWidth(columnHeader(c)) + 2),
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FINDING_LIST_COLUMNS.length } };

  const header = sheet.addRow(FINDING_LIST_COLUMNS.map(columnHeader));
  header.font = { bold: true };
  header.commit();

  let count = 0;
  for await (const row of rows) {
    sheet.addRow(FINDING_LIST_COLUMNS.map((c) => c.value(row))).commit();
    if (++count % ROWS_PER_PAUSE === 0) {
      await nextMacrotask();
      await drained(out);
    }
  }
  sheet.commit();
  await workbook.commit();
  if (bridged) await bridged;
}
