/**
 * Reads a Chinese transcript of a candidate reading out their personal information (语音识别填报) and suggests a value
 * for each field of the province's form it heard, with a confidence and the span it was heard in. Pure and
 * province-agnostic: the form's fields (codes, types, labels, options) drive it. Nothing here saves anything; the
 * candidate confirms the suggestions on the form.
 */
import { gb11643Problem } from '@zsb/platform/id-number';
import { digitsOf, DIGIT_OF, readDigitRun, readNumber, readPositional, type DigitRun } from './chinese-numbers.ts';
import { displayDate, readCompactDate, readDate, readYear } from './dates.ts';
import { fieldReadings, type FieldReading, type FormFieldSpec, type ValueKind } from './field-lexicon.ts';
import { closestOptions, optionVariants, type OptionVariant } from './options.ts';
import { HARD_BOUNDARIES, isBoundary, isHan, SOFT_BOUNDARIES, TranscriptText } from './transcript-text.ts';

export type { FormFieldSpec } from './field-lexicon.ts';

/** Where a value was heard: the transcript's own text, offsets end exclusive. */
export interface Evidence {
  text: string;
  start: number;
  end: number;
}

export interface Alternative {
  value: string;
  display: string;
  confidence: number;
}

export interface FieldSuggestion {
  /** The form field's code. */
  field: string;
  /** The value as the form stores it: an option code, YYYY-MM-DD, digits, text. */
  value: string;
  /** The value as the form shows it: the option's name, 2003年5月6日. */
  display: string;
  /** 0–1. At least 0.8: heard clearly; 0.5–0.8: check it; below 0.5: a guess, see `problem` and `alternatives`. */
  confidence: number;
  evidence: Evidence;
  /** What was heard, where it is not the value itself (满洲族 for 满族, an option that did not match). */
  heard?: string;
  /** Other values it may be, best first (the closest options to what was heard). */
  alternatives?: Alternative[];
  /** Why the confidence is low, in Chinese, for the candidate. */
  problem?: string;
  /** The speaker corrected an earlier value (不对，是…); `replaced` holds what they said before. */
  corrected?: boolean;
  replaced?: { value: string; display: string; evidence: Evidence }[];
  /** The field is read-only on the form (it comes from the account or roster): shown for checking, never applied. */
  readOnly?: boolean;
}

export interface TranscriptParse {
  /** One suggestion per field heard, in the form's order. */
  suggestions: FieldSuggestion[];
  /** Parts of the transcript that gave no value (a field with nothing usable after it, an unknown number, …). */
  unrecognised: string[];
  /** Required fields the candidate fills (not read-only, not filled by the platform) that were not heard. */
  missing: string[];
}

export interface ParseOptions {
  /** "Today", for two-digit years and birth dates in the future; defaults to now. */
  today?: Date;
}

/** Said before a correction of what was just said. Longest first. */
const CORRECTION_MARKERS = [
  '不对不对', '不是不是', '说错了', '讲错了', '念错了', '说错', '错了', '不对', '应该是', '改成', '改为', '更正一下', '更正',
  '纠正一下', '纠正', '重新说一下', '重说一下', '重新说', '重说', '重来一遍', '重来',
];
/** Start a restatement: every later value replaces the earlier ones. */
const RESTATEMENTS = new Set(['重新说一下', '重说一下', '重新说', '重说', '重来一遍', '重来']);

/** Words between a label and its value (身份证号码是…, 手机号呢为…, 分别是). Longest first. */
const CONNECTORS = ['分别是', '应该是', '的话是', '一下是', '号码是', '填的是', '写的是', '学的是', '选的是', '号码', '叫做', '填写', '的是', '就是', '是', '为', '叫', '做', '填', '写', '在', '的', '呢', ':', ' ', ',', '、'];
/** Words a clause starts with before what it means (我是济南职业学院毕业的). Longest first. */
const LEAD_INS = ['我毕业于', '我就读于', '本人是', '我现在', '我目前', '学的是', '读的是', '我是', '我在', '我的', '我叫', '本人', '目前', '现在', '来自', '学的', '读的', '就读', '所学', '我', '是', '在', '的', '从', '于', '和', '跟', '及'];
/** Clauses that carry nothing for the form. */
const IGNORABLE = /^(你好|您好|大家好|老师好|好的|好了|可以了|就这些|没有了|以上|以上就是|谢谢|谢谢老师|开始|开始录音|我要报名|要报名|报名|下面|如下|我的信息|我的个人信息|个人信息|我来说一下|我说一下|信息如下|我的信息如下|我的信息是|对|对的|嗯|是的|没错|我|一下)+$/;
const DIGIT_KINDS = new Set<ValueKind>(['idNumber', 'phone', 'postcode']);
const FREE_TEXT = new Set<ValueKind>(['personName', 'school', 'major', 'text']);
/** Where a person's name stops when nothing else ends it. */
const NAME_STOPS = ['今年', '性别', '出生', '毕业', '今天', '目前', '现在', '来自', '家住', '住在', '身份', '是', '的', '我', '岁', '男', '女', '和'];
/** The end of a school's name. */
const SCHOOL_SUFFIXES = ['大学', '学院', '学校', '分校'];
/** Marks of a place, telling an address's next clause from a new topic. */
const PLACE_MARKS = /[省市区县旗盟镇乡村路街道巷弄号楼栋幢室单元组屯苏木嘎查小区园苑院里座层]/;
/** Chinese numerals before these become digits in an address (三号楼二单元五零一室 → 3号楼2单元501室). */
const ADDRESS_NUMBER_UNITS = /^(号楼|号院|号|栋|幢|单元|室|层|楼|弄|巷|组|排|户)/;
/** Common surnames, for a name said without 我叫 at the start of a clause. */
const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
]);
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '端木', '独孤', '南宫'];

interface Found {
  value: string;
  display: string;
  confidence: number;
  start: number;
  end: number;
  /** A value of the field's own shape (digits of the right length, an option, a date), not free text. */
  strong: boolean;
  heard?: string;
  alternatives?: Alternative[];
  problem?: string;
  /** Digits of another field's shape found after this field's label (手机号和身份证号分别是…). */
  redirect?: ValueKind;
}

type Shape = ValueKind | 'option' | 'digits';

interface Mention extends Found {
  reading?: FieldReading;
  shape: Shape;
  cued: boolean;
  corrected: boolean;
  order: number;
}

interface CueEntry {
  text: string;
  readings: FieldReading[];
  prefix: boolean;
  postfix: boolean;
}

interface PendingCue {
  readings: FieldReading[];
  at: number;
  end: number;
  fulfilled: boolean;
}

