import ExcelJS from 'exceljs';
import { REPORT_TITLE_EN, REPORT_TITLE_ZH } from '../../contracts/src/report.contract';
import type { Cell, RenderableReport } from './report-sections';
import { columnHeader, identityLines, LIST_SEPARATOR, reportTables, summaryLines } from './report-sections';
import { setZipTimestamps } from './zip-timestamps';

/**
 * The report as an XLSX workbook: a first sheet with the report's identity and summary, then one sheet per table
 * with every row and every case reference. Rendered from the stored snapshot alone, with the document's dates taken
 * from its generation time, so the same report always gives the same bytes.
 */

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const INFO_SHEET_NAME = '报告信息';

/** Rough display width: CJK and full-width characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60]/.test(ch) ? 2 : 1;
  return width;
}

function cellValue(cell: Cell): string | number {
  return Array.isArray(cell) ? cell.join(LIST_SEPARATOR) : cell;
}

export async function renderReportXlsx(report: RenderableReport): Promise<Buffer> {
  const at = new Date(report.data.header.generatedAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Verity';
  workbook.lastModifiedBy = 'Verity';
  workbook.created = at;
  workbook.modified = at;
  workbook.title = `${REPORT_TITLE_ZH} ${report.data.header.branchCode} ${report.data.header.quarter}`;
  workbook.subject = REPORT_TITLE_EN;
  workbook.keywords = `sha256:${report.contentSha256}`;

  const info = workbook.addWorksheet(INFO_SHEET_NAME);
  info.columns = [{ width: 44 }, { width: 72 }];
  const title = info.addRow([REPORT_TITLE_ZH, REPORT_TITLE_EN]);
  title.font = { bold: true, size: 14 };
  info.addRow([]);
  for (const line of identityLines(report)) info.addRow([`${line.en} / ${line.zh}`, line.value]);
  info.addRow([]);
  info.addRow(['Summary / 本季度概况']).font = { bold: true };
  for (const line of summaryLines(report.data)) info.addRow([`${line.en} / ${line.zh}`, line.value]);

  for (const table of reportTables(report.data)) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ width: Math.max(c.xlsxWidth, displayWidth(columnHeader(c)) + 2) }));
    const header = sheet.addRow(table.columns.map(columnHeader));
    header.font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map(cellValue));
    if (table.footer) sheet.addRow(table.footer.map(cellValue)).font = { bold: true };
    if (table.rows.length > 0) {
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    }
  }

  const zip = Buffer.from(await workbook.xlsx.writeBuffer());
  return setZipTimestamps(zip, at);
}
