/**
 * Numbers as speech recognisers write them: Arabic digits, Chinese numerals read digit by digit
 * (一三八…, with 幺 for 一 and 洞 for 〇 as phone numbers are read aloud, 拐 for 七 and 勾 for 九 in the
 * radio reading), positional readings (二十三, 两千零三) and mixtures of all of them.
 */

/** One spoken digit: Arabic, Chinese, financial (大写) or the radio reading. */
export const DIGIT_OF: Readonly<Record<string, string>> = {
  '0': '0', '1': '1', '2': '2', '3': '3', '4': '4', '5': '5', '6': '6', '7': '7', '8': '8', '9': '9',
  零: '0', 〇: '0', '○': '0', 洞: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 贰: '2', 三: '3', 叁: '3',
  四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 拐: '7', 柒: '7', 八: '8', 捌: '8', 九: '9',
  勾: '9', 玖: '9',
};

/** Readings of the ID number's check character X, longest first. */
const CHECK_X = ['艾克斯', '爱克斯', '埃克斯', '艾克思', 'X', 'x', '叉', '×'];

/** Between two digits of one number: a pause, a dash, a comma the recogniser put in. */
const GROUP_SEPARATORS = new Set([' ', '-', '－', '—', '杠', '、', ',', '，', '.', '·']);

/** Digit characters of the radio reading, which count only next to other digits (拐角, 勾选 are words). */
const RADIO_ONLY = new Set(['拐', '勾', '洞']);

export interface DigitGroup {
  digits: string;
  /** Offsets in the text read, end exclusive. */
  start: number;
  end: number;
  /** Where each digit's reading ends (三个八 gives three digits ending at the same place). */
  ends: number[];
}

export interface DigitRun {
  /** Groups as spoken, split where the speaker paused or the recogniser put a separator. */
  groups: DigitGroup[];
  /** All digits of the run; a trailing X when the run ended with a reading of the check character. */
  digits: string;
  start: number;
  end: number;
}

function isDigitAt(text: string, i: number): boolean {
  return DIGIT_OF[text[i]] !== undefined;
}

/** `N个D` (三个八 = 888) inside a digit reading: returns the digits and the length read. */
function repeatAt(text: string, i: number): { digits: string; length: number } | undefined {
  const count = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 }[text[i] as '两'];
  if (!count || text[i + 1] !== '个' || !isDigitAt(text, i + 2)) return undefined;
  return { digits: DIGIT_OF[text[i + 2]].repeat(count), length: 3 };
}

function checkXAt(text: string, i: number): number {
  for (const reading of CHECK_X) if (text.startsWith(reading, i)) return reading.length;
  return 0;
}

/**
 * The digit-by-digit reading starting at `start`: digits in groups, separated by at most one separator (a pause,
 * dash or comma) between groups, and a check character X only as the last thing read. Positional words (十, 百)
 * end the run, so 二十三 is not read as digits. Returns undefined when no digit starts at `start`.
 */
export function readDigitRun(text: string, start: number): DigitRun | undefined {
  const groups: DigitGroup[] = [];
  let i = start;
  let current: DigitGroup | undefined;
  const close = () => {
    if (current && current.digits) groups.push(current);
    current = undefined;
  };
  while (i < text.length) {
    const repeat = repeatAt(text, i);
    if (repeat) {
      current ??= { digits: '', start: i, end: i, ends: [] };
      current.digits += repeat.digits;
      i += repeat.length;
      current.end = i;
      for (const _ of repeat.digits) current.ends.push(i);
      continue;
    }
    if (isDigitAt(text, i)) {
      current ??= { digits: '', start: i, end: i, ends: [] };
      current.digits += DIGIT_OF[text[i]];
      i++;
      current.end = i;
      current.ends.push(i);
      continue;
    }
    const x = current ? checkXAt(text, i) : 0;
    if (x) {
      current!.digits += 'X';
      i += x;
      current!.end = i;
      current!.ends.push(i);
      close();
      break;
    }
    if (current && GROUP_SEPARATORS.has(text[i])) {
      // One separator (or a run of spaces) between groups; anything else after it ends the run.
      let j = i;
      while (j < text.length && GROUP_SEPARATORS.has(text[j]) && j - i < 3) j++;
      if (j < text.length && (isDigitAt(text, j) || repeatAt(text, j)) && !startsPositional(text, j)) {
        close();
        i = j;
        continue;
      }
    }
    break;
  }
  close();
  if (!groups.length) return undefined;
  // A radio-reading character alone is a word (拐角, 洞口), not a number.
  if (groups.length === 1 && groups[0].digits.length === 1 && RADIO_ONLY.has(text[groups[0].start])) return undefined;
  // A run that ran into a positional word (二十) was the start of a positional number, not digits.
  const last = groups[groups.length - 1];
  if (POSITIONAL_UNITS[text[last.end]] !== undefined && !/[0-9]/.test(text[last.end - 1] ?? '')) {
    if (groups.length === 1 && last.digits.length === 1) return undefined;
  }
  return { groups, digits: groups.map((g) => g.digits).join(''), start: groups[0].start, end: last.end };
}

