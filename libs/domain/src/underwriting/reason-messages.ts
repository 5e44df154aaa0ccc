import type { ReasonParty } from '../policy-application';

/**
 * The one catalogue of reason codes and their English / Chinese texts.
 * The validators (identity, contact, payment) take their texts from here too, so a code reads the same
 * whether it comes from a standalone check ("ID number has a wrong check character")
 * or from underwriting ("Policyholder ID number has a wrong check character").
 */

export const REASON_CODES = [
  // R1 completeness and field formats
  'FIELD_MISSING',
  'GENDER_INVALID',
  'BIRTH_DATE_INVALID',
  'ID_TYPE_UNKNOWN',
  // R2 identity document
  'ID_FORMAT',
  'ID_CHECKSUM',
  'ID_BIRTH_DATE_INVALID',
  'ID_BIRTH_DATE_FUTURE',
  'ID_AREA_UNKNOWN',
  'ID_AREA_PROVINCE_LEVEL',
  'ID_AREA_ENDED',
  'ID_NATIONALITY_UNKNOWN',
  'ID_BIRTH_DATE_MISMATCH',
  'ID_GENDER_MISMATCH',
  // R2 contact
  'PHONE_INVALID',
  'PHONE_VIRTUAL_OPERATOR',
  'ADDRESS_TOO_SHORT',
  // payment
  'BANK_ACCOUNT_FORMAT',
  'BANK_ACCOUNT_LUHN',
  // R3 seller
  'SELLER_UNKNOWN',
  'SELLER_INACTIVE',
  'SELLER_NOT_QUALIFIED',
  // policy dates
  'APPLICATION_DATE_INVALID',
  'RECEIPT_DATE_INVALID',
  // who may enter it: the branch and channel must be in the importer's scope (libs/domain/src/scope.ts)
  'OUT_OF_SCOPE',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Error codes an identity document check can return. */
export type IdCheckCode = Extract<
  ReasonCode,
  | 'ID_TYPE_UNKNOWN'
  | 'ID_FORMAT'
  | 'ID_CHECKSUM'
  | 'ID_BIRTH_DATE_INVALID'
  | 'ID_BIRTH_DATE_FUTURE'
  | 'ID_AREA_UNKNOWN'
  | 'ID_AREA_PROVINCE_LEVEL'
  | 'ID_AREA_ENDED'
  | 'ID_NATIONALITY_UNKNOWN'
>;

export interface LocalizedText {
  en: string;
  zh: string;
}

export interface ReasonMessage {
  message: string;
  messageZh: string;
}

export type ReasonParams = Readonly<Record<string, string>>;

/** Minimum length of an address after trimming; shorter values are placeholders ("无", "-", "同上"). */
export const MIN_ADDRESS_LENGTH = 5;

export const PARTY_LABELS: Readonly<Record<ReasonParty, LocalizedText>> = {
  policyholder: { en: 'Policyholder', zh: '投保人' },
  insured: { en: 'Insured', zh: '被保险人' },
  payment: { en: 'Payment', zh: '缴费' },
  seller: { en: 'Seller', zh: '销售人员' },
  // policy-level fields read fine without a party prefix
  policy: { en: '', zh: '' },
};

export const FIELD_LABELS: Readonly<Record<string, LocalizedText>> = {
  name: { en: 'name', zh: '姓名' },
  gender: { en: 'gender', zh: '性别' },
  birthDate: { en: 'birth date', zh: '出生日期' },
  idType: { en: 'ID type', zh: '证件类型' },
  idNumber: { en: 'ID number', zh: '证件号码' },
  address: { en: 'address', zh: '地址' },
  phones: { en: 'phone number', zh: '联系电话' },
  bankAccount: { en: 'bank account number', zh: '银行账号' },
  accountHolderName: { en: 'account holder name', zh: '账户户名' },
  sellerCode: { en: 'seller code', zh: '销售人员代码' },
  applicationDate: { en: 'application date', zh: '投保日期' },
  receiptSignedDate: { en: 'receipt signing date', zh: '回执签收日期' },
  branchCode: { en: 'branch', zh: '机构' },
  channel: { en: 'channel', zh: '渠道' },
};

type Template = (subject: LocalizedText, p: ReasonParams) => LocalizedText;

const TEMPLATES: Readonly<Record<ReasonCode, Template>> = {
  FIELD_MISSING: (s) => ({ en: `${s.en} is missing`, zh: `${s.zh}缺失` }),
  GENDER_INVALID: (s) => ({ en: `${s.en} must be M or F`, zh: `${s.zh}须为M（男）或F（女）` }),
  BIRTH_DATE_INVALID: (s) => ({
    en: `${s.en} must be a real date (YYYY-MM-DD) between 1860 and today`,
    zh: `${s.zh}须为1860年至今天之间的真实日期（YYYY-MM-DD）`,
  }),
  ID_TYPE_UNKNOWN: (s) => ({ en: `${s.en} is not an accepted document type`, zh: `${s.zh}不是可接受的证件类型` }),
  ID_FORMAT: (s) => ({
    en: `${s.en} does not have the format of its document type`,
    zh: `${s.zh}不符合该证件类型的格式`,
  }),
  ID_CHECKSUM: (s) => ({ en: `${s.en} has a wrong check character`, zh: `${s.zh}校验位错误` }),
  ID_BIRTH_DATE_INVALID: (s) => ({
    en: `${s.en} contains an impossible birth date`,
    zh: `${s.zh}中的出生日期不存在`,
  }),
  ID_BIRTH_DATE_FUTURE: (s) => ({
    en: `${s.en} contains a birth date in the future`,
    zh: `${s.zh}中的出生日期晚于今天`,
  }),
  ID_AREA_UNKNOWN: (s) => ({
    en: `${s.en} contains an unknown administrative area code`,
    zh: `${s.zh}中的行政区划代码（地址码）不存在`,
  }),
  ID_AREA_PROVINCE_LEVEL: (s) => ({
    en: `${s.en} starts with a province-level code (xx0000), which never issues resident ID numbers`,
    zh: `${s.zh}的地址码为省级代码（xx0000），省级行政区不签发居民身份证号码`,
  }),
  ID_AREA_ENDED: (s) => ({
    en: `${s.en} carries an area code that was withdrawn years before the holder's birth`,
    zh: `${s.zh}的地址码在持证人出生前多年已撤销`,
  }),
  ID_NATIONALITY_UNKNOWN: (s) => ({
    en: `${s.en} carries a nationality or province code that does not exist`,
    zh: `${s.zh}中的国籍代码或受理地代码不存在`,
  }),
  ID_BIRTH_DATE_MISMATCH: (s) => ({
    en: `${s.en} does not match the birth date in the ID number`,
    zh: `${s.zh}与证件号码中的出生日期不一致`,
  }),
  ID_GENDER_MISMATCH: (s) => ({
    en: `${s.en} does not match the gender in the ID number`,
    zh: `${s.zh}与证件号码中的性别不一致`,
  }),
  PHONE_INVALID: (s) => ({
    en: `${s.en} is not a valid mobile or landline number`,
    zh: `${s.zh}不是有效的手机号码或固定电话号码`,
  }),
  PHONE_VIRTUAL_OPERATOR: (s) => ({
    en: `${s.en} is in a virtual-operator segment (170/171/162/165/167); please check it is the customer's own`,
    zh: `${s.zh}属于虚拟运营商号段（170/171/162/165/167），请核实是否为客户本人号码`,
  }),
  ADDRESS_TOO_SHORT: (s) => ({
    en: `${s.en} is too short to be a real address (at least ${MIN_ADDRESS_LENGTH} characters)`,
    zh: `${s.zh}过短，不是有效地址（至少${MIN_ADDRESS_LENGTH}个字符）`,
  }),
  BANK_ACCOUNT_FORMAT: (s) => ({ en: `${s.en} must be 12 to 30 digits`, zh: `${s.zh}须为12至30位数字` }),
  BANK_ACCOUNT_LUHN: (s) => ({
    en: `${s.en} fails the card check digit (Luhn); please verify it`,
    zh: `${s.zh}未通过银行卡校验位（Luhn）检查，请核实`,
  }),
  SELLER_UNKNOWN: (_s, p) => ({
    en: `Seller code ${p.sellerCode ?? ''} is not on file (Art. 10)`,
    zh: `销售人员代码${p.sellerCode ?? ''}不存在（第十条）`,
  }),
  SELLER_INACTIVE: (_s, p) => ({
    en: `Seller ${p.sellerCode ?? ''} is not active (Art. 10)`,
    zh: `销售人员${p.sellerCode ?? ''}不是有效在职状态（第十条）`,
  }),
  SELLER_NOT_QUALIFIED: (_s, p) =>
    p.qualifiedOn
      ? {
          en: `Seller ${p.sellerCode ?? ''} passed the form-filling test on ${p.qualifiedOn}, after the application date ${p.applicationDate ?? ''} (Art. 10)`,
          zh: `销售人员${p.sellerCode ?? ''}于${p.qualifiedOn}才通过投保单填写测试，晚于投保日期${p.applicationDate ?? ''}（第十条）`,
        }
      : {
          en: `Seller ${p.sellerCode ?? ''} has not passed the form-filling test (Art. 10)`,
          zh: `销售人员${p.sellerCode ?? ''}未通过投保单填写测试（第十条）`,
        },
  APPLICATION_DATE_INVALID: (s) => ({
    en: `${s.en} must be a real date (YYYY-MM-DD) not after today`,
    zh: `${s.zh}须为不晚于今天的真实日期（YYYY-MM-DD）`,
  }),
  RECEIPT_DATE_INVALID: (s) => ({
    en: `${s.en} must be a real date (YYYY-MM-DD) not before the application date and not after today`,
    zh: `${s.zh}须为真实日期（YYYY-MM-DD），不早于投保日期且不晚于今天`,
  }),
  OUT_OF_SCOPE: (_s, p) => ({
    en: `Branch ${p.branchCode ?? ''} / channel ${p.channel ?? ''} is outside the importer's scope`,
    zh: `机构${p.branchCode ?? ''}／渠道${p.channel ?? ''}不在导入人的权限范围内`,
  }),
};

/** Label of a field; "phones[1]" reads "phone number 2" / "第2个联系电话". */
export function fieldLabel(field: string): LocalizedText {
  const indexed = /^(\w+)\[(\d+)\]$/.exec(field);
  if (indexed) {
    const base = FIELD_LABELS[indexed[1]] ?? { en: indexed[1], zh: indexed[1] };
    const n = Number(indexed[2]) + 1;
    return { en: `${base.en} ${n}`, zh: `第${n}个${base.zh}` };
  }
  return FIELD_LABELS[field] ?? { en: field, zh: field };
}

/** "Policyholder ID number" / "投保人证件号码"; without a party (or for policy-level fields) just the field. */
export function reasonSubject(party: ReasonParty | null, field: string): LocalizedText {
  const f = fieldLabel(field);
  const p = party ? PARTY_LABELS[party] : { en: '', zh: '' };
  return { en: p.en ? `${p.en} ${f.en}` : f.en, zh: `${p.zh}${f.zh}` };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Message pair for a code about a party's field (party null for standalone validators). */
export function reasonMessage(
  code: ReasonCode,
  party: ReasonParty | null,
  field: string,
  params: ReasonParams = {},
): ReasonMessage {
  const text = TEMPLATES[code](reasonSubject(party, field), params);
  return { message: capitalize(text.en), messageZh: text.zh };
}