/** Suggest form values from a transcript. See the module comment. */
export function parseTranscript(transcript: string, fields: readonly FormFieldSpec[], options: ParseOptions = {}): TranscriptParse {
  return new TranscriptParser(transcript, fields, options.today ?? new Date()).parse();
}

type FreeOption = { variant: OptionVariant; readings: FieldReading[] };

/** What the parser needs of a form, built once per fields array and reused for every transcript read against it. */
class FormIndex {
  readonly readings: FieldReading[];
  readonly cuesByFirst = new Map<string, CueEntry[]>();
  /** Options of every select field said without a label (汉族, 共青团员), by first character, longest first. */
  readonly freeOptionsByFirst = new Map<string, FreeOption[]>();

  constructor(fields: readonly FormFieldSpec[]) {
    this.readings = fieldReadings(fields);
    this.indexCues();
    this.indexOptions();
  }

  private indexCues(): void {
    const entries = new Map<string, CueEntry>();
    for (const reading of this.readings) {
      const add = (text: string, kind: 'prefix' | 'postfix') => {
        const key = text.toLowerCase();
        const entry = entries.get(key) ?? { text: key, readings: [], prefix: false, postfix: false };
        if (!entry.readings.includes(reading)) entry.readings.push(reading);
        entry[kind] = true;
        entries.set(key, entry);
      };
      reading.cues.forEach((c) => add(c, 'prefix'));
      reading.postCues.forEach((c) => add(c, 'postfix'));
    }
    for (const entry of entries.values()) {
      // A field whose own label is this cue goes first (户籍所在省 before the other 户籍 fields).
      entry.readings.sort((a, b) => Number(b.cues[0] === entry.text) - Number(a.cues[0] === entry.text));
      const list = this.cuesByFirst.get(entry.text[0]) ?? [];
      list.push(entry);
      this.cuesByFirst.set(entry.text[0], list);
    }
    for (const list of this.cuesByFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  }

  private indexOptions(): void {
    const byText = new Map<string, { variant: OptionVariant; readings: FieldReading[] }>();
    for (const reading of this.readings) {
      if (reading.kind !== 'select') continue;
      for (const variant of optionVariants(reading.field.options ?? [])) {
        // Short forms (汉 for 汉族, 山东 for 山东省) count only after the field's label.
        if (variant.kind === 'short' || variant.text.length < 2) continue;
        const seen = byText.get(variant.text);
        if (seen) {
          if (!seen.readings.includes(reading)) seen.readings.push(reading);
        } else byText.set(variant.text, { variant, readings: [reading] });
      }
    }
    for (const entry of [...byText.values()].sort((a, b) => b.variant.text.length - a.variant.text.length)) {
      const list = this.freeOptionsByFirst.get(entry.variant.text[0]) ?? [];
      list.push(entry);
      this.freeOptionsByFirst.set(entry.variant.text[0], list);
    }
  }
}

const FORM_INDEXES = new WeakMap<readonly FormFieldSpec[], FormIndex>();

function formIndex(fields: readonly FormFieldSpec[]): FormIndex {
  let index = FORM_INDEXES.get(fields);
  if (!index) {
    index = new FormIndex(fields);
    FORM_INDEXES.set(fields, index);
  }
  return index;
}

class TranscriptParser {
  private readonly source: TranscriptText;
  private readonly t: string;
  /** `t` with ASCII letters lower-cased (labels such as Email). */
  private readonly lower: string;
  private readonly readings: FieldReading[];
  private readonly cuesByFirst: Map<string, CueEntry[]>;
  private readonly freeOptionsByFirst: Map<string, FreeOption[]>;
  private readonly mentions: Mention[] = [];
  private readonly pendingCues: PendingCue[] = [];
  private readonly leftovers: { start: number; end: number }[] = [];
  private lastReading: FieldReading | undefined;
  private correctionPending = false;
  private restating = false;

  constructor(
    transcript: string,
    fields: readonly FormFieldSpec[],
    private readonly today: Date,
  ) {
    this.source = new TranscriptText(transcript);
    this.t = this.source.text;
    this.lower = this.t.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const index = formIndex(fields);
    this.readings = index.readings;
    this.cuesByFirst = index.cuesByFirst;
    this.freeOptionsByFirst = index.freeOptionsByFirst;
  }

  // ---- looking at one position ----

  private cueAt(i: number): CueEntry | undefined {
    for (const entry of this.cuesByFirst.get(this.lower[i]) ?? []) {
      if (this.lower.startsWith(entry.text, i)) return entry;
    }
    return undefined;
  }

  private markerAt(i: number): string | undefined {
    const marker = CORRECTION_MARKERS.find((m) => this.t.startsWith(m, i));
    if (marker) return marker;
    // 不是 followed by a pause or 是 corrects (是汉族，不是，是回族); followed by a value it negates that value.
    if (this.t.startsWith('不是', i) && (isBoundary(this.t[i + 2]) || this.t[i + 2] === '是')) return '不是';
    return undefined;
  }

  private freeOptionAt(i: number): FreeOption | undefined {
    for (const entry of this.freeOptionsByFirst.get(this.t[i]) ?? []) {
      if (this.t.startsWith(entry.variant.text, i)) return entry;
    }
    return undefined;
  }

  private skipConnectors(i: number): number {
    for (;;) {
      const connector = CONNECTORS.find((c) => this.t.startsWith(c, i));
      if (!connector) return i;
      // They stack up: 身份证号码呢是…, 地址填的是…
      i += connector.length;
    }
  }

  /** Whether a label at `i` ends the free text of `reading` (a major, a school, an address). */
  private endsFreeText(i: number, reading: FieldReading): boolean {
    if (this.markerAt(i)) return true;
    const cue = this.cueAt(i);
    if (cue && cue.prefix) {
      const inside = reading.internalWords.some((w) => this.t.startsWith(w, i));
      if (!inside) return true;
      // 内蒙古民族大学, 民族路: the word stands inside the value unless a value of its own field follows it.
      return cue.readings.some((r) => r !== reading && this.extract(r, this.skipConnectors(i + cue.text.length), false)?.strong);
    }
    return false;
  }

  // ---- reading one field's value at a position ----

  private extract(reading: FieldReading, start: number, deep = true): Found | undefined {
    if (start >= this.t.length) return undefined;
    // 学的是俄语: an option of a select field is not a name, a school or a major.
    if (FREE_TEXT.has(reading.kind) && this.freeOptionAt(start)) return undefined;
    switch (reading.kind) {
      case 'idNumber':
      case 'phone':
      case 'postcode':
        return this.extractDigits(reading.kind, start);
      case 'date':
        return this.extractDate(start);
      case 'year':
        return this.extractYear(start);
      case 'select':
        return this.extractOption(reading, start, deep);
      case 'email':
        return this.extractEmail(start);
      case 'personName':
        return this.extractName(start);
      case 'school':
        return deep ? this.extractSchool(reading, start) : undefined;
      case 'major':
        return deep ? this.extractMajor(reading, start) : undefined;
      case 'address':
        return deep ? this.extractAddress(reading, start) : undefined;
      case 'text':
        return deep ? this.extractText(reading, start) : undefined;
      case 'unsupported':
        return undefined;
    }
  }

