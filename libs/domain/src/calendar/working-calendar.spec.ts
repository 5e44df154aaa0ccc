import {
  WorkingCalendar,
  addCalendarDays,
  branchToday,
  coolingOffPeriod,
  endOfWorkingDayBefore,
  localDateOf,
  shippedCalendar,
  startOfLocalDay,
  withPublishedSchedule,
  workingDayDeadline,
  type CalendarSnapshot,
} from './working-calendar';

describe('date helpers', () => {
  it.each([
    ['2026-03-02T02:00:00Z', '2026-03-02'],
    ['2026-03-02T15:59:59.999Z', '2026-03-02'], // 23:59 local
    ['2026-03-02T16:00:00.000Z', '2026-03-03'], // local midnight
    ['2026-03-02T16:10:00Z', '2026-03-03'], // 00:10 local, previous UTC day
    ['2026-12-31T16:00Z', '2027-01-01'],
    ['2026-03-03T00:10:00+08:00', '2026-03-03'],
    ['2026-03-02T20:00:00-05:00', '2026-03-03'], // 01:00Z = 09:00 local
    ['2024-02-28T16:30:00Z', '2024-02-29'],
  ])('localDateOf(%s) = %s', (instant, date) => {
    expect(localDateOf(instant)).toBe(date);
  });

  it.each([
    '2026-03-02T10:00:00',
    '2026-03-02',
    '2026-02-30T00:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T10:00:00+8',
  ])('localDateOf refuses %p', (instant) => {
    expect(() => localDateOf(instant)).toThrow(RangeError);
  });

  it.each([
    ['2026-03-03', '2026-03-02T16:00:00.000Z'],
    ['2026-01-01', '2025-12-31T16:00:00.000Z'],
    ['2024-03-01', '2024-02-29T16:00:00.000Z'],
  ])('startOfLocalDay(%s) = %s', (date, instant) => {
    expect(startOfLocalDay(date)).toBe(instant);
    expect(localDateOf(instant)).toBe(date);
  });

  it.each([
    ['2026-02-27', 1, '2026-02-28'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-02', 365, '2027-03-02'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('addCalendarDays(%s, %i) = %s', (date, n, expected) => {
    expect(addCalendarDays(date, n)).toBe(expected);
  });

  it('addCalendarDays refuses bad input', () => {
    expect(() => addCalendarDays('2026-02-29', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-03-01', 0.5)).toThrow(RangeError);
  });
});

describe('WorkingCalendar', () => {
  const cal = new WorkingCalendar(shippedCalendar(2026, 2027));

  it.each([
    ['2026-03-02', true, 'Monday'],
    ['2026-03-07', false, 'Saturday'],
    ['2026-03-08', false, 'Sunday'],
    ['2026-01-01', false, '元旦'],
    ['2026-01-04', true, 'Sunday, make-up for 元旦'],
    ['2026-02-14', true, 'Saturday, make-up for 春节'],
    ['2026-02-16', false, '春节 (Monday)'],
    ['2026-02-23', false, '春节 (Monday)'],
    ['2026-02-24', true, 'first day back'],
    ['2026-02-28', true, 'Saturday, make-up for 春节'],
    ['2027-02-05', false, 'provisional 除夕 (Friday)'],
    ['2027-02-09', true, 'provisional ordinary Tuesday'],
    ['2028-03-01', true, 'unknown year: Monday–Friday rule'],
  ])('%s working: %p (%s)', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('knows each year status', () => {
    expect([2025, 2026, 2027, 2028].map((y) => cal.yearStatus(y))).toEqual([
      'unknown',
      'official',
      'provisional',
      'unknown',
    ]);
  });

  it('round-trips through JSON (Temporal payload)', () => {
    const snapshot = cal.toSnapshot();
    const back = new WorkingCalendar(JSON.parse(JSON.stringify(snapshot)) as CalendarSnapshot);
    expect(back.toSnapshot()).toEqual(snapshot);
  });

  it.each<[string, CalendarSnapshot]>([
    ['a bad date', { overrides: { '2026-02-30': 'holiday' }, years: {} }],
    ['a bad kind', { overrides: { '2026-03-02': 'weekend' as 'holiday' }, years: {} }],
    ['a bad year', { overrides: {}, years: { '26': 'official' } }],
    ['a bad status', { overrides: {}, years: { '2026': 'guessed' as 'official' } }],
  ])('refuses a snapshot with %s', (_, snapshot) => {
    expect(() => new WorkingCalendar(snapshot)).toThrow(RangeError);
  });

  it('shippedCalendar leaves years before 2004 unknown and refuses a reversed range', () => {
    const early = new WorkingCalendar(shippedCalendar(2002, 2004));
    expect([2002, 2003, 2004].map((y) => early.yearStatus(y))).toEqual(['unknown', 'unknown', 'official']);
    expect(() => shippedCalendar(2027, 2026)).toThrow(RangeError);
  });

  it('withPublishedSchedule replaces the provisional days of a year and marks it official', () => {
    const published = withPublishedSchedule(cal.toSnapshot(), 2027, [
      { date: '2026-12-27', kind: 'workday', name: '元旦', source: 'manual' }, // spills into the previous year
      { date: '2027-02-05', kind: 'holiday', name: '春节', source: 'manual' },
      { date: '2027-02-20', kind: 'workday', name: '春节', source: 'manual' },
    ]);
    const after = new WorkingCalendar(published);
    expect(after.yearStatus(2027)).toBe('official');
    expect(after.isWorkingDay('2027-01-01')).toBe(true); // provisional 元旦 dropped with the rest of 2027
    expect(after.isWorkingDay('2027-02-20')).toBe(true);
    expect(after.isWorkingDay('2026-12-27')).toBe(true);
    expect(after.isWorkingDay('2026-02-16')).toBe(false); // 2026 untouched
  });
});

describe('workingDayDeadline', () => {
  const cal = new WorkingCalendar(shippedCalendar(2025, 2027));
  const at = (localDate: string, hhmm: string): string => {
    // local wall time → UTC instant, via the code under test's own zone rule (+08:00)
    const [h, m] = hhmm.split(':').map(Number);
    const minutes = h * 60 + m - 8 * 60;
    const date = minutes < 0 ? addCalendarDays(localDate, -1) : localDate;
    const mod = ((minutes % 1440) + 1440) % 1440;
    return `${date}T${String(Math.floor(mod / 60)).padStart(2, '0')}:${String(mod % 60).padStart(2, '0')}:00Z`;
  };

  it.each([
    ['plain week: Monday 10:00 → end of Thursday', '2026-03-02T02:00:00Z', 3, '2026-03-05'],
    ['received Friday', at('2026-03-06', '10:00'), 3, '2026-03-11'],
    ['received Saturday: counting starts Monday', at('2026-03-07', '10:00'), 3, '2026-03-11'],
    ['received Sunday, n = 1', at('2026-03-08', '09:00'), 1, '2026-03-09'],
    ['23:30 local is still Monday', '2026-03-02T15:30:00Z', 3, '2026-03-05'],
    ['00:10 local Tuesday is the previous UTC day', '2026-03-02T16:10:00Z', 3, '2026-03-06'],
    ['Spring Festival: Thursday before, via make-up Saturday 02-14', at('2026-02-12', '10:00'), 3, '2026-02-24'],
    ['Spring Festival: Friday before', at('2026-02-13', '17:00'), 3, '2026-02-25'],
    ['Spring Festival: received during the holiday', at('2026-02-16', '10:00'), 3, '2026-02-26'],
    ['make-up Saturday 02-28 counts', at('2026-02-25', '10:00'), 3, '2026-02-28'],
    ['make-up Saturday 10-10 counts', at('2026-10-08', '10:00'), 3, '2026-10-12'],
    ['received on 元旦 00:30 local, make-up Sunday 01-04 counts', '2025-12-31T16:30:00Z', 3, '2026-01-06'],
    ['into a provisional year', at('2026-12-30', '10:00'), 3, '2027-01-05'],
    ['provisional 2027 Spring Festival (02-05..08)', at('2027-02-04', '10:00'), 3, '2027-02-11'],
  ])('%s', (_, received, n, dueDate) => {
    const due = workingDayDeadline(received, n, cal);
    expect(due).toEqual({
      dueDate,
      lastDayStartsAt: startOfLocalDay(dueDate),
      dueAt: startOfLocalDay(addCalendarDays(dueDate, 1)),
    });
    expect(due.dueAt).toBe(`${dueDate}T16:00:00.000Z`);
  });

  it('gives the reminder and end instants of the plain-week case literally', () => {
    expect(workingDayDeadline('2026-03-02T02:00:00Z', 3, cal)).toEqual({
      dueAt: '2026-03-05T16:00:00.000Z',
      lastDayStartsAt: '2026-03-04T16:00:00.000Z',
      dueDate: '2026-03-05',
    });
  });

  it('throws when counting runs into an unknown year', () => {
    expect(() => workingDayDeadline(at('2027-12-30', '10:00'), 3, cal)).toThrow(RangeError);
    expect(() => workingDayDeadline(at('2027-12-30', '10:00'), 3, cal)).toThrow(/2028/);
    const only2026 = new WorkingCalendar(shippedCalendar(2026, 2026));
    expect(() => workingDayDeadline(at('2026-12-30', '10:00'), 3, only2026)).toThrow(RangeError);
    expect(workingDayDeadline(at('2026-12-30', '10:00'), 1, only2026).dueDate).toBe('2026-12-31');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses n = %p', (n) => {
    expect(() => workingDayDeadline('2026-03-02T02:00:00Z', n, cal)).toThrow(RangeError);
  });
});

describe('cooling-off period (Civil Code Art. 201 and 203) and the revisit deadline', () => {
  const cal = new WorkingCalendar(shippedCalendar(2025, 2026));

  it('counts from the day after receipt and ends at the end of its last day when that is a working day', () => {
    // Signed Monday 2025-11-03: day 1 is 11-04, day 15 is Tuesday 11-18; the period ends at local midnight after it.
    expect(coolingOffPeriod('2025-11-03', 15, cal)).toEqual({
      lastDay: '2025-11-18',
      endsAt: '2025-11-18T16:00:00.000Z',
    });
  });

  it('a last day in the National Day week ends at the end of the first working day after it (Art. 203)', () => {
    // Signed 2025-09-17: the 15th day is 2025-10-02, inside the 10-01..10-08 holiday; 10-09 is the first working day.
    expect(coolingOffPeriod('2025-09-17', 15, cal)).toEqual({
      lastDay: '2025-10-09',
      endsAt: '2025-10-09T16:00:00.000Z',
    });
  });

  it('a last day on a weekend moves to the Monday; a make-up working Saturday is a working day', () => {
    expect(coolingOffPeriod('2025-11-01', 15, cal).lastDay).toBe('2025-11-17'); // day 15 is Sunday 11-16
    // 2025-10-11 is a Saturday declared working (调休): a period whose last day it is ends on it.
    expect(coolingOffPeriod('2025-09-26', 15, cal).lastDay).toBe('2025-10-11');
  });

  it('the revisit margin counts working days back from the last day, so the deadline ends a working day', () => {
    // Two working days before 2025-10-09 (the holiday week does not count): 09-30, then 09-29; end of 09-29.
    expect(endOfWorkingDayBefore('2025-10-09', 2, cal)).toBe('2025-09-29T16:00:00.000Z');
    // Before Tuesday 2025-11-18: Monday 11-17, then Friday 11-14 (the weekend does not count).
    expect(endOfWorkingDayBefore('2025-11-18', 2, cal)).toBe('2025-11-14T16:00:00.000Z');
    expect(endOfWorkingDayBefore('2025-11-18', 0, cal)).toBe('2025-11-18T16:00:00.000Z');
  });

  it('refuses a period reaching a year whose schedule is unknown, and bad counts', () => {
    expect(() => coolingOffPeriod('2026-12-25', 15, cal)).toThrow(/2027.*unknown/);
    expect(() => coolingOffPeriod('2025-11-03', 0, cal)).toThrow(RangeError);
    expect(() => endOfWorkingDayBefore('2025-11-18', -1, cal)).toThrow(RangeError);
  });
});

describe('branchToday', () => {
  it('is the date in Asia/Shanghai (UTC+8), written YYYY-MM-DD', () => {
    expect(branchToday(new Date('2026-11-19T15:59:59.999Z'))).toBe('2026-11-19');
    expect(branchToday(new Date('2026-11-19T16:00:00.000Z'))).toBe('2026-11-20');
    expect(branchToday(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027-01-01');
    expect(branchToday(new Date('2024-02-28T20:00:00.000Z'))).toBe('2024-02-29');
  });

  it('defaults to now', () => {
    expect(branchToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
