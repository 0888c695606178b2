import type { RuleSet, Window } from './types.ts';

/** A moment as a rule set's time zone reads it. */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Recent answers: a plan reads every window at the same instant, and formatting one costs more than the plan's logic. */
const recent = new Map<string, LocalTime>();

/** The local date and time of an instant in a time zone (IANA name). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const key = `${timeZone}|${instant.getTime()}`;
  const known = recent.get(key);
  if (known) return known;
  const local = formatLocalTime(instant, timeZone);
  if (recent.size >= 256) recent.clear();
  recent.set(key, local);
  return local;
}

function formatLocalTime(instant: Date, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The local date of an instant in a time zone: what "today" is for a rule set. */
export function localDate(instant: Date, timeZone: string): string {
  return localTime(instant, timeZone).date;
}

const ZONE_NAMES: Record<string, string> = { 'Asia/Shanghai': '北京时间' };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function chineseDate(date: string, after?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!after) return `${y}年${m}月${d}日`;
  const [py, pm] = after.split('-').map(Number);
  if (py !== y) return `${y}年${m}月${d}日`;
  return pm === m ? `${d}日` : `${m}月${d}日`;
}

function clock(hhmm: string): string {
  return hhmm.replace(/^0(\d)/, '$1');
}

const described = new WeakMap<Window, Map<string, string>>();

/** A window's dates and hours as candidates read them: 2023年4月12日至14日，每天9:00至17:00（北京时间）. */
export function describeWindow(window: Window, timeZone: string): string {
  let byZone = described.get(window);
  if (!byZone) described.set(window, (byZone = new Map()));
  let text = byZone.get(timeZone);
  if (text === undefined) byZone.set(timeZone, (text = formatWindow(window, timeZone)));
  return text;
}

function formatWindow(window: Window, timeZone: string): string {
  const dates = window.from === window.until ? chineseDate(window.from) : `${chineseDate(window.from)}至${chineseDate(window.until, window.from)}`;
  const hours = window.dailyHours ? `，每天${clock(window.dailyHours.from)}至${clock(window.dailyHours.until)}` : '';
  return `${dates}${hours}（${ZONE_NAMES[timeZone] ?? timeZone}）`;
}

export type WindowState = 'OPEN' | 'NOT_YET_OPEN' | 'CLOSED' | 'OUTSIDE_DAILY_HOURS';

/** Whether a window is open at an instant, and the message that says so, naming the window and its dates and hours. */
export interface WindowStatus {
  /** The window's key in parameters.json, e.g. `payment`. */
  window: string;
  /** Its name, e.g. 网上缴费. */
  name: string;
  state: WindowState;
  open: boolean;
  /** Dates and hours in the rule set's time zone, e.g. 2023年4月12日至14日，每天9:00至17:00（北京时间）. */
  period: string;
  /** Chinese, for candidates: why the action is refused, or when the window runs. */
  message: string;
  from: string;
  until: string;
  dailyHours?: { from: string; until: string };
}

/**
 * Whether a window of a rule set is open at an instant. Dates are inclusive and daily hours run from their opening
 * minute up to (not including) their closing minute, both read in the rule set's time zone.
 */
export function windowStatus(ruleSet: RuleSet, code: string, now: Date): WindowStatus {
  const window = ruleSet.parameters.windows[code];
  if (!window) throw new Error(`${ruleSet.id} has no window "${code}" (windows: ${Object.keys(ruleSet.parameters.windows).join(', ')})`);
  const zone = ruleSet.parameters.timeZone;
  const local = localTime(now, zone);
  const period = describeWindow(window, zone);
  let state: WindowState = 'OPEN';
  if (local.date < window.from) state = 'NOT_YET_OPEN';
  else if (local.date > window.until) state = 'CLOSED';
  else if (window.dailyHours) {
    const opens = minutesOf(window.dailyHours.from);
    const closes = minutesOf(window.dailyHours.until);
    if (local.minutes < opens || local.minutes >= closes) {
      // Past the last day's closing hour the window is over, not merely shut for the night.
      state = local.date === window.until && local.minutes >= closes ? 'CLOSED' : 'OUTSIDE_DAILY_HOURS';
    }
  }
  const name = window.name;
  const message = {
    OPEN: `${name}时间为${period}。`,
    NOT_YET_OPEN: `${name}尚未开始，${name}时间为${period}。`,
    CLOSED: `${name}已结束，${name}时间为${period}。`,
    OUTSIDE_DAILY_HOURS: `现在不在${name}时间内，${name}时间为${period}。`,
  }[state];
  return { window: code, name, state, open: state === 'OPEN', period, message, from: window.from, until: window.until, dailyHours: window.dailyHours };
}