  private extractDigits(kind: 'idNumber' | 'phone' | 'postcode', start: number): Found | undefined {
    const run = readDigitRun(this.t, start);
    if (!run) return undefined;
    const need = { idNumber: 18, phone: 11, postcode: 6 }[kind];
    const taken = takeDigits(run, need);
    if (taken.overflow) {
      // 12 digits for a phone, said without a pause: not a phone with one digit too many to drop silently.
      const digits = run.groups[0].digits;
      return { ...digitValue(kind, taken.digits, true), confidence: 0.3, problem: `听到${digits.length}位数字：${digits}，请核对`, start: run.start, end: run.groups[0].end, strong: false };
    }
    const shape = shapeOf(taken.digits);
    if ((shape === 'idNumber' || shape === 'phone') && shape !== kind && this.readings.some((r) => r.kind === shape)) {
      // 身份证号…13812345678: the digits are a phone's; the label still waits for its own value.
      return { ...digitValue(shape, taken.digits, true), start: run.start, end: taken.end, strong: true, redirect: shape };
    }
    // Too few digits for the field (138471 for a phone): nothing to suggest; the words go to `unrecognised`.
    if (taken.digits.length < need) return undefined;
    return { ...digitValue(kind, taken.digits, true), start: run.start, end: taken.end, strong: true };
  }

  private extractDate(start: number): Found | undefined {
    const date = readDate(this.t, start, this.today);
    if (date) {
      const future = Date.parse(date.iso) > this.today.getTime();
      return {
        value: date.iso,
        display: displayDate(date.iso),
        confidence: future ? 0.3 : date.twoDigitYear ? 0.7 : 0.95,
        problem: future ? '日期在今天之后，请核对' : date.twoDigitYear ? '年份只听到后两位，请核对' : undefined,
        start,
        end: date.end,
        strong: true,
      };
    }
    const run = readDigitRun(this.t, start);
    const compact = run && run.groups.length === 1 ? readCompactDate(run.digits) : undefined;
    if (run && compact) return { value: compact, display: displayDate(compact), confidence: 0.85, start, end: run.end, strong: true };
    return undefined;
  }

  private extractYear(start: number): Found | undefined {
    const year = readYear(this.t, start, this.today, false) ?? readYearBeforeJie(this.t, start, this.today);
    if (!year) return undefined;
    let end = year.end;
    if (this.t[end] === '届') end++;
    return {
      value: String(year.year),
      display: String(year.year),
      confidence: year.twoDigitYear ? 0.65 : 0.92,
      problem: year.twoDigitYear ? '年份只听到后两位，请核对' : undefined,
      start,
      end,
      strong: true,
    };
  }

  /** An option said at `start`; `guess` also offers the closest options to a word that is none of them. */
  private extractOption(reading: FieldReading, start: number, guess = true): Found | undefined {
    const options = reading.field.options ?? [];
    for (const variant of optionVariants(options)) {
      if (this.t.startsWith(variant.text, start)) {
        let end = start + variant.text.length;
        // 汉族人, 蒙古族的: the rest of the word is not a new value.
        if (this.t[end] === '人' && variant.option.name.endsWith('族')) end++;
        if (variant.kind === 'short' && variant.text.length === 1 && isHan(this.t[end]) && !this.cueAt(end) && !this.freeOptionAt(end) && !this.markerAt(end)) continue;
        const tail = this.wordTail(end);
        // 共青团圆: an option with a character or two more is a misheard word, not the option for certain.
        if (tail > 0 && tail <= 2) return guess ? this.guessOption(this.t.slice(start, end + tail), options, start, end + tail) : undefined;
        return {
          value: variant.option.code,
          display: variant.option.name,
          confidence: variant.kind === 'name' ? 0.95 : variant.kind === 'synonym' ? 0.92 : 0.85,
          start,
          end,
          strong: true,
        };
      }
    }
    if (!guess) return undefined;
    // The word heard may be as long as the longest option and a little more (a college's full name).
    const window = Math.max(8, ...options.map((o) => o.name.length + 2));
    let end = start;
    while (end < this.t.length && end - start < window && isHan(this.t[end]) && !(end > start && (this.cueAt(end) || this.markerAt(end) || this.freeOptionAt(end)))) end++;
    if (end === start) return undefined;
    return this.guessOption(this.t.slice(start, end), options, start, end);
  }

  /** Not an option as said: the closest ones, offered with a low confidence, never chosen silently. */
  private guessOption(heard: string, options: readonly { code: string; name: string }[], start: number, end: number): Found | undefined {
    const guesses = closestOptions(heard, options);
    if (!guesses.length || guesses[0].similarity < 0.45) return undefined;
    const best = guesses[0];
    const confidence = (similarity: number) => round(Math.min(0.45, similarity * 0.55));
    return {
      value: best.option.code,
      display: best.option.name,
      confidence: confidence(best.similarity),
      heard,
      alternatives: guesses.map((g) => ({ value: g.option.code, display: g.option.name, confidence: confidence(g.similarity) })),
      problem: `没有与“${heard}”一致的选项，请从相近的选项中选择`,
      start,
      end,
      strong: false,
    };
  }

  /** How many more characters the word at `i` runs on before something else starts (a label, a value, 我, 是). */
  private wordTail(i: number): number {
    let end = i;
    while (end < this.t.length && isHan(this.t[end]) && end - i < 3) {
      if (this.cueAt(end) || this.markerAt(end) || this.freeOptionAt(end) || /[我是的在和跟人]/.test(this.t[end]) || this.numberAt(end)) break;
      end++;
    }
    return end - i;
  }

  /** A number of two or more digits, or a year, starts at `i` (二零二六年 after a major's name). */
  private numberAt(i: number): boolean {
    const run = readDigitRun(this.t, i);
    if (run && run.digits.length >= 2) return true;
    return Boolean(readYear(this.t, i, this.today, true));
  }

