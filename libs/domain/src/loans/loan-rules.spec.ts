import { loanDueAt, loanNotices, loanReminderAt, loanState, managerRole, stringsIn } from './loan-rules';

const taken = new Date('2026-03-02T02:00:00Z');

describe('loan rules', () => {
  it('a loan is due in 3 days unless fewer are asked for, never more', () => {
    expect(loanDueAt(taken, undefined).toISOString()).toBe('2026-03-05T02:00:00.000Z');
    expect(loanDueAt(taken, 1).toISOString()).toBe('2026-03-03T02:00:00.000Z');
    expect(() => loanDueAt(taken, 4)).toThrow(/1 to 3/);
    expect(() => loanDueAt(taken, 0)).toThrow(/1 to 3/);
    expect(() => loanDueAt(taken, 1.5)).toThrow(/1 to 3/);
  });

  it('reminds one day before the due date, or half-way through a one-day loan', () => {
    expect(loanReminderAt(taken, loanDueAt(taken, 3)).toISOString()).toBe('2026-03-04T02:00:00.000Z');
    expect(loanReminderAt(taken, loanDueAt(taken, 1)).toISOString()).toBe('2026-03-02T14:00:00.000Z');
  });

  it('is open until due, overdue after, returned once returned', () => {
    const loan = { dueAt: '2026-03-05T02:00:00.000Z', returnedAt: null };
    expect(loanState(loan, new Date('2026-03-05T01:59:59Z'))).toBe('open');
    expect(loanState(loan, new Date('2026-03-05T02:00:00Z'))).toBe('overdue');
    expect(loanState({ ...loan, returnedAt: '2026-03-06T00:00:00Z' }, new Date('2026-03-09T00:00:00Z'))).toBe(
      'returned',
    );
  });

  it("tells the borrower and the borrower's manager, then compliance, in the file's scope", () => {
    const subject = {
      loanId: 'L1',
      borrowerId: 'bo-1',
      borrowerRole: 'back_office',
      objectLabel: 'evidence E of case C',
      dueAt: '2026-03-05T02:00:00.000Z',
      scopeKeys: ['GZ01/agency'],
    };
    expect(loanNotices.reminder(subject).map(([r]) => r)).toEqual(['bo-1', 'team_leader@GZ01/agency']);
    expect(loanNotices.overdue(subject).map(([r]) => r)).toEqual(['compliance@GZ01/agency']);
    expect(managerRole('customer_service')).toBe('customer_service');
    expect(managerRole('team_leader')).toBe('channel_manager');
  });

  it('finds every string inside a nested value', () => {
    expect([...stringsIn({ a: ['x', { b: 'y' }], c: 3, d: null })].sort()).toEqual(['x', 'y']);
  });
});
