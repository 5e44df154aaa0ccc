import { addCalendarDays, shippedCalendar, WorkingCalendar } from '../calendar/working-calendar';
import {
  firstWorkingDayAfter,
  isQuarter,
  parseQuarter,
  previousQuarter,
  quarterEnded,
  quarterLabelZh,
  quarterOfDate,
  reportDueOn,
} from './quarter';

const cal = new WorkingCalendar(shippedCalendar(2024, 2027));

describe('quarters in Asia/Shanghai', () => {
  it('parses 2026Q3 as [2026-07-01, 2026-10-01) local time', () => {
    expect(parseQuarter('2026Q3')).toEqual({
      id: '2026Q3',
      year: 2026,
      q: 3,
      firstDay: '2026-07-01',
      lastDay: '2026-09-30',
      endDay: '2026-10-01',
      startsAt: '2026-06-30T16:00:00.000Z',
      endsAt: '2026-09-30T16:00:00.000Z',
    });
  });

  it.each([
    ['2026Q1', '2026-01-01', '2026-03-31', '2026-04-01'],
    ['2026Q2', '2026-04-01', '2026-06-30', '2026-07-01'],
    ['2026Q4', '2026-10-01', '2026-12-31', '2027-01-01'],
    ['2024Q1', '2024-01-01', '2024-03-31', '2024-04-01'],
  ])('%s runs from %s to %s', (id, first, last, end) => {
    expect(parseQuarter(id)).toMatchObject({ firstDay: first, lastDay: last, endDay: end });
  });

  it.each(['2026Q5', '2026Q0', '2026q3', '26Q3', '2026-Q3', ' 2026Q3', '2026Q3 ', '1999Q4', '9999Q4', ''])(
    'refuses %p',
    (text) => {
      expect(() => parseQuarter(text)).toThrow(RangeError);
      expect(isQuarter(text)).toBe(false);
    },
  );

  it('finds the quarter of a date and the one before', () => {
    expect(quarterOfDate('2026-07-01')).toBe('2026Q3');
    expect(quarterOfDate('2026-09-30')).toBe('2026Q3');
    expect(quarterOfDate('2026-12-31')).toBe('2026Q4');
    expect(quarterOfDate('2027-01-01')).toBe('2027Q1');
    expect(previousQuarter('2027Q1')).toBe('2026Q4');
    expect(previousQuarter('2026Q3')).toBe('2026Q2');
    expect(() => quarterOfDate('2026-02-30')).toThrow(RangeError);
  });

  it('ends a quarter at local midnight, not UTC midnight', () => {
    expect(quarterEnded('2026Q3', new Date('2026-09-30T15:59:59.999Z'))).toBe(false); // 23:59 in Shanghai
    expect(quarterEnded('2026Q3', new Date('2026-09-30T16:00:00.000Z'))).toBe(true);
    expect(quarterEnded('2026Q4', new Date('2026-12-02T05:00:00Z'))).toBe(false);
  });

  it('labels the quarter in Chinese', () => {
    expect(quarterLabelZh('2026Q3')).toBe('2026年第三季度');
    expect(quarterLabelZh('2027Q1')).toBe('2027年第一季度');
  });
});

describe('the first working day after a quarter (mainland calendar with make-up days)', () => {
  it.each([
    // 2025Q4 ends on 2025-12-31; 1-3 January 2026 are 元旦 and Sunday 4 January is a make-up working day.
    ['2025Q4', '2026-01-04'],
    // 1 April 2026 is a Wednesday.
    ['2026Q1', '2026-04-01'],
    ['2026Q2', '2026-07-01'],
    // National Day: 1-7 October 2026 off; Thursday 8 October is the first working day.
    ['2026Q3', '2026-10-08'],
    // 2027 is provisional: 元旦 on Friday 1 January, then the weekend.
    ['2026Q4', '2027-01-04'],
  ])('after %s it is %s', (quarter, day) => {
    expect(firstWorkingDayAfter(quarter, cal)).toBe(day);
  });

  it('throws rather than guess when the year after is unknown', () => {
    expect(() => firstWorkingDayAfter('2027Q4', cal)).toThrow(/2028, whose schedule is unknown/);
  });

  it('is due for 2026Q3 from 8 October 2026, not during the National Day holiday', () => {
    const due: Record<string, string | null> = {};
    for (let day = '2026-09-28'; day <= '2026-10-12'; day = addCalendarDays(day, 1)) due[day] = reportDueOn(day, cal);
    expect(due).toEqual({
      '2026-09-28': '2026Q2',
      '2026-09-29': '2026Q2',
      '2026-09-30': '2026Q2',
      '2026-10-01': null,
      '2026-10-02': null,
      '2026-10-03': null,
      '2026-10-04': null,
      '2026-10-05': null,
      '2026-10-06': null,
      '2026-10-07': null,
      '2026-10-08': '2026Q3',
      '2026-10-09': '2026Q3',
      '2026-10-10': '2026Q3', // a make-up Saturday
      '2026-10-11': '2026Q3',
      '2026-10-12': '2026Q3',
    });
  });

  it('is due on a make-up Sunday when that is the first working day', () => {
    expect(reportDueOn('2026-01-03', cal)).toBeNull();
    expect(reportDueOn('2026-01-04', cal)).toBe('2025Q4');
  });

  it('over the whole of 2026 the due quarter changes exactly on the four first working days', () => {
    const changes: string[] = [];
    let previous: string | null = reportDueOn('2025-12-31', cal);
    for (let day = '2026-01-01'; day <= '2026-12-31'; day = addCalendarDays(day, 1)) {
      const due = reportDueOn(day, cal);
      if (due !== null && due !== previous) changes.push(`${day} ${due}`);
      previous = due;
    }
    expect(changes).toEqual(['2026-01-04 2025Q4', '2026-04-01 2026Q1', '2026-07-01 2026Q2', '2026-10-08 2026Q3']);
  });
});