  private extractEmail(start: number): Found | undefined {
    const rest = this.t.slice(start, start + 80);
    const match = /^(?:[A-Za-z0-9._\-@]|艾特|圈a|点|dot|at|[零〇一二三四五六七八九幺洞两]| (?=[A-Za-z0-9@.]|艾特|点))+/i.exec(rest);
    if (!match) return undefined;
    let raw = match[0].trim();
    let email = digitsOf(raw.replace(/艾特|圈a/gi, '@').replace(/点|dot/gi, '.').replace(/\s+/g, ''));
    if (!email.includes('@')) email = email.replace(/at(?=[a-z0-9]+\.)/i, '@');
    // QQ邮箱 12345678: the number is the mailbox.
    const before = this.lower.slice(Math.max(0, start - 8), start);
    if (/^\d{5,12}$/.test(email) && /qq/.test(before + this.lower.slice(start + raw.length, start + raw.length + 4))) email = `${email}@qq.com`;
    email = email.toLowerCase();
    raw = match[0];
    const valid = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(email);
    if (!valid && !/[a-z0-9]{3,}/.test(email)) return undefined;
    return {
      value: email,
      display: email,
      confidence: valid ? 0.85 : 0.3,
      problem: valid ? undefined : '电子邮箱不完整，请核对',
      start,
      end: start + raw.trimEnd().length,
      strong: valid,
    };
  }

  private extractName(start: number): Found | undefined {
    let end = start;
    while (end < this.t.length && end - start < 10) {
      const ch = this.t[end];
      const dot = (ch === '·' || ch === '•') && isHan(this.t[end + 1]) && end > start;
      if (!isHan(ch) && !dot) break;
      if (end > start && (this.cueAt(end) || this.markerAt(end) || this.freeOptionAt(end) || this.numberAt(end) || NAME_STOPS.some((w) => this.t.startsWith(w, end)))) break;
      end++;
    }
    const name = this.t.slice(start, end);
    const length = [...name.replace(/·/g, '')].length;
    if (length < 2) return undefined;
    if (/[省市县区族员]$|^(男|女)/.test(name)) return undefined;
    return { value: name, display: name, confidence: length <= 4 ? 0.9 : 0.75, start, end, strong: length <= 4 };
  }

  /** A school's name: up to the last 大学/学院/学校 before the clause ends (内蒙古农业大学职业技术学院). */
  private extractSchool(reading: FieldReading, start: number): Found | undefined {
    let end = start;
    let lastSuffixEnd = -1;
    while (end < this.t.length && (isHan(this.t[end]) || /[A-Za-z]/.test(this.t[end]))) {
      if (end > start && (this.endsFreeText(end, reading) || this.numberAt(end) || (this.freeOptionAt(end) && !SCHOOL_SUFFIXES.some((s) => this.t.startsWith(s, end))))) break;
      const suffix = SCHOOL_SUFFIXES.find((s) => this.t.startsWith(s, end));
      if (suffix) {
        end += suffix.length;
        lastSuffixEnd = end;
        continue;
      }
      end++;
    }
    if (lastSuffixEnd > start + 2) {
      const name = this.t.slice(start, lastSuffixEnd);
      return { value: name, display: name, confidence: 0.9, start, end: lastSuffixEnd, strong: true };
    }
    const name = this.t.slice(start, Math.min(end, start + 20));
    if ([...name].length < 2) return undefined;
    return { value: name, display: name, confidence: 0.6, problem: '没有听清完整的学校名称，请核对', start, end: start + name.length, strong: false };
  }

  private extractMajor(reading: FieldReading, start: number): Found | undefined {
    let end = start;
    while (end < this.t.length && (isHan(this.t[end]) || /[A-Za-z0-9+]/.test(this.t[end]))) {
      if (end > start && (this.endsFreeText(end, reading) || this.freeOptionAt(end) || this.t.startsWith('毕业', end) || this.numberAt(end))) break;
      if (this.t.startsWith('专业', end)) break;
      end++;
    }
    const name = this.t.slice(start, end);
    if ([...name].length < 2) return undefined;
    let consumed = end;
    if (this.t.startsWith('专业', end)) consumed += 2;
    return { value: name, display: name, confidence: [...name].length <= 20 ? 0.88 : 0.6, start, end: consumed, strong: true };
  }

  private extractAddress(reading: FieldReading, start: number): Found | undefined {
    let end = start;
    const parts: [number, number][] = [];
    let partStart = start;
    while (end < this.t.length) {
      const ch = this.t[end];
      if (HARD_BOUNDARIES.has(ch)) break;
      if (SOFT_BOUNDARIES.has(ch)) {
        // A comma or pause inside an address goes on when the next clause is more of the place.
        let next = end;
        while (next < this.t.length && SOFT_BOUNDARIES.has(this.t[next])) next++;
        if (!this.addressGoesOn(reading, next)) break;
        parts.push([partStart, end]);
        end = next;
        partStart = next;
        continue;
      }
      if (end > start && this.endsFreeText(end, reading)) break;
      if (end > start && /[0-9零〇一二三四五六七八九幺洞两]/.test(ch) && this.strongNumberAt(end) && !this.numberBelongsToAddress(end)) break;
      end++;
    }
    parts.push([partStart, end]);
    const text = parts.map(([a, b]) => this.t.slice(a, b)).join('');
    if ([...text].length < 2) return undefined;
    const value = addressNumbers(text);
    const marks = (text.match(new RegExp(PLACE_MARKS.source, 'g')) ?? []).length;
    return { value, display: value, confidence: marks >= 2 ? 0.85 : 0.65, problem: marks >= 2 ? undefined : '地址可能不完整，请核对', start, end, strong: marks >= 1 };
  }

  private addressGoesOn(reading: FieldReading, i: number): boolean {
    if (i >= this.t.length) return false;
    if (this.endsFreeText(i, reading) || this.cueAt(i) || this.markerAt(i) || this.freeOptionAt(i) || this.strongNumberAt(i)) return false;
    let end = i;
    while (end < this.t.length && !isBoundary(this.t[end])) end++;
    return PLACE_MARKS.test(this.t.slice(i, end));
  }

  /** A phone, ID number or postcode starting here (it ends an address: 3号楼 邮编010020). */
  private strongNumberAt(i: number): boolean {
    if (DIGIT_OF[this.t[i - 1]] !== undefined) return false;
    const run = readDigitRun(this.t, i);
    return Boolean(run && run.groups[0].digits.length >= 6);
  }

  /** Digits an address goes on with (17号, 501室, 3-2-501). */
  private numberBelongsToAddress(i: number): boolean {
    const run = readDigitRun(this.t, i);
    if (!run) return true;
    return ADDRESS_NUMBER_UNITS.test(this.t.slice(run.groups[0].end)) || /^[-之]/.test(this.t.slice(run.groups[0].end));
  }

