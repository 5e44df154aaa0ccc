import { checkIdDocument } from './id-document';
import { residentIdCheckChar } from './resident-id';

const TODAY = '2025-06-15';

function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

function breakCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

const HK_PERMIT = withCheck('810000' + '19900101' + '001');
const TW_PERMIT = withCheck('830000' + '19881212' + '002');
const PR_NEW = withCheck('911840' + '19850315' + '002');

describe('checkIdDocument: accepted', () => {
  it.each([
    ['RESIDENT_ID', '11010519491231002X', { idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'F' }],
    ['RESIDENT_ID', '110105491231002', { idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'F' }],
    ['HMT_RESIDENCE_PERMIT', HK_PERMIT, { idNumber: HK_PERMIT, birthDate: '1990-01-01', gender: 'M' }],
    [
      'HMT_RESIDENCE_PERMIT',
      ` ${TW_PERMIT.toLowerCase()} `,
      { idNumber: TW_PERMIT, birthDate: '1988-12-12', gender: 'F' },
    ],
    [
      'HMT_RESIDENCE_PERMIT',
      withCheck('820000' + '20010707' + '013'),
      { idNumber: withCheck('820000' + '20010707' + '013'), birthDate: '2001-07-07', gender: 'M' },
    ],
    ['FOREIGNER_PR_CARD_NEW', PR_NEW, { idNumber: PR_NEW, birthDate: '1985-03-15', gender: 'F' }],
    [
      'FOREIGNER_PR_CARD_NEW',
      withCheck('931392' + '19900101' + '001'),
      { idNumber: withCheck('931392' + '19900101' + '001'), birthDate: '1990-01-01', gender: 'M' },
    ], // Shanghai, Japan
    [
      'FOREIGNER_PR_CARD_NEW',
      withCheck('965276' + '20000229' + '010'),
      { idNumber: withCheck('965276' + '20000229' + '010'), birthDate: '2000-02-29', gender: 'F' },
    ], // Xinjiang, Germany
    [
      'FOREIGNER_PR_CARD_OLD',
      'SCG440080010101',
      { idNumber: 'SCG440080010101', birthDate: '1980-01-01', birthCenturyInferred: true },
    ], // withdrawn Serbia and Montenegro
    [
      'FOREIGNER_PR_CARD_OLD',
      'USA110085031501',
      { idNumber: 'USA110085031501', birthDate: '1985-03-15', birthCenturyInferred: true },
    ],
    [
      'FOREIGNER_PR_CARD_OLD',
      'can310010031502',
      { idNumber: 'CAN310010031502', birthDate: '2010-03-15', birthCenturyInferred: true },
    ],
    [
      'FOREIGNER_PR_CARD_OLD',
      'GBR110045061501',
      { idNumber: 'GBR110045061501', birthDate: '1945-06-15', birthCenturyInferred: true },
    ],
    ['PASSPORT', 'E12345678', { idNumber: 'E12345678' }],
    ['PASSPORT', 'g 1234 5678', { idNumber: 'G12345678' }],
    ['PASSPORT', 'EA1234567', { idNumber: 'EA1234567' }],
    ['PASSPORT', 'C03005988', { idNumber: 'C03005988' }],
    ['PASSPORT', '12345', { idNumber: '12345' }],
    ['PASSPORT', 'AB1234567890CDEFG', { idNumber: 'AB1234567890CDEFG' }],
    ['HK_MACAU_TRAVEL_PERMIT', 'H12345678', { idNumber: 'H12345678' }],
    ['HK_MACAU_TRAVEL_PERMIT', 'm1234567890', { idNumber: 'M1234567890' }],
    ['TAIWAN_TRAVEL_PERMIT', '12345678', { idNumber: '12345678' }],
    ['TAIWAN_TRAVEL_PERMIT', ' 1234567890 ', { idNumber: '1234567890' }],
    ['TAIWAN_TRAVEL_PERMIT', '1234567801(B)', { idNumber: '1234567801(B)' }], // 1992–2008 booklet with issuing office
    ['TAIWAN_TRAVEL_PERMIT', '12345678 02（3）', { idNumber: '1234567802(3)' }],
  ])('%s %s', (idType, raw, expected) => {
    expect(checkIdDocument(idType, raw, TODAY)).toEqual({ ok: true, ...expected });
  });

  it('old PR card picks 20xx when it is not in the future', () => {
    // 250615 is today: 2025 is fine; 250616 would be tomorrow, so 1925
    expect(checkIdDocument('FOREIGNER_PR_CARD_OLD', 'USA110025061501', TODAY)).toMatchObject({
      birthDate: '2025-06-15',
    });
    expect(checkIdDocument('FOREIGNER_PR_CARD_OLD', 'USA110025061601', TODAY)).toMatchObject({
      birthDate: '1925-06-16',
    });
  });
});

