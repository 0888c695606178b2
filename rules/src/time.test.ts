import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { describeWindow, localTime, windowStatus } from './time.ts';

const shandong = () => RuleCatalog.load().get('CN-SD', 2023)!;

describe('windows in the rule set time zone', () => {
  it('local time is read in the zone asked, whatever the machine zone', () => {
    expect(localTime(new Date('2023-04-04T16:10:00Z'), 'Asia/Shanghai')).toEqual({ date: '2023-04-05', minutes: 10 });
  });

  it('payment runs 12 to 14 April, 9:00 up to 17:00 Beijing time, and each refusal names the window and its dates and hours', () => {
    const set = shandong();
    const at = (iso: string) => windowStatus(set, 'payment', new Date(iso));
    expect(at('2023-04-11T23:59:00+08:00')).toMatchObject({ state: 'NOT_YET_OPEN', message: '网上缴费尚未开始，网上缴费时间为2023年4月12日至14日，每天9:00至17:00（北京时间）。' });
    expect(at('2023-04-12T08:59:00+08:00')).toMatchObject({ state: 'OUTSIDE_DAILY_HOURS', message: '现在不在网上缴费时间内，网上缴费时间为2023年4月12日至14日，每天9:00至17:00（北京时间）。' });
    expect(at('2023-04-12T09:00:00+08:00')).toMatchObject({ state: 'OPEN', open: true });
    expect(at('2023-04-13T16:59:00+08:00').open).toBe(true);
    expect(at('2023-04-13T17:00:00+08:00').state).toBe('OUTSIDE_DAILY_HOURS');
    // Past the last day's closing hour the window is over, not shut for the night.
    expect(at('2023-04-14T17:00:00+08:00')).toMatchObject({ state: 'CLOSED', message: '网上缴费已结束，网上缴费时间为2023年4月12日至14日，每天9:00至17:00（北京时间）。' });
    // 01:00 UTC is 09:00 in Beijing.
    expect(at('2023-04-12T01:00:00Z').open).toBe(true);
  });

  it('registration days are Beijing days: open at 00:30 on 31 March and closed at 00:10 on 5 April, whatever the UTC date says', () => {
    const set = shandong();
    expect(windowStatus(set, 'registration', new Date('2023-03-30T16:30:00Z')).state).toBe('OPEN');
    expect(windowStatus(set, 'registration', new Date('2023-04-04T16:10:00Z'))).toMatchObject({ state: 'CLOSED', message: '报名已结束，报名时间为2023年3月31日至4月4日（北京时间）。' });
  });

  it('dates spanning years are written in full, and a window the rule set lacks is a programming error', () => {
    expect(describeWindow({ name: '报名', from: '2026-12-30', until: '2027-01-02', reference: { document: 'x' } }, 'Asia/Shanghai')).toBe('2026年12月30日至2027年1月2日（北京时间）');
    expect(() => windowStatus(shandong(), 'lunch', new Date())).toThrow(/no window "lunch"/);
  });
});
