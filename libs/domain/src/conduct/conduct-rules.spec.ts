import {
  checkComplaintVerifier,
  checkOneSubject,
  checkPenaltyAmount,
  checkRecheckStep,
  isAssessmentPeriod,
} from './conduct-rules';
import { conductNotices } from './conduct-notices';

describe('conduct rules (R6, R7)', () => {
  it('takes a quarter or a year as the assessment period', () => {
    for (const ok of ['2026Q4', '2026Q1', '2026', '2000', '2100Q2']) expect(isAssessmentPeriod(ok)).toBe(true);
    for (const bad of ['2026Q5', '2026Q0', '2026q4', '26Q4', '2026-Q4', '2026H1', '1999', '2101', ' 2026', ''])
      expect(isAssessmentPeriod(bad)).toBe(false);
  });

  it('needs an amount for a commission deduction only', () => {
    expect(checkPenaltyAmount('commission_deduction', undefined)).toMatchObject({ field: 'amount' });
    expect(checkPenaltyAmount('commission_deduction', 0)).toMatchObject({ field: 'amount' });
    expect(checkPenaltyAmount('commission_deduction', 500)).toBeNull();
    expect(checkPenaltyAmount('warning', undefined)).toBeNull();
    expect(checkPenaltyAmount('grade_demotion', 100)).toBeNull();
  });

  it('wants exactly one of seller and agency', () => {
    expect(checkOneSubject('A0001', undefined)).toBeNull();
    expect(checkOneSubject(undefined, 'AG01')).toBeNull();
    expect(checkOneSubject(undefined, undefined)).toMatchObject({ field: 'sellerCode' });
    expect(checkOneSubject('A0001', 'AG01')).toMatchObject({ field: 'agencyCode' });
    expect(checkOneSubject(' ', undefined)).toMatchObject({ field: 'sellerCode' });
  });

  it('keeps the registrant from verifying, and verifies once', () => {
    expect(checkComplaintVerifier({ registeredBy: 'cs-1', outcome: null }, 'cs-2')).toBeNull();
    expect(checkComplaintVerifier({ registeredBy: 'cs-1', outcome: null }, 'cs-1')?.message).toMatch(
      /may not verify it/,
    );
    expect(checkComplaintVerifier({ registeredBy: 'cs-1', outcome: 'VERIFIED' }, 'cs-2')?.message).toMatch(
      /recorded already: VERIFIED/,
    );
  });

  it('asks a re-check for the revisit result when a call was made, and for corrections when CORRECTED', () => {
    const correction = { customerId: '1', field: 'phone' as const, oldValue: 'a', newValue: 'b' };
    expect(checkRecheckStep({ outcome: 'CONFIRMED', revisitMade: false })).toBeNull();
    expect(checkRecheckStep({ outcome: 'CONFIRMED', revisitMade: true })).toMatchObject({ field: 'revisitResult' });
    expect(checkRecheckStep({ outcome: 'CONFIRMED', revisitMade: false, revisitResult: 'x' })).toMatchObject({
      field: 'revisitResult',
    });
    expect(checkRecheckStep({ outcome: 'CONFIRMED', revisitMade: true, revisitResult: ' ' })).toMatchObject({
      field: 'revisitResult',
    });
    expect(checkRecheckStep({ outcome: 'CONFIRMED', revisitMade: false, corrections: [correction] })).toMatchObject({
      field: 'corrections',
    });
    expect(checkRecheckStep({ outcome: 'CORRECTED', revisitMade: false })).toMatchObject({ field: 'corrections' });
    expect(checkRecheckStep({ outcome: 'CORRECTED', revisitMade: false, corrections: [correction] })).toBeNull();
    expect(
      checkRecheckStep({ outcome: 'FALSE_DATA', revisitMade: true, revisitResult: 'not the customer' }),
    ).toBeNull();
    expect(checkRecheckStep({ outcome: 'FALSE_DATA', revisitMade: false, corrections: [correction] })).toBeNull();
    expect(
      checkRecheckStep({ outcome: 'CONFIRMED', revisitMade: 'yes' } as unknown as Parameters<
        typeof checkRecheckStep
      >[0]),
    ).toMatchObject({ field: 'revisitMade' });
  });

  it('tells each scope once, with its count, and compliance and channel management at the end', () => {
    const scope = [
      { branchCode: 'GZ01', channel: 'agency', count: 3 },
      { branchCode: 'SZ01', channel: 'agency', count: 1 },
    ];
    expect(conductNotices.reminder('K', 'T', scope)).toEqual([
      ['customer_service@GZ01/agency', 're-check campaign K: 3 re-checks are due T'],
      ['customer_service@SZ01/agency', 're-check campaign K: 1 re-checks are due T'],
    ]);
    expect(conductNotices.escalated('K', 'T', scope).map(([r]) => r)).toEqual([
      'compliance@GZ01/agency',
      'compliance@SZ01/agency',
    ]);
    const result = { policies: 4, confirmed: 2, corrected: 1, falseData: 1, casesOpened: 1 };
    const finished = conductNotices.finished('K', 'seller A0001', { branchCode: 'GZ01', channel: 'agency' }, result);
    expect(finished.map(([r]) => r)).toEqual(['compliance@GZ01/agency', 'channel_manager@GZ01/agency']);
    expect(finished[0][1]).toBe(
      're-check campaign K (seller A0001) finished: 4 policies, 2 confirmed, 1 corrected, 1 with false data, 1 cases opened',
    );
  });
});