  private extractText(reading: FieldReading, start: number): Found | undefined {
    let end = start;
    while (end < this.t.length && !isBoundary(this.t[end]) && !(end > start && this.endsFreeText(end, reading))) end++;
    const value = this.t.slice(start, end);
    if (!value) return undefined;
    return { value, display: value, confidence: 0.6, start, end, strong: false };
  }

  // ---- values said without a label ----

  private uncuedAt(i: number): (Found & { shape: Shape; readings?: FieldReading[] }) | undefined {
    const prev = this.t[i - 1];
    const digitStart = DIGIT_OF[prev] === undefined || prev === undefined;
    if (digitStart && DIGIT_OF[this.t[i]] !== undefined) {
      const date = readDate(this.t, i, this.today);
      if (date && this.readings.some((r) => r.kind === 'date')) {
        const found = this.extractDate(i)!;
        return { ...found, confidence: found.confidence * 0.95, shape: 'date' };
      }
      const year = readYear(this.t, i, this.today, true) ?? readYearBeforeJie(this.t, i, this.today);
      if (year && this.readings.some((r) => r.kind === 'year')) {
        const found = this.extractYear(i)!;
        return { ...found, shape: 'year' };
      }
      const run = readDigitRun(this.t, i);
      if (run && run.digits.length >= 6 && !ADDRESS_NUMBER_UNITS.test(this.t.slice(run.end))) return { ...this.digitsByShape(run), shape: 'digits' };
    }
    const option = this.freeOptionAt(i);
    if (option) {
      const end = i + option.variant.text.length + (this.t[i + option.variant.text.length] === '人' && option.variant.option.name.endsWith('族') ? 1 : 0);
      const tail = this.wordTail(end);
      if (tail > 0 && tail <= 2) {
        const guess = this.guessOption(this.t.slice(i, end + tail), option.readings[0].field.options ?? [], i, end + tail);
        if (guess) return { ...guess, shape: 'option', readings: option.readings };
      }
      return {
        value: option.variant.option.code,
        display: option.variant.option.name,
        confidence: option.variant.kind === 'name' ? 0.88 : 0.82,
        start: i,
        end,
        strong: true,
        shape: 'option',
        readings: option.readings,
      };
    }
    if (/[A-Za-z0-9]/.test(this.t[i]) && !/[A-Za-z0-9]/.test(prev ?? '')) {
      const email = this.extractEmail(i);
      if (email?.strong && this.readings.some((r) => r.kind === 'email')) return { ...email, shape: 'email' };
    }
    return undefined;
  }

  /** Digits said without a label, split into numbers by their shapes (an 18-character ID, an 11-digit phone). */
  private digitsByShape(run: DigitRun): Found & { parts?: Found[] } {
    const parts = splitByShape(run);
    const first = parts[0];
    return { ...first, parts };
  }

  // ---- the walk ----

  parse(): TranscriptParse {
    const t = this.t;
    let pos = 0;
    let pendingStart = 0;
    const flush = (end: number) => {
      if (end > pendingStart) this.leftover(pendingStart, end);
    };
    while (pos < t.length) {
      const ch = t[pos];
      if (isBoundary(ch)) {
        flush(pos);
        pos++;
        pendingStart = pos;
        continue;
      }
      const marker = this.markerAt(pos);
      if (marker) {
        flush(pos);
        if (RESTATEMENTS.has(marker)) this.restating = true;
        this.correctionPending = true;
        pos += marker.length;
        pendingStart = pos;
        const at = this.skipConnectors(pos);
        if (!this.cueAt(at) && this.lastReading) {
          const found = this.extract(this.lastReading, at);
          if (found && !found.redirect) {
            this.addMention(this.lastReading, found, this.lastReading.kind, true);
            pos = pendingStart = found.end;
          }
        }
        continue;
      }
      if (t.startsWith('不是', pos) || (t[pos] === '不' && this.freeOptionAt(pos + 1))) {
        // 不是党员: a value said only to be denied.
        const after = this.skipConnectors(pos + (t.startsWith('不是', pos) ? 2 : 1));
        const denied = this.freeOptionAt(after);
        if (denied) {
          flush(pos);
          pos = pendingStart = after + denied.variant.text.length;
          continue;
        }
      }
      const cue = this.cueAt(pos);
      if (cue && this.useCue(cue, pos, pendingStart)) {
        pos = pendingStart = this.cueEnd;
        continue;
      }
      const uncued = this.uncuedAt(pos);
      if (uncued) {
        flush(pos);
        const parts = (uncued as { parts?: Found[] }).parts ?? [uncued];
        for (const part of parts) {
          const shape: Shape = uncued.shape === 'digits' ? (shapeOf(part.value) ?? 'digits') : uncued.shape;
          this.addUncued(part, shape, uncued.readings);
        }
        pos = pendingStart = parts[parts.length - 1].end;
        continue;
      }
      const suffix = SCHOOL_SUFFIXES.find((s) => t.startsWith(s, pos));
      if (suffix && pos > pendingStart) {
        const school = this.readings.find((r) => r.kind === 'school');
        const from = this.afterLeadIns(pendingStart, pos);
        if (school && from < pos) {
          const found = this.extractSchool(school, from);
          if (found?.strong) {
            flush(from);
            this.addMention(school, { ...found, confidence: 0.8 }, 'school', false);
            pos = pendingStart = found.end;
            continue;
          }
        }
      }
      pos++;
    }
    flush(t.length);
    return this.result();
  }

  private cueEnd = 0;

  /** Reads what a label announces; false when the label is not one here (民族路, a school's 学校). */
  private useCue(cue: CueEntry, pos: number, pendingStart: number): boolean {
    const after = pos + cue.text.length;
    if (cue.postfix && this.bindBefore(cue, pos, pendingStart)) {
      this.cueEnd = after;
      return true;
    }
    if (!cue.prefix) return false;
    // A label that goes on as a place (民族路, 学校街) is part of an address.
    if (/^[路街巷]/.test(this.t.slice(after, after + 1)) && !cue.readings.some((r) => r.kind === 'address')) return false;
    const at = this.skipConnectors(after);
    for (const reading of cue.readings) {
      const found = this.extract(reading, at);
      if (!found) continue;
      if (found.redirect) {
        const target = this.readings.find((r) => r.kind === found.redirect);
        if (pendingStart < pos) this.leftover(pendingStart, pos);
        this.pendingCues.push({ readings: cue.readings, at: pos, end: after, fulfilled: false });
        if (target) this.addMention(target, { ...found, confidence: found.confidence * 0.95 }, found.redirect!, false, true);
        this.cueEnd = found.end;
        return true;
      }
      if (pendingStart < pos) this.leftover(pendingStart, pos);
      this.addMention(reading, found, reading.kind, true);
      this.cueEnd = found.end;
      return true;
    }
    if (pendingStart < pos) this.leftover(pendingStart, pos);
    const digits = cue.readings.some((r) => DIGIT_KINDS.has(r.kind)) ? readDigitRun(this.t, at) : undefined;
    if (digits) {
      // 手机号是138471: digits that fit no field, heard for this label: unrecognised, not another field's.
      this.leftovers.push({ start: pos, end: digits.end });
      this.cueEnd = digits.end;
      return true;
    }
    // The label was said and nothing usable followed: it waits for a value said later (分别是…和…).
    this.pendingCues.push({ readings: cue.readings, at: pos, end: after, fulfilled: false });
    this.lastReading = cue.readings[0];
    this.cueEnd = after;
    return true;
  }

