import { I18n, Lunar } from 'lunar-javascript';
import type { CalendarOverride } from './working-calendar';

/** The 2025 revision of 《全国年节及纪念日放假办法》 (国务院令第798号) is in force from 2025-01-01; earlier years had other rules. */
export const PROVISIONAL_FIRST_YEAR = 2025;
/** Far enough ahead for any case; past this a guessed calendar is worth nothing. */
export const PROVISIONAL_LAST_YEAR = 2100;

/**
 * The statutory days off of `year` under the 2025 rules, for a year whose State Council schedule
 * (国务院办公厅 节假日安排通知) is not published yet. Lunar dates and the Qingming solar term come from lunar-javascript.
 *
 * Only the statutory days themselves: the State Council's 调休 (bridging days off and the weekend days declared
 * working to pay for them) and the 补假 for a holiday falling on a weekend cannot be predicted, so none are added.
 * A provisional deadline can therefore be off by a day or two; the admin loads the published schedule to replace it.
 */
export function provisionalYear(year: number): CalendarOverride[] {
  if (!Number.isInteger(year) || year < PROVISIONAL_FIRST_YEAR || year > PROVISIONAL_LAST_YEAR) {
    throw new RangeError(`provisional calendar covers ${PROVISIONAL_FIRST_YEAR}–${PROVISIONAL_LAST_YEAR}, not ${year}`);
  }
  const springFestival = Lunar.fromYmd(year, 1, 1).getSolar(); // 正月初一 of the lunar year starting in `year`
  // Looked up by the current I18n name, so a caller switching lunar-javascript's language does not break it.
  const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()[I18n.getMessage('jq.qingMing')];
  if (qingming === undefined || qingming.getYear() !== year)
    throw new Error(`no Qingming solar term found for ${year}`);

  const days: Array<[date: string, name: string]> = [
    [`${year}-01-01`, '元旦'],
    [springFestival.next(-1).toYmd(), '春节'], // 除夕
    [springFestival.toYmd(), '春节'],
    [springFestival.next(1).toYmd(), '春节'],
    [springFestival.next(2).toYmd(), '春节'],
    [qingming.toYmd(), '清明'],
    [`${year}-05-01`, '劳动节'],
    [`${year}-05-02`, '劳动节'],
    [Lunar.fromYmd(year, 5, 5).getSolar().toYmd(), '端午'], // month 5, not a leap 5th month (that would be -5)
    [Lunar.fromYmd(year, 8, 15).getSolar().toYmd(), '中秋'],
    [`${year}-10-01`, '国庆节'],
    [`${year}-10-02`, '国庆节'],
    [`${year}-10-03`, '国庆节'],
  ];

  // 中秋 can fall on 1–3 October (2028, 2031): one entry per date, both names kept.
  const names = new Map<string, string>();
  for (const [date, name] of days) {
    const before = names.get(date);
    names.set(date, before === undefined || before === name ? name : `${before}、${name}`);
  }
  return [...names.keys()].sort().map((date) => ({
    date,
    kind: 'holiday' as const,
    name: names.get(date) ?? null,
    source: 'provisional' as const,
  }));
}
