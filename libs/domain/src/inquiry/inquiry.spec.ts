import { checkBeneficiaryList, identityKey, isValidShare } from './beneficiaries';
import { countFailuresSince, DEFAULT_LOCKOUT, isLocked, lockAfterFailure } from './inquiry-lockout';
import { CANDIDATE_SLOTS, matchesParty, padCandidates, type InquiryCandidate } from './inquiry-match';
import { INQUIRY_SLICES, partyDetail, sees } from './inquiry-slice';

const TODAY = '2026-12-01';
const mac = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? n : 7));
const decoy = (i: number): InquiryCandidate => ({ relation: 'decoy', nameMac: mac(200 + i), idMac: mac(200 + i) });

describe('beneficiaries', () => {
  const b = (share: number, idNumber = '11010519491231002X') => ({
    name: '王五',
    idType: 'RESIDENT_ID',
    idNumber,
    share,
  });

  it('takes no beneficiaries (legal heirs) and shares summing to exactly 100, two decimals included', () => {
    expect(checkBeneficiaryList([], TODAY)).toEqual([]);
    expect(checkBeneficiaryList([b(100)], TODAY)).toEqual([]);
    expect(checkBeneficiaryList([b(33.33, 'P1234567'), b(33.33, 'P1234568'), b(33.34, 'P1234569')], TODAY)).toEqual([]);
  });

  it('refuses shares that do not sum to 100, naming the list', () => {
    expect(checkBeneficiaryList([b(60, 'P1234567'), b(30, 'P1234568')], TODAY)).toEqual([
      expect.objectContaining({
        field: '',
        code: 'BENEFICIARY_SHARES_SUM',
        message: expect.stringMatching(/sum to 90/),
      }),
    ]);
    expect(checkBeneficiaryList([b(60, 'P1234567'), b(50, 'P1234568')], TODAY)[0].code).toBe('BENEFICIARY_SHARES_SUM');
  });

  it('refuses one person named twice, also when the ID is written differently', () => {
    const problems = checkBeneficiaryList([b(50, '11010519491231002x'), b(50, ' 11010519491231002X ')], TODAY);
    expect(problems).toEqual([expect.objectContaining({ field: '1.idNumber', code: 'BENEFICIARY_DUPLICATE' })]);
  });

  it('takes shares above 0, at most 100, with at most two decimals', () => {
    for (const ok of [100, 0.01, 33.33, 50]) expect(isValidShare(ok)).toBe(true);
    for (const bad of [0, -1, 100.01, 33.333, Number.NaN, '50', null]) expect(isValidShare(bad)).toBe(false);
  });

  it('normalises an identity as intake does: upper case, 15-digit resident IDs upgraded, trimmed otherwise', () => {
    expect(identityKey('RESIDENT_ID', '11010519491231002x', TODAY)).toBe('RESIDENT_ID:11010519491231002X');
    expect(identityKey('RESIDENT_ID', '110105491231002', TODAY)).toBe('RESIDENT_ID:11010519491231002X');
    expect(identityKey('PASSPORT', ' e1234567 ', TODAY)).toBe('PASSPORT:E1234567');
    expect(identityKey('RESIDENT_ID', ' 123 ', TODAY)).toBe('RESIDENT_ID:123');
  });
});

