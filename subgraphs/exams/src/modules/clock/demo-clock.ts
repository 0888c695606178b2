import { localTime, type RuleCatalog } from '@zsb/rules';

const ZONE_NAMES: Record<string, string> = { 'Asia/Shanghai': '北京时间' };

/** The sentence every page shows on a simulated clock: 演示环境：当前时间按 2023年3月31日 10:05（北京时间）计算. */
export function clockMessage(now: Date, timeZone: string): string {
  const { date, minutes } = localTime(now, timeZone);
  const [y, m, d] = date.split('-').map(Number);
  const hh = Math.floor(minutes / 60);
  const mm = String(minutes % 60).padStart(2, '0');
  return `演示环境：当前时间按 ${y}年${m}月${d}日 ${hh}:${mm}（${ZONE_NAMES[timeZone] ?? timeZone}）计算，报名时间以此为准。`;
}

/** The instant a local date and time of a time zone names (zones with offsets that change are found by correcting once). */
export function instantAt(date: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = hhmm.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, h, min);
  const seen = localTime(new Date(guess), timeZone);
  const [sy, sm, sd] = seen.date.split('-').map(Number);
  const offset = Date.UTC(sy, sm - 1, sd, Math.floor(seen.minutes / 60), seen.minutes % 60) - guess;
  return new Date(guess - offset);
}

/**
 * Where a province's demonstration clock starts (`ZSB_CLOCK=demo`): 10:00 on the first day of the registration window
 * of its newest rule set, in the rule set's time zone, so a development instance can walk through registration
 * whatever the real date. Read from the rules, never written per province in code.
 */
export function demoStart(rules: RuleCatalog): (province: string) => Date | undefined {
  return (province) => {
    const set = rules
      .all()
      .filter((s) => s.manifest.province === province)
      .sort((a, b) => b.manifest.examYear - a.manifest.examYear)[0];
    const window = set?.parameters.windows[set.flow.window];
    return window ? instantAt(window.from, '10:00', set.parameters.timeZone) : undefined;
  };
}
