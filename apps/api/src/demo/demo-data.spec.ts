import { luhnValid, normalizePhone, parseResidentId } from '../../../../libs/domain/src';
import { DEMO_INQUIRY, DEMO_POLICY_COUNT, demoClueCount, demoData } from './demo-data';

const TODAY = '2026-12-02';

describe('the demo data', () => {
  const data = demoData(TODAY);
  const parties = data.applications.flatMap((a) => [a.policyholder, ...('name' in a.insured ? [a.insured] : [])]);

  it('has a few hundred policies, the same each time for the same day', () => {
    expect(data.applications).toHaveLength(DEMO_POLICY_COUNT);
    expect(new Set(data.applications.map((a) => a.policyNumber)).size).toBe(DEMO_POLICY_COUNT);
    expect(demoData(TODAY)).toEqual(data);
  });

  it('gives every person a valid resident ID matching their gender and birth date, each their own', () => {
    for (const p of parties) {
      const parsed = parseResidentId(p.idNumber, TODAY);
      expect(parsed).toMatchObject({ ok: true, gender: p.gender, birthDate: p.birthDate });
    }
    expect(new Set(parties.map((p) => p.idNumber)).size).toBe(parties.length);
  });

  it('uses valid mobiles and card numbers, dates not after today', () => {
    for (const a of data.applications) {
      for (const phone of a.policyholder.phones ?? [])
        expect(normalizePhone(phone)).toMatchObject({ ok: true, kind: 'mobile' });
      expect(luhnValid(a.payment.bankAccount)).toBe(true);
      expect(a.applicationDate <= TODAY).toBe(true);
      if (a.receiptSignedDate)
        expect(a.receiptSignedDate >= a.applicationDate && a.receiptSignedDate <= TODAY).toBe(true);
    }
  });

  it('shares phones and accounts only where a clue is planted', () => {
    const holdersBy = (key: (a: (typeof data.applications)[number]) => string) => {
      const groups = new Map<string, number>();
      for (const a of data.applications) groups.set(key(a), (groups.get(key(a)) ?? 0) + 1);
      return [...groups.values()].filter((n) => n > 1).length;
    };
    expect(holdersBy((a) => a.policyholder.phones![0])).toBe(5);
    expect(holdersBy((a) => a.payment.bankAccount)).toBe(3);
    const sellerPhones = new Set(data.sellers.map((s) => s.phone));
    expect(data.applications.filter((a) => sellerPhones.has(a.policyholder.phones![0]))).toHaveLength(2);
    expect(data.applications.filter((a) => a.payment.accountHolderName !== a.policyholder.name)).toHaveLength(1);
    expect(demoClueCount()).toBe(11);
  });

  it('holds the inquiry demo policy with its fixed people and beneficiaries, under the number the README gives', () => {
    const inquiry = data.applications.find((a) => a.policyNumber === DEMO_INQUIRY.policyNumberOf(TODAY))!;
    expect(inquiry.policyNumber).toBe('P2026GZ0100022');
    expect(inquiry.policyholder).toMatchObject({ name: '陈建国', idNumber: DEMO_INQUIRY.policyholder.idNumber });
    expect(inquiry.insured).toMatchObject({ name: '陈小雨' });
    expect(inquiry.beneficiaries?.map((b) => b.share)).toEqual([60, 40]);
    for (const b of inquiry.beneficiaries!) expect(parseResidentId(b.idNumber, TODAY)).toMatchObject({ ok: true });
    expect(data.applications.filter((a) => a.beneficiaries)).toHaveLength(1);
  });
});
