import type { CaseView, Deadlines } from '../../../contracts/src/case.contract';
import { noDeadlines } from './case-view';
import { nextTimer, type TimerKind } from './case-timers';

const at = (d: Partial<Deadlines>, state: CaseView['state']) => ({ state, deadlines: { ...noDeadlines(), ...d } });
const none = new Map<TimerKind, string>();

describe('nextTimer: the earliest deadline that applies and has not fired', () => {
  const d = {
    distributionReminderAt: '2026-12-01T16:00:00.000Z',
    distributionDueAt: '2026-12-02T16:00:00.000Z',
    reminderAt: '2026-12-03T16:00:00.000Z',
    investigationDueAt: '2026-12-04T16:00:00.000Z',
    revisitDeadlineAt: '2026-12-05T16:00:00.000Z',
    coolingOffEndsAt: '2026-12-06T16:00:00.000Z',
  };

  it('an OPEN case waits for its distribution reminder first', () => {
    expect(nextTimer(at(d, 'OPEN'), none)).toEqual({ kind: 'distributionReminder', at: d.distributionReminderAt });
  });

  it('a case with the channel waits for the investigation reminder, not the distribution deadlines', () => {
    expect(nextTimer(at(d, 'INVESTIGATING'), none)).toEqual({ kind: 'reminder', at: d.reminderAt });
    expect(nextTimer(at(d, 'DISTRIBUTED'), none)?.kind).toBe('reminder');
  });

  it('a submitted case only has the revisit and cooling-off deadlines', () => {
    expect(nextTimer(at(d, 'PENDING_APPROVAL'), none)).toEqual({ kind: 'revisitDeadline', at: d.revisitDeadlineAt });
  });

  it('skips a deadline that fired at its current instant, and re-arms it when it moves', () => {
    const fired = new Map<TimerKind, string>([['reminder', d.reminderAt]]);
    expect(nextTimer(at(d, 'INVESTIGATING'), fired)?.kind).toBe('investigationDue');
    expect(nextTimer(at({ ...d, reminderAt: '2026-12-03T17:00:00.000Z' }, 'INVESTIGATING'), fired)?.kind).toBe(
      'reminder',
    );
  });

  it('has nothing to wait for on a closed case or without deadlines', () => {
    expect(nextTimer(at(d, 'CLOSED'), none)).toBeNull();
    expect(nextTimer(at({}, 'OPEN'), none)).toBeNull();
  });

  it('a tie goes to the first in the list', () => {
    expect(
      nextTimer(at({ revisitDeadlineAt: d.coolingOffEndsAt, coolingOffEndsAt: d.coolingOffEndsAt }, 'OPEN'), none)
        ?.kind,
    ).toBe('revisitDeadline');
  });
});