const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const POSITIONAL_UNITS: Readonly<Record<string, number>> = { ...SMALL_UNITS, 万: 10_000, 萬: 10_000 };

function startsPositional(text: string, i: number): boolean {
  return (isDigitAt(text, i) && POSITIONAL_UNITS[text[i + 1]] !== undefined) || SMALL_UNITS[text[i]] !== undefined;
}

export interface PositionalNumber {
  value: number;
  start: number;
  end: number;
}

/**
 * A positional reading starting at `start`: 十二, 二十三, 一百零五, 两千零三, 三万五千, and Arabic digits with units
 * (3千). Also plain Arabic numbers (12). Returns undefined when nothing numeric starts there.
 */
export function readPositional(text: string, start: number): PositionalNumber | undefined {
  let i = start;
  if (/[0-9]/.test(text[i] ?? '')) {
    let j = i;
    while (/[0-9]/.test(text[j] ?? '')) j++;
    if (POSITIONAL_UNITS[text[j]] === undefined) return { value: Number(text.slice(i, j)), start, end: j };
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let read = false;
  let afterUnit = false;
  while (i < text.length) {
    const ch = text[i];
    if (/[0-9]/.test(ch)) {
      let j = i;
      while (/[0-9]/.test(text[j] ?? '')) j++;
      if (digit !== undefined) break;
      digit = Number(text.slice(i, j));
      i = j;
      read = true;
      afterUnit = false;
      continue;
    }
    const d = DIGIT_OF[ch];
    if (d !== undefined && !RADIO_ONLY.has(ch) && ch !== '幺') {
      if (d === '0') {
        // 零 only marks a skipped place after a unit (一百零五); after a digit it is a digit-by-digit reading.
        if (!afterUnit) break;
      } else {
        if (digit !== undefined) break; // two digits in a row: a digit-by-digit reading, not positional
        digit = Number(d);
      }
      i++;
      read = true;
      afterUnit = false;
      continue;
    }
    const unit = SMALL_UNITS[ch];
    if (unit) {
      section += (digit ?? 1) * unit;
      digit = undefined;
      i++;
      read = true;
      afterUnit = true;
      continue;
    }
    if (ch === '万' || ch === '萬') {
      if (!read) break;
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
      i++;
      afterUnit = true;
      continue;
    }
    break;
  }
  if (!read) return undefined;
  return { value: total + section + (digit ?? 0), start, end: i };
}

/** A number as spoken, either reading: 二零零三 → 2003, 两千零三 → 2003, 十二 → 12, 05 → 5. */
export function readNumber(text: string, start: number): PositionalNumber | undefined {
  const positional = readPositional(text, start);
  const run = readDigitRun(text, start);
  const group = run?.groups[0];
  if (group && group.digits.length >= 2 && !group.digits.includes('X') && (!positional || group.end >= positional.end)) {
    return { value: Number(group.digits), start, end: group.end };
  }
  return positional;
}

/** Replaces each spoken digit with its Arabic digit, leaving everything else (for addresses: 五零一室 → 501室). */
export function digitsOf(text: string): string {
  let out = '';
  for (const ch of text) out += DIGIT_OF[ch] ?? ch;
  return out;
}
