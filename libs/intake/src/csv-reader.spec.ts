import { Readable } from 'node:stream';
import type { CsvRow } from './csv-reader';
import { readCsvRows } from './csv-reader';

async function read(text: string, checkHeader?: (h: string[]) => void): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of readCsvRows(Readable.from([Buffer.from(text)]), {
    checkHeader,
    headerError: (m) => new Error(`HEADER: ${m}`),
  }))
    rows.push(row);
  return rows;
}

describe('readCsvRows', () => {
  it('yields each row by its line, cells by trimmed header column, skipping empty lines and the BOM', async () => {
    expect(await read('\uFEFF code , name\r\nA1,"李, 一"\r\n\r\nA2,"say ""hi"""\r\n')).toEqual([
      { line: 2, cells: { code: 'A1', name: '李, 一' }, bad: null },
      { line: 4, cells: { code: 'A2', name: 'say "hi"' }, bad: null },
    ]);
  });

  it('reports a row of the wrong width as bad, with the cells it has, and reads on', async () => {
    expect(await read('code,name,kind\nA1,甲\nA2,乙,agent,extra\nA3,丙,agent\n')).toEqual([
      { line: 2, cells: { code: 'A1', name: '甲' }, bad: 'expected 3 cells as in the header, found 2' },
      { line: 3, cells: { code: 'A2', name: '乙', kind: 'agent' }, bad: 'expected 3 cells as in the header, found 4' },
      { line: 4, cells: { code: 'A3', name: '丙', kind: 'agent' }, bad: null },
    ]);
  });

  it('reports a row it cannot read as bad, without cells, and reads on', async () => {
    const rows = await read('code,name\nA1,甲\nA2,乙"x\nA3,丙\n');
    expect(rows.map((r) => [r.line, r.cells?.code ?? null, r.bad === null ? 'ok' : 'bad'])).toEqual([
      [2, 'A1', 'ok'],
      [3, null, 'bad'],
      [4, 'A3', 'ok'],
    ]);
  });

  it('refuses the file when the header cannot be read, or when checkHeader refuses it', async () => {
    await expect(read('code,"name\nA1,甲\n')).rejects.toThrow(/^HEADER: the header cannot be read/);
    await expect(
      read('code,shoeSize\nA1,42\n', (h) => {
        if (h.includes('shoeSize')) throw new Error('unknown column shoeSize');
      }),
    ).rejects.toThrow('unknown column shoeSize');
  });

  it('yields nothing for a file with only a header', async () => {
    expect(await read('code,name\n')).toEqual([]);
  });
});