describe('matching an inquiry', () => {
  const holder: InquiryCandidate = { relation: 'policyholder', nameMac: mac(1), idMac: mac(2) };
  const insured: InquiryCandidate = { relation: 'insured', nameMac: mac(3), idMac: mac(4) };
  const candidates = padCandidates([holder, insured], decoy);

  it('pads every lookup to the same number of candidates', () => {
    expect(candidates).toHaveLength(CANDIDATE_SLOTS);
    expect(padCandidates([], decoy)).toHaveLength(CANDIDATE_SLOTS);
  });

  it('opens only on the relation, the name and the identity together', () => {
    expect(matchesParty({ relation: 'policyholder', nameMac: mac(1), idMac: mac(2) }, candidates)).toBe(true);
    expect(matchesParty({ relation: 'insured', nameMac: mac(3), idMac: mac(4) }, candidates)).toBe(true);
    // each part wrong alone
    expect(matchesParty({ relation: 'policyholder', nameMac: mac(9), idMac: mac(2) }, candidates)).toBe(false);
    expect(matchesParty({ relation: 'policyholder', nameMac: mac(1), idMac: mac(9) }, candidates)).toBe(false);
    expect(matchesParty({ relation: 'insured', nameMac: mac(1), idMac: mac(2) }, candidates)).toBe(false);
    expect(matchesParty({ relation: 'beneficiary', nameMac: mac(1), idMac: mac(2) }, candidates)).toBe(false);
    // the name of one party with the ID of another
    expect(matchesParty({ relation: 'policyholder', nameMac: mac(1), idMac: mac(4) }, candidates)).toBe(false);
  });

  it('never matches a decoy, and nothing on an unknown policy', () => {
    expect(matchesParty({ relation: 'policyholder', nameMac: mac(200), idMac: mac(200) }, candidates)).toBe(false);
    expect(matchesParty({ relation: 'policyholder', nameMac: mac(1), idMac: mac(2) }, padCandidates([], decoy))).toBe(
      false,
    );
  });

  it('refuses MACs of another length', () => {
    const short = { relation: 'policyholder' as const, nameMac: mac(1).subarray(0, 16), idMac: mac(2) };
    expect(matchesParty(short, candidates)).toBe(false);
  });
});

describe('lock-out', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const s = DEFAULT_LOCKOUT;

  it('locks at the fifth failure, for the cooling period', () => {
    expect(lockAfterFailure(4, now, s)).toBeNull();
    expect(lockAfterFailure(5, now, s)).toEqual(new Date('2026-12-01T11:00:00Z'));
    expect(lockAfterFailure(7, now, { ...s, coolingMs: 15 * 60_000 })).toEqual(new Date('2026-12-01T10:15:00Z'));
  });

  it('holds until the end of the lock, not after', () => {
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked(new Date('2026-12-01T10:00:01Z'), now)).toBe(true);
    expect(isLocked(new Date('2026-12-01T10:00:00Z'), now)).toBe(false);
  });

  it('counts failures of the last hour, and only those after the last lock ended', () => {
    expect(countFailuresSince(now, null, s)).toEqual(new Date('2026-12-01T09:00:00Z'));
    expect(countFailuresSince(now, new Date('2026-12-01T09:30:00Z'), s)).toEqual(new Date('2026-12-01T09:30:00Z'));
    expect(countFailuresSince(now, new Date('2026-12-01T08:00:00Z'), s)).toEqual(new Date('2026-12-01T09:00:00Z'));
  });
});

describe('what each relation sees', () => {
  it('gives the policyholder the most and a beneficiary the least', () => {
    expect(INQUIRY_SLICES.beneficiary.length).toBeLessThan(INQUIRY_SLICES.insured.length);
    expect(INQUIRY_SLICES.insured.length).toBeLessThan(INQUIRY_SLICES.policyholder.length);
    expect(sees('policyholder', 'payment')).toBe(true);
    expect(sees('insured', 'payment')).toBe(false);
    expect(sees('beneficiary', 'payment')).toBe(false);
    expect(sees('beneficiary', 'beneficiaries')).toBe(false);
    expect(sees('beneficiary', 'ownShare')).toBe(true);
    expect(sees('insured', 'coolingOff')).toBe(false);
  });

  it('tells how much of each party a relation hears', () => {
    expect(partyDetail('policyholder', 'insured')).toBe('full');
    expect(partyDetail('insured', 'insured')).toBe('full');
    expect(partyDetail('insured', 'policyholder')).toBe('name');
    expect(partyDetail('beneficiary', 'insured')).toBe('name');
    expect(partyDetail('beneficiary', 'policyholder')).toBeNull();
  });
});