describe('checkIdDocument: refused', () => {
  it.each([
    ['DRIVER_LICENSE', '123456789012', 'ID_TYPE_UNKNOWN'],
    ['resident_id', '11010519491231002X', 'ID_TYPE_UNKNOWN'],
    ['', '11010519491231002X', 'ID_TYPE_UNKNOWN'],
    ['RESIDENT_ID', breakCheck('11010519491231002X'), 'ID_CHECKSUM'],
    ['RESIDENT_ID', withCheck('999999' + '19900101' + '123'), 'ID_AREA_UNKNOWN'],
    ['HMT_RESIDENCE_PERMIT', '81000019900101001', 'ID_FORMAT'],
    ['HMT_RESIDENCE_PERMIT', breakCheck(HK_PERMIT), 'ID_CHECKSUM'],
    ['HMT_RESIDENCE_PERMIT', withCheck('110101' + '19900101' + '001'), 'ID_AREA_UNKNOWN'],
    ['HMT_RESIDENCE_PERMIT', withCheck('810100' + '19900101' + '001'), 'ID_AREA_UNKNOWN'],
    ['HMT_RESIDENCE_PERMIT', withCheck('810000' + '19900230' + '001'), 'ID_BIRTH_DATE_INVALID'],
    ['HMT_RESIDENCE_PERMIT', withCheck('810000' + '20300101' + '001'), 'ID_BIRTH_DATE_FUTURE'],
    ['FOREIGNER_PR_CARD_NEW', withCheck('111840' + '19850315' + '002'), 'ID_FORMAT'],
    ['FOREIGNER_PR_CARD_NEW', 'USA110085031501', 'ID_FORMAT'],
    ['FOREIGNER_PR_CARD_NEW', breakCheck(PR_NEW), 'ID_CHECKSUM'],
    ['FOREIGNER_PR_CARD_NEW', withCheck('911840' + '19851315' + '002'), 'ID_BIRTH_DATE_INVALID'],
    ['FOREIGNER_PR_CARD_NEW', withCheck('911840' + '20991231' + '002'), 'ID_BIRTH_DATE_FUTURE'],
    ['FOREIGNER_PR_CARD_NEW', withCheck('911999' + '19850315' + '002'), 'ID_NATIONALITY_UNKNOWN'], // no country 999
    ['FOREIGNER_PR_CARD_NEW', withCheck('911156' + '19850315' + '002'), 'ID_NATIONALITY_UNKNOWN'], // China is no foreigner's nationality
    ['FOREIGNER_PR_CARD_NEW', withCheck('900840' + '19850315' + '002'), 'ID_NATIONALITY_UNKNOWN'], // no province 00
    ['FOREIGNER_PR_CARD_NEW', withCheck('971840' + '19850315' + '002'), 'ID_NATIONALITY_UNKNOWN'], // 71 Taiwan: not a mainland office
    ['FOREIGNER_PR_CARD_NEW', withCheck('981840' + '19850315' + '002'), 'ID_NATIONALITY_UNKNOWN'], // 81 Hong Kong
    ['FOREIGNER_PR_CARD_NEW', withCheck('919840' + '19850315' + '002'), 'ID_NATIONALITY_UNKNOWN'], // no province 19
    ['FOREIGNER_PR_CARD_NEW', '9118401985031500', 'ID_FORMAT'],
    ['FOREIGNER_PR_CARD_OLD', 'XYZ110085031501', 'ID_NATIONALITY_UNKNOWN'],
    ['FOREIGNER_PR_CARD_OLD', 'CHN110085031501', 'ID_NATIONALITY_UNKNOWN'],
    ['FOREIGNER_PR_CARD_OLD', 'USA990085031501', 'ID_NATIONALITY_UNKNOWN'],
    ['FOREIGNER_PR_CARD_OLD', 'USA710085031501', 'ID_NATIONALITY_UNKNOWN'],
    ['FOREIGNER_PR_CARD_OLD', 'US1100850315012', 'ID_FORMAT'],
    ['FOREIGNER_PR_CARD_OLD', 'USA11008503150', 'ID_FORMAT'],
    ['FOREIGNER_PR_CARD_OLD', 'USA1100850315011', 'ID_FORMAT'],
    ['FOREIGNER_PR_CARD_OLD', 'USA110085023001', 'ID_BIRTH_DATE_INVALID'],
    ['FOREIGNER_PR_CARD_OLD', 'USA110085130101', 'ID_BIRTH_DATE_INVALID'],
    ['PASSPORT', 'E123', 'ID_FORMAT'],
    ['PASSPORT', 'AB1234567890CDEFGH', 'ID_FORMAT'],
    ['PASSPORT', 'E1234567!', 'ID_FORMAT'],
    ['PASSPORT', 'NONEXX', 'ID_FORMAT'],
    ['PASSPORT', '', 'ID_FORMAT'],
    ['HK_MACAU_TRAVEL_PERMIT', 'H1234567', 'ID_FORMAT'],
    ['HK_MACAU_TRAVEL_PERMIT', 'H123456789', 'ID_FORMAT'],
    ['HK_MACAU_TRAVEL_PERMIT', 'X12345678', 'ID_FORMAT'],
    ['HK_MACAU_TRAVEL_PERMIT', '12345678', 'ID_FORMAT'],
    ['TAIWAN_TRAVEL_PERMIT', '1234567', 'ID_FORMAT'],
    ['TAIWAN_TRAVEL_PERMIT', '123456789', 'ID_FORMAT'],
    ['TAIWAN_TRAVEL_PERMIT', '1234567890A', 'ID_FORMAT'],
    ['TAIWAN_TRAVEL_PERMIT', 'T1234567', 'ID_FORMAT'],
    ['TAIWAN_TRAVEL_PERMIT', '12345678(B)', 'ID_FORMAT'], // the office code came only with the issue count
    ['TAIWAN_TRAVEL_PERMIT', '1234567801(BB)', 'ID_FORMAT'],
    ['TAIWAN_TRAVEL_PERMIT', '1234567801()', 'ID_FORMAT'],
  ])('%s %s → %s', (idType, raw, code) => {
    const result = checkIdDocument(idType, raw, TODAY);
    expect(result).toMatchObject({ ok: false, code });
  });

  it('names the ID type, not the number, when the type is unknown', () => {
    expect(checkIdDocument('DRIVER_LICENSE', 'x', TODAY)).toEqual({
      ok: false,
      code: 'ID_TYPE_UNKNOWN',
      message: 'ID type is not an accepted document type',
      messageZh: '证件类型不是可接受的证件类型',
    });
  });
});
