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
    expect(csvLine(['a', '=b', 'c,d'])).toBe('a,\'=b,"c,d"\r\n');
    expect(csvLine([1, 'x'], '\n')).toBe('1,x\n');
  });
});

describe('quoteCsvCell', () => {
  // For uploads the tests and benchmarks write: values must arrive as given, formulas included.
  it.each([
    ['=1+2', '=1+2'],
    ['-3', '-3'],
    ['广州市, 越秀区 "二号"', '"广州市, 越秀区 ""二号"""'],
    [null, ''],
  ])('quotes %j as %j without neutralising it', (input, expected) => {
    expect(quoteCsvCell(input)).toBe(expected);
  });

  it('writes whole lines through csvLine', () => {
    expect(csvLine(['=1+2', 'a,b'], '\n', quoteCsvCell)).toBe('=1+2,"a,b"\n');
  });
});
