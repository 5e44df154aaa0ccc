import { addCalendarDays } from '../../../../libs/domain/src/calendar/working-calendar';
import { luhnValid, residentAreaCodeProblem, residentIdCheckChar } from '../../../../libs/domain/src';
import { DEMO_BRANCH } from './demo-users';

/**
 * The demo branch's data: sellers, agencies and a few hundred policies with Chinese names, valid resident ID numbers
 * (real area codes, checksums, matching gender and birth date), valid mobiles and card numbers, and planted clues
 * the detection run finds. Deterministic (a seeded generator), with dates relative to `today`.
 */

export type DemoChannel = 'agency' | 'bancassurance' | 'intermediary';

export interface DemoSeller {
  code: string;
  name: string;
  kind: 'agent' | 'bancassurance_manager' | 'agency_staff';
  channel: DemoChannel;
  branchCode: string;
  agencyCode?: string;
  phone: string;
  address: string;
  qualifiedOn: string;
}

export interface DemoAgency {
  code: string;
  name: string;
  channel: DemoChannel;
  branchCode: string;
  phone: string;
  address: string;
}

export interface DemoParty {
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  idType: 'RESIDENT_ID';
  idNumber: string;
  address?: string;
  phones?: string[];
}

export interface DemoApplication {
  policyNumber: string;
  productCode: string;
  productCategory: string;
  termMonths: number;
  channel: DemoChannel;
  branchCode: string;
  sellerCode: string;
  agencyCode?: string;
  applicationDate: string;
  receiptSignedDate: string | null;
  policyholder: DemoParty;
  insured: DemoParty | { sameAsPolicyholder: true };
  payment: { bankAccount: string; accountHolderName: string };
  beneficiaries?: Array<{ name: string; idType: 'RESIDENT_ID'; idNumber: string; share: number }>;
}

