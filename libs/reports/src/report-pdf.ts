import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { REPORT_TITLE_EN, REPORT_TITLE_ZH } from '../../contracts/src/report.contract';
import { quarterLabelZh } from '../../domain/src/report/quarter';
import type { Cell, InfoLine, RenderableReport, SectionTable } from './report-sections';
import { identityLines, reportTables, summaryLines } from './report-sections';

/**
 * The report as a formal PDF (A4): title, the report's identity and summary, one numbered section per table, the
 * definitions, and on every page a footer with the branch, quarter, version, content hash and page number. Chinese
 * text is set in Noto Sans SC (from the npm package @expo-google-fonts/noto-sans-sc, OFL), embedded as a subset with
 * its ToUnicode map, so it renders anywhere and extracts as text. The document dates and id come from the report's
 * generation time, so the same report always gives the same bytes.
 */

export const PDF_MEDIA_TYPE = 'application/pdf';

const REGULAR = 'NotoSansSC-Regular';
const BOLD = 'NotoSansSC-Bold';
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** A list cell shows this many entries in the PDF; the XLSX and JSON carry them all. */
const LIST_ENTRIES = 12;
/** A text cell is cut here in the PDF (a free-text description can be long); the XLSX and JSON carry it whole. */
const TEXT_CHARS = 300;
const PAD = 3;
/** An ideographic space between the parts of a title line. */
const GAP = '\u3000';
const FOOTER_GAP = 20;

let fontFiles: { regular: Buffer; bold: Buffer } | undefined;

/** The two TTF files (about 10 MB each), read once per process. */
function fonts(): { regular: Buffer; bold: Buffer } {
  fontFiles ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fontFiles;
}

