/** The slice of lunar-javascript 1.7.7 (which ships no types) that provisional.ts uses. */
declare module 'lunar-javascript' {
  export interface Solar {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    /** YYYY-MM-DD */
    toYmd(): string;
    /** The date `days` days later (negative: earlier). */
    next(days: number): Solar;
  }

  export interface Lunar {
    getSolar(): Solar;
    /** Solar terms around this lunar year, keyed by name in the current I18n language. */
    getJieQiTable(): Record<string, Solar>;
  }

  export const Solar: {
    fromYmd(year: number, month: number, day: number): Solar;
  };

  export const Lunar: {
    /** Lunar year, month (1–12; negative = leap month), day. */
    fromYmd(year: number, month: number, day: number): Lunar;
  };

  export const I18n: {
    /** e.g. 'jq.qingMing' → '清明' in the default language. */
    getMessage(key: string): string;
  };
}