const residentIdOf = (area: string, birthDate: string, sequence: string): string => {
  const first17 = `${area}${birthDate.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};

/**
 * The policy to try the console's 客户查询 (inquiry) page on (README, "Try an inquiry"): fixed people, so the details
 * to type are known — a policyholder, an insured child and two beneficiaries. It is the first ordinary policy.
 */
export const DEMO_INQUIRY = {
  policyNumberOf: (today: string) => `P${today.slice(0, 4)}${DEMO_BRANCH}00022`,
  policyholder: {
    name: '陈建国',
    gender: 'M' as const,
    birthDate: '1975-04-18',
    idType: 'RESIDENT_ID' as const,
    idNumber: residentIdOf('440106', '1975-04-18', '015'),
  },
  insured: {
    name: '陈小雨',
    gender: 'F' as const,
    birthDate: '2005-09-01',
    idType: 'RESIDENT_ID' as const,
    idNumber: residentIdOf('440106', '2005-09-01', '024'),
  },
  beneficiaries: [
    {
      name: '林秀英',
      idType: 'RESIDENT_ID' as const,
      idNumber: residentIdOf('440104', '1950-02-14', '026'),
      share: 60,
    },
    {
      name: '陈建华',
      idType: 'RESIDENT_ID' as const,
      idNumber: residentIdOf('440104', '1978-11-30', '031'),
      share: 40,
    },
  ],
};

/** The clues planted among the policies, each one finding (and so one case) of its rule. */
export const DEMO_CLUES = {
  agency: { SHARED_PHONE: 4, SHARED_BANK_ACCOUNT: 2, SELLER_CONTACT_USED: 1, THIRD_PARTY_PAYER: 1 },
  bancassurance: { SHARED_PHONE: 1, SHARED_BANK_ACCOUNT: 1, SELLER_CONTACT_USED: 1 },
} as const;

export const DEMO_POLICY_COUNT = 300;

export interface DemoData {
  agencies: DemoAgency[];
  sellers: DemoSeller[];
  applications: DemoApplication[];
}

/** mulberry32: small, fast and enough for demo data. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN_M = [
  '伟',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '杰',
  '涛',
  '明',
  '超',
  '刚',
  '平',
  '辉',
  '鹏',
  '华',
  '飞',
  '建国',
  '志强',
  '海波',
  '国平',
  '文斌',
  '俊杰',
  '子豪',
  '浩然',
  '宇轩',
  '家明',
  '永强',
  '立新',
  '德华',
  '晓东',
];
const GIVEN_F = [
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '艳',
  '娟',
  '霞',
  '燕',
  '玲',
  '婷',
  '慧',
  '洁',
  '琳',
  '颖',
  '秀英',
  '桂英',
  '丽华',
  '晓燕',
  '雪梅',
  '美玲',
  '婉婷',
  '欣怡',
  '梓涵',
  '思琪',
  '佳慧',
  '雅琴',
  '春燕',
  '淑珍',
  '凤英',
];
/** Where people were born (their ID's area code); checked against the birth year before use. */
const BIRTH_AREAS = [
  '440103',
  '440104',
  '440105',
  '440106',
  '440111',
  '440112',
  '440113',
  '440114',
  '440305',
  '441302',
  '445102',
  '440981',
  '430102',
  '360102',
  '450103',
  '510104',
  '420102',
  '350102',
];
const STREETS: Array<[district: string, street: string]> = [
  ['天河区', '体育西路'],
  ['天河区', '天河北路'],
  ['天河区', '黄埔大道西'],
  ['越秀区', '中山五路'],
  ['越秀区', '东风中路'],
  ['海珠区', '江南大道中'],
  ['海珠区', '新港中路'],
  ['荔湾区', '中山八路'],
  ['白云区', '白云大道北'],
  ['番禺区', '市桥街繁华路'],
  ['黄埔区', '开创大道'],
  ['花都区', '新华街公益路'],
];
const MOBILE_PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '182',
  '186',
  '187',
  '188',
  '133',
  '189',
  '177',
];
const CARD_BINS = ['622202', '621700', '622848', '621226', '622588', '621483'];
const PRODUCTS: Array<[code: string, category: string, months: number]> = [
  ['WL-20', 'ordinary_life', 240],
  ['PAR-10', 'participating', 120],
  ['UNI-15', 'universal', 180],
  ['HLT-20', 'health', 240],
  ['WL-30', 'ordinary_life', 360],
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The demo data as of `today` (YYYY-MM-DD, Asia/Shanghai). */
export function demoData(today: string): DemoData {
  const random = generator(20261202);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (from: number, to: number): number => from + Math.floor(random() * (to - from + 1));
  const usedPhones = new Set<string>();
  const usedIds = new Set<string>();
  const usedCards = new Set<string>();

  const phone = (): string => {
    for (;;) {
      const p = `${pick(MOBILE_PREFIXES)}${pad(int(0, 99_999_999), 8)}`;
      if (!usedPhones.has(p)) return (usedPhones.add(p), p);
    }
  };
  const card = (): string => {
    for (;;) {
      const body = `${pick(CARD_BINS)}${pad(int(0, 999_999_999), 9)}${pad(int(0, 999), 3)}`;
      const full = [...'0123456789'].map((d) => body + d).find((c) => luhnValid(c))!;
      if (!usedCards.has(full)) return (usedCards.add(full), full);
    }
  };
  const address = (): string => {
    const [district, street] = pick(STREETS);
    return `广东省广州市${district}${street}${int(1, 388)}号${int(1, 30)}${pad(int(1, 8), 2)}室`;
  };
  const person = (gender: 'M' | 'F', fromYear: number, toYear: number): DemoParty => {
    for (;;) {
      const year = int(fromYear, toYear);
      const birthDate = `${year}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
      const area = pick(BIRTH_AREAS);
      if (residentAreaCodeProblem(area, year) !== null) continue;
      // The 17th digit is odd for men and even for women (GB 11643).
      const sequence = int(0, 499) * 2 + (gender === 'M' ? 1 : 0);
      const first17 = `${area}${birthDate.replace(/-/g, '')}${pad(sequence, 3)}`;
      const idNumber = first17 + residentIdCheckChar(first17);
      if (usedIds.has(idNumber)) continue;
      usedIds.add(idNumber);
      const name = pick(SURNAMES) + pick(gender === 'M' ? GIVEN_M : GIVEN_F);
      return { name, gender, birthDate, idType: 'RESIDENT_ID', idNumber };
    }
  };

  const agencies: DemoAgency[] = [
    {
      code: 'BK-ICBC-TH',
      name: '中国工商银行广州天河支行',
      channel: 'bancassurance',
      branchCode: DEMO_BRANCH,
      phone: '02038881234',
      address: '广州市天河区天河路 123 号工行大厦一楼',
    },
    {
      code: 'BK-CGB-YX',
      name: '广发银行广州越秀支行',
      channel: 'bancassurance',
      branchCode: DEMO_BRANCH,
      phone: '02083336677',
      address: '广州市越秀区东风东路 713 号广发大厦',
    },
    {
      code: 'AG-MINGYA',
      name: '广州明远保险代理有限公司',
      channel: 'intermediary',
      branchCode: DEMO_BRANCH,
      phone: '02085556600',
      address: '广州市天河区珠江新城华夏路 16 号 2201 室',
    },
  ];
  const qualified = addCalendarDays(today, -400);
  const seller = (code: string, kind: DemoSeller['kind'], channel: DemoChannel, agencyCode?: string): DemoSeller => ({
    code,
    name: person(int(0, 1) ? 'M' : 'F', 1975, 1998).name,
    kind,
    channel,
    branchCode: DEMO_BRANCH,
    agencyCode,
    phone: phone(),
    address: `广州市天河区林和西路 ${int(1, 9)} 号营业部 ${int(3, 28)} 楼`,
    qualifiedOn: qualified,
  });
  const sellers: DemoSeller[] = [
    ...Array.from({ length: 8 }, (_, i) => seller(`GZA${pad(i + 1, 3)}`, 'agent', 'agency')),
    ...Array.from({ length: 3 }, (_, i) =>
      seller(`GZB${pad(i + 1, 3)}`, 'bancassurance_manager', 'bancassurance', i === 2 ? 'BK-CGB-YX' : 'BK-ICBC-TH'),
    ),
    ...Array.from({ length: 2 }, (_, i) => seller(`GZI${pad(i + 1, 3)}`, 'agency_staff', 'intermediary', 'AG-MINGYA')),
  ];
  const sellersOf = (channel: DemoChannel) => sellers.filter((s) => s.channel === channel);

  let number = 0;
  type Options = { phone?: string; account?: string; accountHolder?: string; seller?: DemoSeller; clue?: boolean };
  const application = (channel: DemoChannel, opts: Options = {}): DemoApplication => {
    number += 1;
    const s = opts.seller ?? pick(sellersOf(channel));
    const holder = person(int(0, 1) ? 'M' : 'F', 1958, 1999);
    const [productCode, productCategory, termMonths] = opts.clue ? PRODUCTS[0] : pick(PRODUCTS);
    // A clue's policy is recent, its receipt signed these last days or not yet: its cooling-off period (and so the
    // case's revisit deadline) lies ahead, so no case of the demo is overdue but the one made so.
    const applicationDate = addCalendarDays(today, opts.clue ? -int(4, 10) : -int(2, 75));
    const signedOn = opts.clue ? addCalendarDays(today, -int(1, 3)) : addCalendarDays(applicationDate, int(2, 7));
    // Most receipts are signed within a week; some policies are not delivered yet.
    const receiptSignedDate = random() < 0.2 || signedOn > today ? null : signedOn;
    // About one in five insures a spouse or child of their own.
    const insured =
      random() < 0.2 ? person(holder.gender === 'M' ? 'F' : 'M', 1960, 2020) : { sameAsPolicyholder: true as const };
    return {
      policyNumber: `P${today.slice(0, 4)}${DEMO_BRANCH}${pad(number, 5)}`,
      productCode,
      productCategory,
      termMonths,
      channel,
      branchCode: DEMO_BRANCH,
      sellerCode: s.code,
      ...(s.agencyCode ? { agencyCode: s.agencyCode } : {}),
      applicationDate,
      receiptSignedDate,
      policyholder: { ...holder, address: address(), phones: [opts.phone ?? phone()] },
      insured,
      payment: { bankAccount: opts.account ?? card(), accountHolderName: opts.accountHolder ?? holder.name },
    };
  };

  // Clues first (ordinary policies get fresh phones and cards, so nothing else is shared by accident).
  const clues: DemoApplication[] = [];
  for (const [channel, rules] of Object.entries(DEMO_CLUES) as Array<[DemoChannel, Record<string, number>]>) {
    for (let i = 0; i < (rules.SHARED_PHONE ?? 0); i++) {
      const shared = phone();
      // Two or three different customers giving one phone: a seller's own number, a relative's, a made-up one.
      for (let k = 0; k < 2 + (i % 2); k++) clues.push(application(channel, { phone: shared, clue: true }));
    }
    for (let i = 0; i < (rules.SHARED_BANK_ACCOUNT ?? 0); i++) {
      const shared = card();
      for (let k = 0; k < 2; k++) clues.push(application(channel, { account: shared, clue: true }));
    }
    for (let i = 0; i < (rules.SELLER_CONTACT_USED ?? 0); i++) {
      const s = sellersOf(channel)[i];
      clues.push(application(channel, { seller: s, phone: s.phone, clue: true }));
    }
    for (let i = 0; i < (rules.THIRD_PARTY_PAYER ?? 0); i++) {
      const payer = person('M', 1960, 1975);
      clues.push(application(channel, { accountHolder: payer.name, clue: true }));
    }
  }
  const ordinary: DemoApplication[] = [];
  while (clues.length + ordinary.length < DEMO_POLICY_COUNT) {
    const r = random();
    ordinary.push(application(r < 0.7 ? 'agency' : r < 0.92 ? 'bancassurance' : 'intermediary'));
  }
  // The inquiry demo: the first ordinary policy, its people replaced by DEMO_INQUIRY's (its own phone and card kept).
  const first = ordinary[0];
  ordinary[0] = {
    ...first,
    policyholder: { ...first.policyholder, ...DEMO_INQUIRY.policyholder },
    insured: { ...DEMO_INQUIRY.insured },
    payment: { ...first.payment, accountHolderName: DEMO_INQUIRY.policyholder.name },
    beneficiaries: DEMO_INQUIRY.beneficiaries,
  };
  return { agencies, sellers, applications: [...clues, ...ordinary] };
}

/** Findings the clues make: one per planted clue. */
export function demoClueCount(channel?: keyof typeof DEMO_CLUES): number {
  const channels = channel ? [channel] : (Object.keys(DEMO_CLUES) as Array<keyof typeof DEMO_CLUES>);
  return channels.reduce(
    (sum, c) => sum + Object.values(DEMO_CLUES[c] as Record<string, number>).reduce((a, b) => a + b, 0),
    0,
  );
}