const NOTES_ZH = [
  '报告期间按北京时间计算，自季度首日零时起至下一季度首日零时止。',
  '提供虚假客户信息的销售人员：本季度以“确认虚假信息”结案、且调查结论指明责任销售人员的问题件；代理机构另含本季度记录的拒绝提供或提供虚假客户信息事件。',
  '可疑客户信息线索：本季度各工作日已完成的可疑客户清单上的不同线索，按规则和渠道统计。',
  '升级至合规：本季度内因分发或调查期限届满而升级至合规的问题件数。',
  '调查时效达标率：本季度结案的问题件中，未因调查期限（3个工作日）届满未提交结果而升级的比例（与看板口径一致）；分发超期不影响该比率。',
  '犹豫期内未结案：犹豫期于本季度届满时问题件仍未结案的数量。',
  '移交合规委员会事项与复核活动的状态为季度末的状态。',
  '本报告为生成时的数据快照，内容哈希见页脚；如需更正，以新版本发布并注明所更正的版本，原版本不作修改。',
];

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…（全文见 XLSX）` : text;
}

function cellText(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  if (!Array.isArray(cell)) return clip(cell, TEXT_CHARS);
  if (cell.length === 0) return '—';
  const shown = cell.slice(0, LIST_ENTRIES).join('\n');
  return cell.length > LIST_ENTRIES ? `${shown}\n…等 ${cell.length} 项（完整清单见 XLSX）` : shown;
}

class Layout {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string, subtitle: string): void {
    // A heading never ends a page: room for it and the start of what follows.
    this.ensure(100);
    this.doc.moveDown(0.8);
    this.doc.font(BOLD).fontSize(12).fillColor('black').text(text, this.left, this.doc.y, { width: this.width });
    this.doc.font(REGULAR).fontSize(8).fillColor('#555555').text(subtitle, { width: this.width });
    this.doc.fillColor('black').moveDown(0.4);
  }

  paragraph(text: string, size = 9.5): void {
    this.doc.font(REGULAR).fontSize(size).fillColor('black');
    this.ensure(this.doc.heightOfString(text, { width: this.width }));
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
  }

  /** Label and value lines as a two-column grid. */
  info(lines: InfoLine[]): void {
    const widths = [this.width * 0.3, this.width * 0.7];
    for (const line of lines)
      this.row([line.zh, String(line.value)], widths, [false, false], { size: 9, labelBold: true });
  }

  table(table: SectionTable): void {
    const total = table.columns.reduce((n, c) => n + c.pdfWeight, 0);
    const widths = table.columns.map((c) => (this.width * c.pdfWeight) / total);
    const numeric = table.columns.map((c) => c.numeric === true);
    const size = table.columns.length > 8 ? 6.5 : 7.5;
    const header = () =>
      this.row(
        table.columns.map((c) => c.zh),
        widths,
        numeric,
        { size, bold: true, fill: '#e8e8e8' },
      );
    header();
    for (const cells of table.rows) {
      this.row(cells.map(cellText), widths, numeric, { size, onNewPage: header });
    }
    if (table.footer) this.row(table.footer.map(cellText), widths, numeric, { size, bold: true, onNewPage: header });
  }

  private row(
    cells: string[],
    widths: number[],
    numeric: boolean[],
    opts: { size: number; bold?: boolean; labelBold?: boolean; fill?: string; onNewPage?: () => void },
  ): void {
    const doc = this.doc;
    const fontOf = (i: number) => (opts.bold || (opts.labelBold && i === 0) ? BOLD : REGULAR);
    const heights = cells.map((text, i) =>
      doc
        .font(fontOf(i))
        .fontSize(opts.size)
        .heightOfString(text || ' ', { width: widths[i] - 2 * PAD }),
    );
    const height = Math.max(...heights) + 2 * PAD;
    if (doc.y + height > this.bottom) {
      doc.addPage();
      opts.onNewPage?.();
    }
    const y = doc.y;
    if (opts.fill) doc.rect(this.left, y, this.width, height).fill(opts.fill);
    let x = this.left;
    cells.forEach((text, i) => {
      doc
        .font(fontOf(i))
        .fontSize(opts.size)
        .fillColor('black')
        .text(text, x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: numeric[i] ? 'right' : 'left' });
      x += widths[i];
    });
    doc.lineWidth(0.5).strokeColor('#9a9a9a');
    x = this.left;
    for (const w of widths) {
      doc.rect(x, y, w, height).stroke();
      x += w;
    }
    doc.x = this.left;
    doc.y = y + height;
  }
}

export async function renderReportPdf(report: RenderableReport): Promise<Buffer> {
  const h = report.data.header;
  const at = new Date(h.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 50, right: 50 },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${REPORT_TITLE_ZH}（${h.branchCode} ${quarterLabelZh(h.quarter)} 第 ${h.version} 版）`,
      Author: 'Verity',
      Subject: REPORT_TITLE_EN,
      Keywords: `${h.branchCode} ${h.quarter} v${h.version} sha256:${report.contentSha256}`,
      Creator: 'Verity',
      Producer: 'Verity (PDFKit)',
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, bold } = fonts();
  doc.registerFont(REGULAR, regular);
  doc.registerFont(BOLD, bold);
  const layout = new Layout(doc);

  doc.font(BOLD).fontSize(18).text(REPORT_TITLE_ZH, { align: 'center' });
  doc.font(REGULAR).fontSize(9).fillColor('#555555').text(REPORT_TITLE_EN, { align: 'center' });
  doc.fillColor('black').moveDown(0.4);
  doc
    .font(REGULAR)
    .fontSize(11)
    .text(`${h.branchCode}${GAP}${quarterLabelZh(h.quarter)}${GAP}第 ${h.version} 版`, { align: 'center' });
  doc.moveDown(1);
  if (h.replacesId) {
    layout.paragraph(
      `本版为更正版本，替代第 ${h.replacesVersion} 版（${h.replacesId}）。更正说明：${h.correctionNote ?? ''}`,
    );
    doc.moveDown(0.5);
  }
  layout.info(identityLines(report));
  layout.heading('本季度概况', 'Summary of the quarter');
  layout.info(summaryLines(report.data));

  reportTables(report.data).forEach((table, i) => {
    layout.heading(`${NUMERALS[i]}、${table.titleZh}`, table.titleEn);
    if (table.rows.length === 0) layout.paragraph(table.emptyZh);
    else layout.table(table);
  });

  layout.heading('说明', 'Definitions');
  NOTES_ZH.forEach((note, i) => layout.paragraph(`${i + 1}. ${note}`, 8.5));

  const pages = doc.bufferedPageRange();
  const footer = `${h.branchCode}${GAP}${quarterLabelZh(h.quarter)}${GAP}第 ${h.version} 版${GAP}SHA-256 ${report.contentSha256.slice(0, 16)}…`;
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing into the bottom margin would start a new page; the footer sits there on purpose.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin + FOOTER_GAP;
    doc.font(REGULAR).fontSize(7).fillColor('#666666');
    doc.text(footer, layout.left, y, { width: layout.width, align: 'left', lineBreak: false });
    doc.text(`第 ${i + 1} 页 / 共 ${pages.count} 页`, layout.left, y, {
      width: layout.width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return finished;
}
