import { accessPeriod, approvalRefusal, grantCovers, type PendingRequest } from './access-rules';

const pending = (over: Partial<PendingRequest> = {}): PendingRequest => ({
  level: 'confidential',
  requestedBy: 'bo-1',
  serviceApprovedBy: null,
  complianceApprovedBy: null,
  ...over,
});

describe('access requests: who approves what (doc 4)', () => {
  it('a confidential record: one approval by customer service, not by the requester', () => {
    expect(approvalRefusal(pending(), 'cs-1', 'customer_service')).toEqual({ gives: 'service', complete: true });
    expect(approvalRefusal(pending({ requestedBy: 'cs-1' }), 'cs-1', 'customer_service')).toEqual({
      refusal: 'nobody approves their own access request',
    });
    expect(approvalRefusal(pending(), 'cmp-1', 'compliance')).toEqual({
      refusal: 'a confidential record is approved by customer service',
    });
    expect(approvalRefusal(pending(), 'tl-1', 'team_leader')).toHaveProperty('refusal');
  });

  it('a top-secret record: customer service and compliance, in either order, two different people', () => {
    const top = pending({ level: 'top_secret' });
    expect(approvalRefusal(top, 'cs-1', 'customer_service')).toEqual({ gives: 'service', complete: false });
    expect(approvalRefusal(top, 'cmp-1', 'compliance')).toEqual({ gives: 'compliance', complete: false });
    expect(approvalRefusal({ ...top, serviceApprovedBy: 'cs-1' }, 'cmp-1', 'compliance')).toEqual({
      gives: 'compliance',
      complete: true,
    });
    expect(approvalRefusal({ ...top, complianceApprovedBy: 'cmp-1' }, 'cs-1', 'customer_service')).toEqual({
      gives: 'service',
      complete: true,
    });
    expect(approvalRefusal({ ...top, serviceApprovedBy: 'cs-1' }, 'cs-2', 'customer_service')).toEqual({
      refusal: 'customer service has approved this request already',
    });
    expect(approvalRefusal({ ...top, serviceApprovedBy: 'x' }, 'x', 'compliance')).toHaveProperty('refusal');
  });

  it('a grant opens its level and below; a raised level needs a new request', () => {
    expect(grantCovers('confidential', 'confidential')).toBe(true);
    expect(grantCovers('top_secret', 'confidential')).toBe(true);
    expect(grantCovers('confidential', 'top_secret')).toBe(false);
    expect(grantCovers('confidential', 'normal')).toBe(true);
  });

  it('opens for whole days from the last approval, 1 to 30', () => {
    const at = new Date('2026-12-03T02:00:00Z');
    expect(accessPeriod(at, 7).validUntil.toISOString()).toBe('2026-12-10T02:00:00.000Z');
    for (const bad of [0, 31, 1.5]) expect(() => accessPeriod(at, bad)).toThrow(RangeError);
  });
});
