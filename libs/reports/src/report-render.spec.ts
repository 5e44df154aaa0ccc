import ExcelJS from 'exceljs';
import { inflateSync } from 'node:zlib';
import type { QuarterlyReportData } from '../../contracts/src/report.contract';
import { REPORT_TITLE_ZH } from '../../contracts/src/report.contract';
import { percent, reportFileName, resultText } from './report-labels';
import type { RenderableReport } from './report-sections';
import { reportTables } from './report-sections';
import { renderReportPdf } from './report-pdf';
import { INFO_SHEET_NAME, renderReportXlsx } from './report-xlsx';
import { dosDateTime, setZipTimestamps } from './zip-timestamps';

const GENERATED_AT = '2026-10-08T01:00:00.000Z';

function sampleReport(sellers = 3): RenderableReport {
  const data: QuarterlyReportData = {
    format: 1,
    header: {
      title: REPORT_TITLE_ZH,
      branchCode: 'GZ01',
      quarter: '2026Q3',
      periodFirstDay: '2026-07-01',
      periodLastDay: '2026-09-30',
      generatedAt: GENERATED_AT,
      generatedBy: 'huangxiuying',
      version: 2,
      replacesId: '00000000-0000-4000-8000-000000000001',
      replacesVersion: 1,
      correctionNote: '补录一名销售人员',
    },
    falseInfoSellers: Array.from({ length: sellers }, (_, i) => ({
      sellerCode: `S${String(i).padStart(4, '0')}`,
      sellerName: i === 0 ? '欧阳娜娜' : `销售${i}`,
      channel: 'agency',
      agencyCode: null,
      caseIds: Array.from({ length: i === 0 ? 15 : 1 }, (_, k) => `case-SHARED_PHONE:${'ab'.repeat(16)}${i}-${k}:1`),
    })),
    agencies: [
      {
        agencyCode: 'AG01',
        agencyName: '广州某保险代理有限公司',
        channel: 'intermediary',
        refusedTrueData: 1,
        providedFalseData: 0,
        falseInfoCaseIds: [],
        incidentCaseIds: ['case-1'],
      },
    ],
    agencyIncidents: [
      {
        id: '00000000-0000-4000-8000-000000000010',
        agencyCode: 'AG01',
        agencyName: '广州某保险代理有限公司',
        channel: 'intermediary',
        kind: 'refused_true_data',
        description: '拒绝提供投保人真实联系电话。'.repeat(40),
        caseIds: ['case-1'],
        recordedAt: '2026-08-03T02:30:00.000Z',
      },
    ],
    penalties: [
      {
        id: '00000000-0000-4000-8000-000000000020',
        subjectKind: 'seller',
        subjectCode: 'S0000',
        subjectName: '欧阳娜娜',
        channel: 'agency',
        kind: 'commission_deduction',
        amount: '5000.00',
        assessmentPeriod: '2026Q3',
        reason: '代填客户电话',
        caseIds: ['case-2'],
        campaignId: null,
        decidedBy: 'yangmin',
        decidedAt: '2026-09-10T08:00:00.000Z',
      },
    ],
    referrals: [],
    figures: {
      findingsByRule: [
        { rule: 'SHARED_PHONE', channel: 'agency', findings: 7 },
        { rule: 'THIRD_PARTY_PAYER', channel: 'bancassurance', findings: 2 },
      ],
      cases: [
        {
          branchCode: 'GZ01',
          channel: 'agency',
          opened: 10,
          closed: 6,
          closedByOutcome: { CLEARED: 3, CORRECTED: 2, FALSE_INFO_CONFIRMED: 1 },
          escalated: 2,
          closedWithinSla: 5,
          slaRate: 0.8333,
          coolingOffBreaches: 1,
        },
      ],
      casesTotal: {
        branchCode: '*',
        channel: '*',
        opened: 10,
        closed: 6,
        closedByOutcome: { CLEARED: 3, CORRECTED: 2, FALSE_INFO_CONFIRMED: 1 },
        escalated: 2,
        closedWithinSla: 5,
        slaRate: 0.8333,
        coolingOffBreaches: 1,
      },
    },
    campaigns: [
      {
        id: 'campaign-S0000-1',
        subjectKind: 'seller',
        subjectCode: 'S0000',
        subjectName: '欧阳娜娜',
        channel: 'agency',
        complaints: 2,
        startedAt: '2026-07-20T01:00:00.000Z',
        status: 'COMPLETED',
        finishedAt: '2026-08-20T01:00:00.000Z',
        result: { tasks: 12, corrected: 3, casesOpened: 1 },
      },
    ],
  };
  return { id: '00000000-0000-4000-8000-000000000002', contentSha256: 'c0ffee'.repeat(10) + 'abcd', data };
}

function arrayBuffer(bytes: Buffer): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

/** Only Date is faked: the renderers' streams and zlib keep their real timers. */
function atClock<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return fn().finally(() => jest.useRealTimers());
}

/** The uncompressed content streams of a PDF (pdfkit deflates them), to look for text operators and dictionaries. */
function pdfStreams(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const out: string[] = [text];
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not deflated (or a font program): skip
    }
  }
  return out.join('\n');
}