  /** A label said after its value: 2003年5月6日出生, 计算机应用技术专业, 2026年毕业, 济南职业学院毕业. */
  private bindBefore(cue: CueEntry, pos: number, pendingStart: number): boolean {
    const last = this.mentions[this.mentions.length - 1];
    let gap = last ? last.end : -1;
    while (gap < pos && (this.t[gap] === ' ' || this.t[gap] === '的')) gap++;
    if (last?.shape === 'year') gap = this.afterMonth(gap, pos);
    for (const reading of cue.readings) {
      if (last && gap === pos && (last.shape === reading.kind || last.reading === reading)) {
        if (last.reading !== reading) {
          last.reading = reading;
          last.confidence = Math.max(last.confidence, 0.85);
        }
        return true;
      }
    }
    if (pendingStart >= pos) return false;
    const from = this.afterLeadIns(pendingStart, pos);
    if (from >= pos) return false;
    for (const reading of cue.readings) {
      if (reading.kind !== 'major' && reading.kind !== 'school') continue;
      const found = reading.kind === 'major' ? this.extractMajor(reading, from) : this.extractSchool(reading, from);
      if (found && found.strong && found.end >= pos) {
        if (from > pendingStart) this.leftover(pendingStart, from);
        this.addMention(reading, { ...found, end: pos, value: this.t.slice(from, Math.min(pos, found.end)).replace(/专业$/, ''), display: this.t.slice(from, Math.min(pos, found.end)).replace(/专业$/, '') }, reading.kind, true);
        return true;
      }
    }
    return false;
  }

  /** After a year, a month said before 毕业 (2026年7月毕业, 二〇二六年六月底毕业). */
  private afterMonth(i: number, end: number): number {
    const month = readNumber(this.t, i);
    if (!month || month.value < 1 || month.value > 12 || this.t[month.end] !== '月') return i;
    let j = month.end + 1;
    const tail = ['中旬', '份', '底', '初', '末'].find((w) => this.t.startsWith(w, j));
    if (tail) j += tail.length;
    while (j < end && (this.t[j] === ' ' || this.t[j] === '的')) j++;
    return j;
  }

  private afterLeadIns(start: number, end: number): number {
    let i = start;
    for (;;) {
      while (i < end && this.t[i] === ' ') i++;
      const lead = LEAD_INS.find((w) => this.t.startsWith(w, i) && i + w.length < end);
      if (!lead) return i;
      i += lead.length;
    }
  }

  private addMention(reading: FieldReading, found: Found, shape: Shape, cued: boolean, keepLast = false): void {
    const corrected = this.correctionPending || this.restating;
    this.correctionPending = false;
    if (corrected && reading.kind === 'address') {
      // 昭乌达路二十号，不对，二十二号: the part corrected replaces its like in the address said before.
      const before = [...this.mentions].reverse().find((m) => m.reading === reading);
      const merged = before && mergeAddressCorrection(before.value, found.value);
      if (merged) {
        const marks = (merged.match(new RegExp(PLACE_MARKS.source, 'g')) ?? []).length;
        found = { ...found, value: merged, display: merged, start: before!.start, confidence: marks >= 2 ? 0.8 : 0.65, problem: marks >= 2 ? undefined : found.problem };
      }
    }
    this.mentions.push({ ...found, reading, shape, cued, corrected, order: this.mentions.length });
    const pending = this.pendingCues.find((p) => !p.fulfilled && p.readings.includes(reading));
    if (pending) pending.fulfilled = true;
    if (!keepLast) this.lastReading = reading;
  }

  private addUncued(found: Found, shape: Shape, optionReadings?: FieldReading[]): void {
    let candidates: FieldReading[];
    if (shape === 'option') candidates = optionReadings ?? [];
    else if (shape === 'digits') candidates = [];
    else candidates = this.readings.filter((r) => r.kind === shape);
    const pending = this.pendingCues.find((p) => !p.fulfilled && p.readings.some((r) => candidates.includes(r)));
    let reading = pending?.readings.find((r) => candidates.includes(r));
    // A year alone (2003年) is not said to be the graduation year until 毕业 follows; see bindBefore.
    if (!reading && candidates.length === 1 && (shape !== 'year' || this.t[found.end - 1] === '届')) reading = candidates[0];
    if (pending && reading) pending.fulfilled = true;
    const corrected = this.correctionPending || this.restating;
    this.correctionPending = false;
    this.mentions.push({ ...found, reading, shape, cued: false, corrected, order: this.mentions.length, confidence: found.confidence * (pending ? 1 : 0.95) });
    if (reading) this.lastReading = reading;
  }

  /** Text no value was read from: a name said alone, 男 alone, or something the form does not ask. */
  private leftover(start: number, end: number): void {
    const from = this.afterLeadIns(start, end);
    let to = end;
    while (to > from && this.t[to - 1] === ' ') to--;
    if (to <= from) return;
    const clause = this.t.slice(from, to);
    // 男, 汉: a one-word answer that is an option of exactly one field.
    for (const reading of this.readings) {
      if (reading.kind !== 'select') continue;
      const variant = optionVariants(reading.field.options ?? []).find((v) => v.text === clause || v.text + '的' === clause);
      if (variant && this.readings.filter((r) => r.kind === 'select' && optionVariants(r.field.options ?? []).some((v) => v.text === variant.text)).length === 1) {
        this.addMention(reading, { value: variant.option.code, display: variant.option.name, confidence: 0.75, start: from, end: to, strong: true }, 'option', false);
        return;
      }
    }
    if (IGNORABLE.test(clause.replace(/\s/g, ''))) {
      this.leftovers.push({ start: from, end: to });
      return;
    }
    const name = this.readings.find((r) => r.kind === 'personName');
    const holdsLabel = [...clause].some((_, k) => this.cueAt(from + k));
    if (name && !holdsLabel && !this.mentions.some((m) => m.reading === name) && looksLikeName(clause)) {
      this.addMention(name, { value: clause, display: clause, confidence: 0.6, problem: '姓名是从句子中推断的，请核对', start: from, end: to, strong: true }, 'personName', false);
      return;
    }
    this.leftovers.push({ start: from, end: to });
  }

