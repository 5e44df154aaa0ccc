/**
 * The form an address takes before its blind index (a keyed hash) is computed, so the same address written
 * differently gives the same hash. Detection of shared addresses builds on this.
 *
 * Catches:
 * - full-width vs half-width letters, digits and signs (NFKC: 'Ａ座１２０３' = 'A座1203');
 * - upper vs lower case Latin letters ('B栋' = 'b栋');
 * - whitespace (incl. ideographic and zero-width) and punctuation or symbols, ASCII and CJK
 *   (，。、；：（）【】“”‘’《》—-·# …), anywhere except between two digits;
 * - between two digits, any run of those is one '-' ('3-2-301' = '3－2－301' = '3 - 2 - 301'), so that '3-2-301'
 *   (building 3, unit 2, room 301) does not become '32301' and meet building 32's room 301;
 * - '#' right after a digit is '号' ('5#楼' = '5号楼'), a common way of writing building numbers;
 * - traditional forms of the words that structure an address (號 樓 層 區 縣 鎮 鄉 單 棟 門 廈 園) are simplified;
 * - a leading province/city prefix typed twice ('广东省广东省…', '广东省广州市广州市…', '北京市北京市…').
 *
 * Does not catch (each stays a different hash):
 * - different wording: 大厦 vs 大楼, 栋 vs 幢 vs 座, 楼 vs 层 ('3楼' may be floor 3 or building 3), 'Room 1203' vs '1203室';
 * - a missing or extra level (no district, no province, with or without the community name);
 * - abbreviated or shortened names (中山路 vs 中山大道, 广州 vs 广州市);
 * - Chinese vs Arabic numerals (十二号 vs 12号): not converted, since it is ambiguous ('一二零三' vs '一千二百零三',
 *   '十' alone) and numerals are part of many names (三里屯, 五道口, 二环路), which converting would corrupt;
 * - traditional characters elsewhere (place names such as 廣東): a full conversion table is open-ended and
 *   context-dependent, beyond what a hash input should guess at;
 * - typos and transposed characters.
 *
 * Pure and deterministic. Any change here changes stored hashes: it needs a re-index of the address hashes
 * (contact_points.value_hash where kind = 'address', sellers.address_hash, agencies.address_hash).
 */

/** Traditional forms of address-structure words; each maps to exactly one simplified character. */
const TRADITIONAL_TO_SIMPLIFIED: Readonly<Record<string, string>> = {
  號: '号',
  樓: '楼',
  層: '层',
  區: '区',
  縣: '县',
  鎮: '镇',
  鄉: '乡',
  單: '单',
  棟: '栋',
  門: '门',
  廈: '厦',
  園: '园',
};
const TRADITIONAL = new RegExp(`[${Object.keys(TRADITIONAL_TO_SIMPLIFIED).join('')}]`, 'gu');

/** Whitespace, punctuation, symbols, control and format characters (zero-width space, BOM), in runs. */
const SEPARATORS = /[\s\p{P}\p{S}\p{Cc}\p{Cf}]+/gu;
const DIGIT = /^[0-9]$/;

/** An optional province, then an administrative prefix repeated at once. */
const REPEATED_PREFIX = /^(.{1,6}?(?:省|自治区))?(.{1,12}?(?:省|市|自治区|特别行政区))\2+/u;

export function normaliseAddressForIndex(address: string): string {
  return address
    .normalize('NFKC')
    .toLowerCase()
    .replace(TRADITIONAL, (ch) => TRADITIONAL_TO_SIMPLIFIED[ch] ?? ch)
    .replace(/(?<=[0-9])#/g, '号')
    .replace(SEPARATORS, (run: string, offset: number, whole: string) =>
      DIGIT.test(whole.charAt(offset - 1)) && DIGIT.test(whole.charAt(offset + run.length)) ? '-' : '',
    )
    .replace(REPEATED_PREFIX, '$1$2');
}
