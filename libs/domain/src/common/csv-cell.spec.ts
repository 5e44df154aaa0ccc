import { csvCell, csvLine, quoteCsvCell } from './csv-cell';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['', ''],
  ])('quotes %j as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+8613800000000', "'+8613800000000"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', '"\'\r=1"'],
    ['a=1', 'a=1'],
  ])('neutralises formula %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers and nothing', () => {
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe("'-3");
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('csvLine', () => {
  it('joins cells and ends the line', () => {
    expect(csvLine(['a', '=b', 'c,d'])).toBe("a,'=b,\"c,d\"\r\n");
    expect(csvLine([1, 'x'], '\n')).toBe('1,x\n');
  });
});

describe('quoteCsvCell', () => {
  it('quotes as csvCell does but leaves formulas as they are, for uploads whose values must arrive unchanged', () => {
    expect(quoteCsvCell('=1+2')).toBe('=1+2');
    expect(quoteCsvCell('-3')).toBe('-3');
    expect(quoteCsvCell('广州市, 越秀区 "二号"')).toBe('"广州市, 越秀区 ""二号"""');
    expect(quoteCsvCell(null)).toBe('');
    expect(csvLine(['=1+2', 'a,b'], '\n', quoteCsvCell)).toBe('=1+2,"a,b"\n');
  });
});
