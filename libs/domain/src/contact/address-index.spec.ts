import { normaliseAddressForIndex as norm } from './address-index';

describe('normaliseAddressForIndex', () => {
  it.each([
    ['full-width vs half-width', '广州市天河区体育西路１２３号Ａ座１２０３室', '广州市天河区体育西路123号A座1203室'],
    ['upper vs lower case', '深圳市南山区科技园B栋', '深圳市南山区科技园b栋'],
    ['spaces, tabs, ideographic space', '广州市 天河区\t体育西路　123 号', '广州市天河区体育西路123号'],
    ['zero-width space', '广州市\u200B天河区', '广州市天河区'],
    [
      'CJK punctuation',
      '广东省，广州市。天河区、体育西路；（东）【北】“A”‘B’《C》',
      '广东省广州市天河区体育西路东北abc',
    ],
    ['ASCII punctuation', '广州市,天河区.体育西路(东)#123号', '广州市天河区体育西路东123号'],
    ['dashes and middle dot', '天河区—体育西路·北—段', '天河区体育西路北段'],
    ['number separators', '幸福小区3-2-301', '幸福小区3－2－301'],
    ['number separators with spaces', '幸福小区3 - 2 - 301', '幸福小区3—2—301'],
    ['digit # is 号', '幸福小区5#楼302', '幸福小区5号楼302'],
    ['full-width ＃ is 号', '幸福小区５＃楼', '幸福小区5号楼'],
    ['traditional 號 樓 層 區', '天河區體育西路123號5樓3層', '天河区體育西路123号5楼3层'],
    ['traditional 縣 鎮 鄉 單 棟 門 廈 園', '某縣某鎮某鄉花園大廈2棟1單元東門', '某县某镇某乡花园大厦2栋1单元東门'],
    ['repeated province', '广东省广东省广州市天河区', '广东省广州市天河区'],
    ['repeated province and city', '广东省广州市广东省广州市天河区', '广东省广州市天河区'],
    ['repeated city after province', '广东省广州市广州市天河区', '广东省广州市天河区'],
    ['repeated municipality', '北京市北京市朝阳区', '北京市朝阳区'],
    ['repeated with a space', '广东省 广东省广州市', '广东省广州市'],
    ['repeated autonomous region', '广西壮族自治区广西壮族自治区南宁市', '广西壮族自治区南宁市'],
  ])('%s: equal', (_label, a, b) => {
    expect(norm(a)).toBe(norm(b));
  });

  it.each([
    ['building 3 unit 2 vs building 32', '幸福小区3-2-301', '幸福小区32-301'],
    ['room numbers', '幸福小区1203室', '幸福小区1204室'],
    ['大厦 vs 大楼', '中信大厦', '中信大楼'],
    ['栋 vs 幢', '2栋301', '2幢301'],
    ['楼 vs 层', '3楼', '3层'],
    ['Chinese vs Arabic numerals', '体育西路十二号', '体育西路12号'],
    ['numeral in a name', '三里屯路', '3里屯路'],
    ['missing district', '广州市天河区体育西路123号', '广州市体育西路123号'],
    ['road name abbreviated', '中山大道1号', '中山路1号'],
    ['room vs 室', 'room1203', '1203室'],
    ['place-name traditional characters', '廣東省', '广东省'],
    ['province then city of another name', '吉林省吉林市', '吉林市'],
    ['repeat not at the start', '天河区天河区', '天河区'],
    ['typo', '体育西路', '体育四路'],
  ])('%s: different', (_label, a, b) => {
    expect(norm(a)).not.toBe(norm(b));
  });

  it('gives the expected form', () => {
    expect(norm('　广东省 广东省 广州市，天河区（体育西路）１２３号 ５#楼 ３－２－３０１室 ')).toBe(
      '广东省广州市天河区体育西路123号5号楼3-2-301室',
    );
  });

  it('is idempotent', () => {
    for (const a of ['广东省广东省广州市3-2-301', '５＃樓 Ａ座', '北京市北京市北京市朝阳区', '1 2 3']) {
      expect(norm(norm(a))).toBe(norm(a));
    }
  });
});