describe('the quarterly report as XLSX', () => {
  it('gives the same bytes whenever it is rendered, dated by its generation', async () => {
    const report = sampleReport();
    const a = await atClock('2026-10-08T01:00:05Z', () => renderReportXlsx(report));
    const b = await atClock('2027-03-01T12:34:56Z', () => renderReportXlsx(report));
    expect(b.equals(a)).toBe(true);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(arrayBuffer(a));
    expect(book.created?.toISOString()).toBe(GENERATED_AT);
    expect(book.modified?.toISOString()).toBe(GENERATED_AT);
  });

  it('holds the identity, the summary and one sheet per table, every case reference included', async () => {
    const report = sampleReport();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(arrayBuffer(await renderReportXlsx(report)));
    expect(book.worksheets.map((s) => s.name)).toEqual([
      INFO_SHEET_NAME,
      ...reportTables(report.data).map((t) => t.sheet),
    ]);
    const info = book.getWorksheet(INFO_SHEET_NAME)!;
    const values = new Map<string, unknown>();
    info.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(info.getCell('A1').value).toBe(REPORT_TITLE_ZH);
    expect(values.get('Branch / 报送机构')).toBe('GZ01');
    expect(values.get('Version / 版本')).toBe(2);
    expect(values.get('Corrects / 更正的版本')).toBe('第 1 版（00000000-0000-4000-8000-000000000001）');
    expect(values.get('Generated at (Beijing time) / 生成时间（北京时间）')).toBe('2026-10-08 09:00');
    expect(values.get('Content SHA-256 / 内容哈希（SHA-256）')).toBe(report.contentSha256);
    expect(values.get('Investigation SLA compliance / 调查时效达标率')).toBe('83.33%');

    const sellers = book.getWorksheet('虚假信息销售人员')!;
    expect(sellers.getRow(1).getCell(1).value).toBe('Seller code / 销售人员代码');
    expect(sellers.getRow(2).values).toEqual([
      undefined,
      'S0000',
      '欧阳娜娜',
      '个人代理',
      '—',
      15,
      report.data.falseInfoSellers[0].caseIds.join('; '),
    ]);

    const cases = book.getWorksheet('案件统计')!;
    expect(cases.getRow(2).values).toEqual([undefined, 'GZ01', '个人代理', 10, 6, 3, 2, 1, 2, 5, '83.33%', 1]);
    expect(cases.getRow(3).getCell(1).value).toBe('合计');
    expect(cases.getRow(3).getCell(3).value).toBe(10);
    expect(cases.getRow(3).font?.bold).toBe(true);
    expect(book.getWorksheet('合规委员会移交')!.rowCount).toBe(1); // the header only
  });
});

describe('the quarterly report as PDF', () => {
  it('gives the same bytes whenever it is rendered, dated by its generation', async () => {
    const report = sampleReport();
    const a = await atClock('2026-10-08T01:00:05Z', () => renderReportPdf(report));
    const b = await atClock('2027-03-01T12:34:56Z', () => renderReportPdf(report));
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(b.equals(a)).toBe(true);
    // Both info dates (indirect string objects) are the generation time.
    const dates = [...a.toString('latin1').matchAll(/\(D:(\d{14})Z\)/g)].map((m) => m[1]);
    expect(dates).toEqual(['20261008010000', '20261008010000']);
  });

  it('embeds a subset of Noto Sans SC with a ToUnicode map, so the Chinese extracts as text', async () => {
    const pdf = await renderReportPdf(sampleReport());
    const objects = pdfStreams(pdf);
    expect(/\/FontName \/[A-Z]{6}\+NotoSansSC-Regular/.test(objects)).toBe(true);
    expect(/\/FontName \/[A-Z]{6}\+NotoSansSC-Bold/.test(objects)).toBe(true);
    expect(objects.includes('/ToUnicode')).toBe(true);
    expect(objects.includes('begincmap')).toBe(true); // the CMap itself
    // A subset, not the 10 MB font.
    expect(pdf.length).toBeLessThan(1_000_000);
  });

  it('runs long tables over several pages', async () => {
    const pdf = await renderReportPdf(sampleReport(150));
    const pages = [...pdf.toString('latin1').matchAll(/\/Type \/Page\b/g)].length;
    expect(pages).toBeGreaterThan(3);
  });
});

describe('ZIP timestamps', () => {
  it('encodes DOS time and date', () => {
    expect(dosDateTime(new Date('2026-10-08T01:02:04Z'))).toEqual({
      time: (1 << 11) | (2 << 5) | 2,
      date: (46 << 9) | (10 << 5) | 8,
    });
  });

  it('refuses what is not a ZIP archive', () => {
    expect(() => setZipTimestamps(Buffer.from('not a zip at all, not even close to one'), new Date())).toThrow(
      /not a ZIP archive/,
    );
  });
});

describe('report labels', () => {
  it('formats rates, campaign results and file names', () => {
    expect(percent(null)).toBe('—');
    expect(percent(1)).toBe('100.00%');
    expect(percent(0.5)).toBe('50.00%');
    expect(resultText(null)).toBe('');
    expect(resultText({ tasks: 3, corrections: { phone: 1 } })).toBe('tasks: 3; corrections: {"phone":1}');
    expect(reportFileName(sampleReport().data, 'pdf')).toBe('verity-report-GZ01-2026Q3-v2.pdf');
  });
});
