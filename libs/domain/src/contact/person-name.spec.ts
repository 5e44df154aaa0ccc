import { normaliseNameForCompare, sameName } from './person-name';

describe('person names', () => {
  it.each([
    ['李雷', '李 雷'],
    ['李雷', '李雷　'],
    ['ZHANG·SAN', 'zhang san'],
    ['Ｌｉ Ｌｅｉ', 'li lei'],
    ['阿卜杜拉・买买提', '阿卜杜拉·买买提'],
  ])('%j is the same name as %j', (a, b) => {
    expect(sameName(a, b)).toBe(true);
  });

  it.each([
    ['李雷', '韩梅梅'],
    ['李雷', '李雷雷'],
    ['张三', null],
  ])('%j is not %j', (a, b) => {
    expect(sameName(a, b)).toBe(false);
  });

  it('normalises deterministically', () => {
    expect(normaliseNameForCompare(' Wang  Xiao-Ming ')).toBe('wangxiao-ming');
  });
});
