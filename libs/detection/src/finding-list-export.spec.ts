import { PassThrough, Writable } from 'stream';
import ExcelJS from 'exceljs';
import type { FindingListRow } from '../../contracts/src/detection.contract';
import {
  FINDING_LIST_COLUMNS,
  FINDING_LIST_SHEET_NAME,
  findingListCsv,
  findingListXlsx,
  formatBranchLocal,
  WITHHELD_ZH,
} from './finding-list-export';

function row(overrides: Partial<FindingListRow> = {}): FindingListRow {
  return {
    findingKey: 'SHARED_PHONE:abc123',
    rule: 'SHARED_PHONE',
    change: 'new',
    customers: ['张*', '李*明'],
    withheld: false,
    policyNumbers: ['P001', 'P002'],
    channel: 'AGENCY',
    branchCode: 'GD01',
    sellerCode: 'S001',
    caseId: '7d1c1f6e-0000-4000-8000-000000000001',
    caseState: 'INVESTIGATING',
    investigationDueAt: '2026-12-01T16:00:00Z',
    revisitDeadlineAt: null,
    ...overrides,
  };
}

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const chunk of gen) text += chunk;
  return text;
}

async function* asyncRows(n: number): AsyncGenerator<FindingListRow> {
  for (let i = 0; i < n; i++) yield row({ findingKey: `K${i}` });
}

describe('FINDING_LIST_COLUMNS', () => {
  it('says the customers are withheld, and names no one, on a line of a confidential policy', () => {
    const customers = FINDING_LIST_COLUMNS.find((c) => c.key === 'customers')!;
    expect(customers.value(row({ withheld: true, customers: [] }))).toBe(WITHHELD_ZH);
    expect(customers.value(row())).toBe('张*; 李*明');
  });

  it('lists the distributed columns in order, each with both headers', () => {
    expect(FINDING_LIST_COLUMNS.map((c) => c.zh)).toEqual([
      '问题件编号',
      '可疑类型',
      '变动',
      '客户',
      '保单号',
      '渠道',
      '机构',
      '销售人员代码',
      '案件编号',
      '案件状态',
      '调查截止时间',
      '回访截止时间',
    ]);
    for (const c of FINDING_LIST_COLUMNS) expect(c.en).toMatch(/^[A-Z]/);
  });

  it('labels rules and changes in Chinese', () => {
    const value = (key: string, r: FindingListRow): string => FINDING_LIST_COLUMNS.find((c) => c.key === key)!.value(r);
    expect(value('rule', row({ rule: 'SHARED_BANK_ACCOUNT' }))).toBe('同一银行账号多客户');
    expect(value('rule', row({ rule: 'SELLER_CONTACT_USED' }))).toBe('使用销售人员联系方式');
    expect(value('rule', row({ rule: 'THIRD_PARTY_PAYER' }))).toBe('非投保人账户缴费');
    expect(value('change', row({ change: 'grown' }))).toBe('新成员');
  });
});

describe('formatBranchLocal', () => {
  it('shows an instant in UTC+8', () => {
    expect(formatBranchLocal('2026-12-01T16:00:00Z')).toBe('2026-12-02 00:00');
    expect(formatBranchLocal('2026-12-01T15:59:59.999Z')).toBe('2026-12-01 23:59');
    expect(formatBranchLocal('2026-12-31T23:30:00+08:00')).toBe('2026-12-31 23:30');
    expect(formatBranchLocal(null)).toBe('');
  });

  it('rejects an instant without a zone', () => {
    expect(() => formatBranchLocal('2026-12-01T16:00:00')).toThrow(RangeError);
    expect(() => formatBranchLocal('2026-13-01T16:00:00Z')).toThrow(RangeError);
  });
});

describe('findingListCsv', () => {
  it('starts with a BOM and the bilingual header, then one line per row', async () => {
    const text = await collect(findingListCsv([row(), row({ findingKey: 'K2', change: 'grown', sellerCode: null })]));
    expect(text.startsWith('\uFEFFFinding key / 问题件编号,Rule / 可疑类型,')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, 2 rows, trailing ''
    expect(lines[3]).toBe('');
    expect(lines[1]).toBe(
      'SHARED_PHONE:abc123,同一电话多客户,新增,张*; 李*明,P001; P002,AGENCY,GD01,S001,' +
        '7d1c1f6e-0000-4000-8000-000000000001,INVESTIGATING,2026-12-02 00:00,',
    );
    expect(lines[2]).toContain('K2,同一电话多客户,新成员,');
    expect(lines[2]).toContain(',GD01,,7d1c'); // null seller is an empty cell
  });

  it('quotes and neutralises row values', async () => {
    const text = await collect(findingListCsv([row({ customers: ['=cmd|x', 'a,"b"'], channel: 'x\ny' })]));
    const line = text.split('\r\n')[1];
    expect(line).toContain(',"\'=cmd|x; a,""b""",');
    expect(text).toContain(',"x\ny",');
  });

  it('reads an async source', async () => {
    const text = await collect(findingListCsv(asyncRows(3)));
    expect(text.split('\r\n').filter((l) => l.startsWith('K'))).toHaveLength(3);
  });
});

describe('findingListXlsx', () => {
  async function toBuffer(rows: AsyncIterable<FindingListRow> | Iterable<FindingListRow>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await findingListXlsx(rows, out);
    return Buffer.concat(chunks);
  }

  async function load(buffer: Buffer): Promise<ExcelJS.Worksheet> {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as an ArrayBuffer; copy the bytes into one.
    await workbook.xlsx.load(new Uint8Array(buffer).buffer);
    const sheet = workbook.getWorksheet(FINDING_LIST_SHEET_NAME);
    if (!sheet) throw new Error('sheet missing');
    return sheet;
  }

  it('writes one sheet with a bold, frozen bilingual header and the rows', async () => {
    const sheet = await load(await toBuffer(asyncRows(1200)));
    expect(sheet.rowCount).toBe(1201);
    const header = sheet.getRow(1);
    expect(header.getCell(1).value).toBe('Finding key / 问题件编号');
    expect(header.getCell(12).value).toBe('Revisit deadline / 回访截止时间');
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual(20);

    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('K0');
    expect(first.getCell(2).value).toBe('同一电话多客户');
    expect(first.getCell(4).value).toBe('张*; 李*明');
    expect(first.getCell(11).value).toBe('2026-12-02 00:00');
    expect(sheet.getRow(1201).getCell(1).value).toBe('K1199');
  });

  it('writes formula-like text as text, not as a formula', async () => {
    const sheet = await load(await toBuffer([row({ customers: ['=1+1'] })]));
    expect(sheet.getRow(2).getCell(4).value).toBe('=1+1');
  });

  it('ends the output and resolves after it finished', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await findingListXlsx([row()], out);
    expect(out.writableFinished).toBe(true);
    expect(Buffer.concat(chunks).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
