import { describe, expect, it } from 'vitest';
import { beijingDate, compactTime, dashedTime, isCalendarDate, parseCompactTime, parseDashedTime } from './beijing-time.ts';

describe('times as the channels write them (Beijing time, whatever the server’s zone)', () => {
  const instant = new Date('2026-11-21T16:30:05Z');

  it('writes an instant in Beijing time, across the date line', () => {
    expect(compactTime(instant)).toBe('20261122003005');
    expect(dashedTime(instant)).toBe('2026-11-22 00:30:05');
    expect(beijingDate(instant)).toBe('2026-11-22');
  });

  it('reads both shapes back to the same instant', () => {
    expect(parseCompactTime('20261122003005')).toEqual(instant);
    expect(parseDashedTime('2026-11-22 00:30:05')).toEqual(instant);
  });

  it('refuses times that do not exist or are shaped otherwise', () => {
    for (const text of ['20260230120000', '20261322003005', '2026112200300', '2026-11-22T00:30:05']) expect(parseCompactTime(text), text).toBeUndefined();
    expect(parseDashedTime('2026-02-29 00:00:00')).toBeUndefined();
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
  });
});