  // ---- the answer ----

  private result(): TranscriptParse {
    const byField = new Map<string, Mention[]>();
    for (const mention of this.mentions) {
      if (!mention.reading) {
        this.leftovers.push({ start: mention.start, end: mention.end });
        continue;
      }
      const list = byField.get(mention.reading.field.code) ?? [];
      list.push(mention);
      byField.set(mention.reading.field.code, list);
    }
    const suggestions: FieldSuggestion[] = [];
    for (const reading of this.readings) {
      const heard = byField.get(reading.field.code);
      if (!heard?.length) continue;
      suggestions.push(this.suggest(reading, heard));
    }
    this.crossCheck(suggestions);
    const nameSuggestion = suggestions.find((s) => this.readings.find((r) => r.field.code === s.field)?.kind === 'personName');
    // A label said with nothing usable after it (手机号忘了): the label and what followed.
    for (const cue of this.pendingCues.filter((c) => !c.fulfilled)) {
      const next = this.leftovers.find((l) => l.start >= cue.end && l.start <= this.skipConnectors(cue.end));
      if (next) next.start = cue.at;
      else this.leftovers.push({ start: cue.at, end: cue.end });
    }
    const unrecognised = this.leftovers
      .sort((a, b) => a.start - b.start)
      .map((l) => ({ ...l, text: this.t.slice(l.start, l.end) }))
      .filter((l) => !IGNORABLE.test(l.text.replace(/\s/g, '')) && /[\p{Script=Han}A-Za-z0-9]{2,}|\d/u.test(l.text))
      .filter((l) => !(nameSuggestion && explainsName(l.text, nameSuggestion.value)))
      .map((l) => this.source.span(l.start, l.end).text.trim());
    const missing = this.readings
      .filter((r) => r.field.required && !r.field.readOnly && !r.field.prefilled && !suggestions.some((s) => s.field === r.field.code))
      .map((r) => r.field.code);
    return { suggestions, unrecognised, missing };
  }

  private suggest(reading: FieldReading, heard: Mention[]): FieldSuggestion {
    const last = heard[heard.length - 1];
    const earlier = heard.slice(0, -1).filter((m) => m.value !== last.value);
    let confidence = last.confidence;
    let problem = last.problem;
    if (heard.length > 1 && !earlier.length) confidence = Math.min(0.99, confidence + 0.03);
    if (earlier.length && !last.corrected) {
      // Two different values and no correction said: the later one, flagged.
      confidence *= 0.8;
      problem ??= `听到了不同的${reading.field.label}，用了后说的，请核对`;
    }
    const validationProblem = this.validationProblem(reading, last.value);
    if (validationProblem) {
      confidence = Math.min(confidence, 0.4);
      problem ??= validationProblem;
    }
    const suggestion: FieldSuggestion = {
      field: reading.field.code,
      value: last.value,
      display: last.display,
      confidence: round(confidence),
      evidence: this.source.span(last.start, last.end),
    };
    if (last.heard) suggestion.heard = last.heard;
    if (last.alternatives) suggestion.alternatives = last.alternatives;
    if (problem) suggestion.problem = problem;
    if (earlier.length && last.corrected) suggestion.corrected = true;
    if (earlier.length) suggestion.replaced = earlier.map((m) => ({ value: m.value, display: m.display, evidence: this.source.span(m.start, m.end) }));
    if (reading.field.readOnly) suggestion.readOnly = true;
    return suggestion;
  }

  private validationProblem(reading: FieldReading, value: string): string | undefined {
    const rule = reading.field.validation;
    if (!rule || reading.kind === 'select' || reading.kind === 'date') return undefined;
    const length = [...value].length;
    const broken = (rule.pattern && !new RegExp(rule.pattern).test(value)) || (rule.minLength !== undefined && length < rule.minLength) || (rule.maxLength !== undefined && length > rule.maxLength);
    return broken ? (rule.message ?? `${reading.field.label}的格式不正确，请核对`) : undefined;
  }

