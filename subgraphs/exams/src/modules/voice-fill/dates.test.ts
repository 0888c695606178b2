import { describe, expect, it } from 'vitest';
import { centuryOf, displayDate, isRealDate, readCompactDate, readDate, readYear } from './dates.ts';

const today = new Date('2026-03-03T00:00:00Z');
const date = (text: string) => readDate(text, 0, today);

describe('dates as they are said', () => {
  it('reads every way a birth date is said or written', () => {
    for (const text of ['二零零三年五月六日', '2003年5月6日', '两千零三年五月六号', '2003.5.6', '2003-05-06', '2003/5/6', '2003 年 5 月 6 日', '二〇〇三年五月六日']) {
      expect(date(text), text).toMatchObject({ iso: '2003-05-06', twoDigitYear: false });
    }
  });

  it('reads tens in months and days: 十二月二十一日, 十月三十号', () => {
    expect(date('二零零二年十二月二十一日')?.iso).toBe('2002-12-21');
    expect(date('二零零二年十月三十号')?.iso).toBe('2002-10-30');
  });

  it('supplies the century of a two-digit year and says so', () => {
    expect(date('〇三年五月六号')).toMatchObject({ iso: '2003-05-06', twoDigitYear: true });
    expect(date('九八年八月八号')).toMatchObject({ iso: '1998-08-08', twoDigitYear: true });
    expect(centuryOf(26, today)).toBe(2026);
    expect(centuryOf(27, today)).toBe(1927);
  });

  it('refuses days that do not exist', () => {
    expect(date('二零零三年二月三十日')).toBeUndefined();
    expect(date('2003年2月29日')).toBeUndefined();
    expect(date('2004年2月29日')?.iso).toBe('2004-02-29');
    expect(date('2003.13.1')).toBeUndefined();
    expect(isRealDate(2003, 4, 31)).toBe(false);
  });

  it('does not take an address number for a day: 3号楼 has no month, 5月6号楼 is a building', () => {
    expect(date('3号楼')).toBeUndefined();
    expect(date('2003年5月6号楼')).toBeUndefined();
  });

  it('reads a year before 年, and alone only where asked', () => {
    expect(readYear('2026年毕业', 0, today)).toMatchObject({ year: 2026, end: 5 });
    expect(readYear('二零二六', 0, today)).toBeUndefined();
    expect(readYear('二零二六', 0, today, false)).toMatchObject({ year: 2026 });
    expect(readYear('26', 0, today, false)).toBeUndefined();
  });

  it('reads eight digits as a date only when they make one', () => {
    expect(readCompactDate('20030506')).toBe('2003-05-06');
    expect(readCompactDate('20030230')).toBeUndefined();
    expect(readCompactDate('13812345')).toBeUndefined();
  });

  it('shows a date as the form does', () => {
    expect(displayDate('2003-05-06')).toBe('2003年5月6日');
  });
});
