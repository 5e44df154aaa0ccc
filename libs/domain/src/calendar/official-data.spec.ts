import { isWorkday as secondSourceIsWorkday } from 'chinese-workday';
import {
  OFFICIAL_SOURCE,
  WorkingCalendar,
  addCalendarDays,
  officialYear,
  officialYears,
  shippedCalendar,
} from './working-calendar';

/**
 * The shipped schedule (chinese-days 1.5.7) against a second source, chinese-workday 1.16.1 (data 2011–2026).
 * Every day they disagree on is listed here with what the State Council notice says; the shipped data must match it.
 */
const DISAGREEMENTS: ReadonlyArray<[date: string, working: boolean, evidence: string]> = [
  ['2011-01-29', false, '国办发明电〔2010〕40号: 春节 make-up days are 1月30日（星期日）、2月12日（星期六）'],
  ['2011-02-12', true, '国办发明电〔2010〕40号: 2月12日（星期六）上班'],
  ['2011-04-02', true, '国办发明电〔2010〕40号: 清明 4月2日（星期六）上班'],
  ['2011-12-31', true, '国办发明电〔2011〕45号: 2011年12月31日（星期六）上班'],
  ['2012-01-29', true, '国办发明电〔2011〕45号: 1月21日（星期六）、1月29日（星期日）上班'],
  ['2012-03-31', true, '国办发明电〔2011〕45号: 清明 3月31日（星期六）、4月1日（星期日）上班'],
  ['2012-04-01', true, '国办发明电〔2011〕45号: 清明 3月31日（星期六）、4月1日（星期日）上班'],
  ['2012-04-28', true, '国办发明电〔2011〕45号: 劳动节 4月28日（星期六）上班'],
  ['2012-09-30', false, '国办发明电〔2011〕45号: 中秋、国庆 9月30日至10月7日放假'],
  ['2012-10-08', true, '国办发明电〔2011〕45号: the break ends 10月7日; 10-08 is an ordinary Monday'],
  ['2013-04-07', true, '国办发明电〔2012〕33号: 清明 4月7日（星期日）上班'],
  ['2013-04-27', true, '国办发明电〔2012〕33号: 劳动节 4月27日（星期六）、4月28日（星期日）上班'],
  ['2013-04-28', true, '国办发明电〔2012〕33号: 劳动节 4月27日（星期六）、4月28日（星期日）上班'],
  ['2013-06-08', true, '国办发明电〔2012〕33号: 端午 6月8日（星期六）、6月9日（星期日）上班'],
  ['2013-06-09', true, '国办发明电〔2012〕33号: 端午 6月8日（星期六）、6月9日（星期日）上班'],
  ['2013-10-12', true, '国办发明电〔2012〕33号: 国庆 9月29日（星期日）、10月12日（星期六）上班'],
  ['2013-12-29', false, '2014 schedule: 元旦 1月1日放假1天, no make-up day'],
  ['2014-06-03', true, '2014 schedule: 端午 6月2日放假，与周末连休 (one day only)'],
  ['2014-06-04', true, '2014 schedule: 端午 6月2日放假，与周末连休 (one day only)'],
  ['2014-09-09', true, '2014 schedule: 中秋 9月8日放假，与周末连休 (one day only)'],
  ['2014-09-10', true, '2014 schedule: 中秋 9月8日放假，与周末连休 (one day only)'],
  ['2014-10-11', true, '2014 schedule: 国庆 9月28日（星期日）、10月11日（星期六）上班'],
  ['2015-09-03', false, '2015 抗战胜利70周年纪念日: 9月3日至5日调休放假'],
  ['2015-09-04', false, '2015 抗战胜利70周年纪念日: 9月3日至5日调休放假'],
  ['2018-01-01', false, '元旦 is a statutory holiday (2018: 1月1日放假，与周末连休)'],
  ['2020-01-31', false, '国办发明电〔2020〕1号 extended 春节 to 2月2日'],
  ['2020-02-01', false, '国办发明电〔2020〕1号 extended 春节 to 2月2日, cancelling the 2月1日 make-up day'],
  ['2023-01-03', true, '2023 schedule: 元旦 2022年12月31日至2023年1月2日放假调休'],
];

const FIRST_SHARED_YEAR = 2011;
const LAST_SHARED_YEAR = 2026;

describe('shipped official data', () => {
  const cal = new WorkingCalendar(shippedCalendar(2004, 2026));

  it('covers 2004–2026 from chinese-days', () => {
    expect(officialYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(OFFICIAL_SOURCE).toBe('chinese-days 1.5.7 (MIT)');
    expect(officialYears().every((y) => cal.yearStatus(y) === 'official')).toBe(true);
  });

  it(`agrees with chinese-workday on every day of ${FIRST_SHARED_YEAR}–${LAST_SHARED_YEAR} except the known, checked ones`, () => {
    const found: Array<[string, boolean]> = [];
    for (
      let date = `${FIRST_SHARED_YEAR}-01-01`;
      date <= `${LAST_SHARED_YEAR}-12-31`;
      date = addCalendarDays(date, 1)
    ) {
      const ours = cal.isWorkingDay(date);
      if (ours !== secondSourceIsWorkday(date)) found.push([date, ours]);
    }
    expect(found).toEqual(DISAGREEMENTS.map(([date, working]) => [date, working]));
  });

  it('2026 matches 国办发明电〔2025〕7号', () => {
    const days = officialYear(2026);
    const holidays = days.filter((d) => d.kind === 'holiday').map((d) => d.date);
    const workdays = days.filter((d) => d.kind === 'workday').map((d) => `${d.date} ${d.name ?? ''}`);
    const springFestival = Array.from({ length: 9 }, (_, i) => addCalendarDays('2026-02-15', i));
    expect(holidays).toEqual(expect.arrayContaining(springFestival));
    expect(holidays).not.toContain('2026-02-14');
    expect(holidays).not.toContain('2026-02-24');
    expect(workdays).toEqual([
      '2026-01-04 元旦',
      '2026-02-14 春节',
      '2026-02-28 春节',
      '2026-05-09 劳动节',
      '2026-09-20 国庆节',
      '2026-10-10 国庆节',
    ]);
    expect(holidays).toHaveLength(33);
  });

  it('keeps the erratum for 2005-12-31 (make-up Saturday for the 2006 元旦, 国办发明电〔2005〕35号)', () => {
    expect(cal.isWorkingDay('2005-12-31')).toBe(true);
  });

  it('no date is both a holiday and a make-up workday, and make-up workdays are weekend days', () => {
    for (const year of officialYears()) {
      const days = officialYear(year);
      expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
      for (const d of days.filter((x) => x.kind === 'workday')) {
        expect(new WorkingCalendar({ overrides: {}, years: {} }).isWorkingDay(d.date)).toBe(false);
      }
    }
  });
});