  /** A birth date or gender that disagrees with the ID number heard: both said, one of them is wrong. */
  private crossCheck(suggestions: FieldSuggestion[]): void {
    const kindOf = (s: FieldSuggestion) => this.readings.find((r) => r.field.code === s.field)!;
    const id = suggestions.find((s) => kindOf(s).kind === 'idNumber' && !gb11643Problem(s.value, this.today));
    if (!id) return;
    const birth = `${id.value.slice(6, 10)}-${id.value.slice(10, 12)}-${id.value.slice(12, 14)}`;
    const gender = Number(id.value[16]) % 2 === 1 ? '男' : '女';
    for (const s of suggestions) {
      const reading = kindOf(s);
      if (reading.kind === 'date' && /出生/.test(reading.field.label) && s.value !== birth) {
        s.confidence = round(Math.min(s.confidence, 0.5));
        s.problem ??= '与身份证号中的出生日期不一致，请核对';
      }
      if (reading.kind === 'select' && reading.field.options?.some((o) => o.name === '男') && s.display !== gender && (s.display === '男' || s.display === '女')) {
        s.confidence = round(Math.min(s.confidence, 0.5));
        s.problem ??= '与身份证号中的性别不一致，请核对';
      }
    }
  }
}

// ---- helpers ----

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The shape a string of digits has: an ID number, a mobile phone, a postcode. */
function shapeOf(digits: string): 'idNumber' | 'phone' | 'postcode' | undefined {
  if (/^\d{17}[\dX]$/.test(digits)) return 'idNumber';
  if (/^1[3-9]\d{9}$/.test(digits)) return 'phone';
  if (/^\d{6}$/.test(digits)) return 'postcode';
  return undefined;
}

function digitValue(kind: ValueKind, digits: string, cued: boolean): Pick<Found, 'value' | 'display' | 'confidence' | 'problem'> {
  const base = { value: digits, display: digits };
  if (kind === 'idNumber') {
    if (digits.length !== 18) return { ...base, confidence: 0.2, problem: `证件号码应为18位，只听到${digits.length}位，请核对` };
    const problem = gb11643Problem(digits);
    return problem ? { ...base, confidence: 0.35, problem } : { ...base, confidence: cued ? 0.97 : 0.9 };
  }
  if (kind === 'phone') {
    if (!/^1[3-9]\d{9}$/.test(digits)) return { ...base, confidence: 0.3, problem: digits.length === 11 ? '手机号码应以13至19开头，请核对' : `手机号码应为11位，听到${digits.length}位，请核对` };
    return { ...base, confidence: cued ? 0.95 : 0.9 };
  }
  if (kind === 'postcode') {
    if (digits.length !== 6) return { ...base, confidence: 0.3, problem: `邮政编码应为6位，听到${digits.length}位，请核对` };
    return { ...base, confidence: cued ? 0.92 : 0.6 };
  }
  return { ...base, confidence: 0.5 };
}

/**
 * The first `need` digits of a run, preferring to stop where the speaker paused. `overflow`: one unbroken group
 * holds more digits than the field and the rest is no number of its own.
 */
function takeDigits(run: DigitRun, need: number): { digits: string; end: number; overflow?: boolean } {
  let digits = '';
  for (const group of run.groups) {
    if (digits.length + group.digits.length <= need) {
      digits += group.digits;
      if (digits.length === need) return { digits, end: group.end };
      continue;
    }
    if (digits.length === 0) {
      // One unbroken group longer than the field: the first `need` digits, when the rest is another number.
      const rest = group.digits.slice(need);
      return { digits: group.digits.slice(0, need), end: group.ends[need - 1], overflow: !shapeOf(rest) };
    }
    break;
  }
  const used = run.groups.filter((_, i) => run.groups.slice(0, i + 1).reduce((n, g) => n + g.digits.length, 0) <= digits.length);
  return { digits, end: used.length ? used[used.length - 1].end : run.end };
}

/** An unbroken run of digits cut into numbers of known shapes where the pauses or lengths allow it. */
function splitByShape(run: DigitRun): Found[] {
  const make = (digits: string, start: number, end: number): Found => {
    const shape = shapeOf(digits);
    return { ...digitValue(shape ?? 'text', digits, false), start, end, strong: Boolean(shape) };
  };
  if (shapeOf(run.digits)) return [make(run.digits, run.start, run.end)];
  // By the pauses: consecutive groups that add up to a shape (the longest; no shape has more than 18 digits).
  const parts: Found[] = [];
  let i = 0;
  const groups = run.groups;
  while (i < groups.length) {
    let matched = false;
    let best = -1;
    let digits = '';
    for (let j = i; j < groups.length && digits.length + groups[j].digits.length <= 18; j++) {
      digits += groups[j].digits;
      if (shapeOf(digits)) best = j;
    }
    if (best >= 0) {
      parts.push(make(groups.slice(i, best + 1).map((g) => g.digits).join(''), groups[i].start, groups[best].end));
      i = best + 1;
      matched = true;
    }
    if (!matched) {
      // By lengths: a group holding two numbers said without a pause (an ID number then a phone).
      const g = groups[i];
      const cut = [18, 11, 6].find((n) => g.digits.length > n && shapeOf(g.digits.slice(0, n)) && shapeOf(g.digits.slice(n)));
      if (cut) {
        parts.push(make(g.digits.slice(0, cut), g.start, g.ends[cut - 1]));
        parts.push(make(g.digits.slice(cut), g.ends[cut - 1], g.end));
      } else parts.push(make(g.digits, g.start, g.end));
      i++;
    }
  }
  return parts;
}

/** 2026届: a year before 届 (a graduating class). */
function readYearBeforeJie(text: string, start: number, today: Date): { year: number; start: number; end: number; twoDigitYear: boolean } | undefined {
  const run = readDigitRun(text, start);
  if (!run || run.groups.length !== 1 || text[run.end] !== '届') return undefined;
  const digits = run.digits;
  if (digits.length === 4 && /^(19|20)/.test(digits)) return { year: Number(digits), start, end: run.end, twoDigitYear: false };
  if (digits.length === 2) {
    const now = today.getUTCFullYear();
    const year = 2000 + Number(digits) <= now + 5 ? 2000 + Number(digits) : 1900 + Number(digits);
    return { year, start, end: run.end, twoDigitYear: true };
  }
  return undefined;
}

/** Numbers of an address as digits where they count something (三号楼 → 3号楼, 五零一室 → 501室). */
export function addressNumbers(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (DIGIT_OF[text[i]] !== undefined || '十百千'.includes(text[i])) {
      const run = readDigitRun(text, i);
      const positional = readPositional(text, i);
      const candidates = [
        run && run.groups.length === 1 ? { end: run.end, digits: run.digits } : undefined,
        positional ? { end: positional.end, digits: String(positional.value) } : undefined,
      ].filter((c): c is { end: number; digits: string } => Boolean(c));
      const best = candidates.sort((a, b) => b.end - a.end)[0];
      if (best && (ADDRESS_NUMBER_UNITS.test(text.slice(best.end)) || /^[-—之]/.test(text.slice(best.end)) || /^[-—之]$/.test(text[i - 1] ?? ''))) {
        out += best.digits;
        i = best.end;
        continue;
      }
      if (best && /[0-9]/.test(text[i])) {
        out += text.slice(i, best.end);
        i = best.end;
        continue;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

/** Splits an address after each mark of a place (内蒙古/呼和浩特市/赛罕区/昭乌达路/20号). */
function addressSegments(address: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (const ch of address) {
    current += ch;
    if (PLACE_MARKS.test(ch)) {
      segments.push(current);
      current = '';
    }
  }
  if (current) segments.push(current);
  return segments;
}

/**
 * An address with a correction of part of it put in: the segments corrected replace the last run of segments that
 * end in the same marks (20号 → 22号). Undefined when the correction is a whole address or fits nowhere.
 */
export function mergeAddressCorrection(address: string, correction: string): string | undefined {
  const fix = addressSegments(correction);
  const old = addressSegments(address);
  if (fix.length >= old.length) return undefined;
  const mark = (segment: string) => segment[segment.length - 1];
  for (let at = old.length - fix.length; at >= 0; at--) {
    if (fix.every((segment, k) => PLACE_MARKS.test(mark(segment)) && mark(segment) === mark(old[at + k]))) {
      return [...old.slice(0, at), ...fix, ...old.slice(at + fix.length)].join('');
    }
  }
  return undefined;
}

function looksLikeName(clause: string): boolean {
  if (!/^\p{Script=Han}{2,4}$/u.test(clause)) return false;
  if (/[省市县区族员届年月日号岁生人]$/.test(clause)) return false;
  if (COMPOUND_SURNAMES.some((s) => clause.startsWith(s))) return clause.length >= 3;
  return SURNAMES.has(clause[0]);
}

/** 木子李, 婀娜的娜: how a speaker spells out the characters of their name. */
function explainsName(clause: string, name: string): boolean {
  const text = clause.replace(/\s/g, '');
  if (!text || text.length > 8) return false;
  const last = text[text.length - 1];
  if (!name.includes(last)) return false;
  return /的.$/.test(text) || text.length === 3;
}
