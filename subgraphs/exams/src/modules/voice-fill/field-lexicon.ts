import type { OptionSpec } from './options.ts';

/**
 * A field of the form as the parser needs it. The PERSONAL_INFORMATION step's `asks` from `planRegistration`
 * fit as they are (options resolved for the candidate, read-only fields marked); so do form.json's fields with
 * their options.
 */
export interface FormFieldSpec {
  code: string;
  label: string;
  /** form.json's field type: text, select, date, phone, email, postcode, idNumber, region, textarea. */
  type: string;
  required: boolean;
  options?: readonly OptionSpec[];
  readOnly?: boolean;
  /** The platform fills it (from the ID number, the account): not missing when unheard. */
  prefilled?: boolean;
  validation?: { pattern?: string; minLength?: number; maxLength?: number; message?: string };
}

/** What a field holds, as far as reading speech goes. */
export type ValueKind = 'idNumber' | 'phone' | 'postcode' | 'email' | 'date' | 'year' | 'select' | 'personName' | 'school' | 'major' | 'address' | 'text' | 'unsupported';

export interface FieldReading {
  field: FormFieldSpec;
  kind: ValueKind;
  /** Labels said before the value (我叫, 身份证号, 民族). */
  cues: string[];
  /** Labels said after the value (2003年5月6日出生, 计算机应用技术专业, 2026年毕业). */
  postCues: string[];
  /** Words that may stand inside a value of this field without being a label (内蒙古民族大学, 民族路). */
  internalWords: string[];
}

interface Concept {
  /** Matches the label (or, with `type`, the field type). */
  label?: RegExp;
  type?: string;
  kind?: ValueKind;
  cues: string[];
  postCues?: string[];
  internalWords?: string[];
}

/**
 * How people name the things a form asks, keyed by words of the field's label or by its type. Language, not
 * policy: a province's form chooses the fields and labels, and each field picks up the ways of saying its label.
 */
const CONCEPTS: Concept[] = [
  { type: 'idNumber', cues: ['公民身份号码', '身份证号码', '身份证号', '身份证', '证件号码', '证件号', '身份号码'] },
  { type: 'phone', cues: ['手机号码', '手机号', '手机', '电话号码', '联系电话', '电话', '联系方式'] },
  { type: 'postcode', cues: ['邮政编码', '邮编'] },
  { type: 'email', cues: ['电子邮箱', '电子邮件', '邮箱地址', '邮件地址', '邮箱', 'email', 'e-mail'] },
  { label: /出生/, type: 'date', cues: ['出生年月日', '出生日期', '出生年月', '出生于', '出生在', '生日是', '生日', '出生'], postCues: ['出生'] },
  { label: /姓名|名字/, kind: 'personName', cues: ['我的名字叫', '我的名字是', '名字叫', '名字是', '本人叫', '本人姓名', '姓名', '名字', '我叫', '叫做'] },
  {
    label: /院校|学校/,
    kind: 'school',
    cues: ['毕业院校', '毕业学校', '专科院校', '专科学校', '就读学校', '毕业于', '就读于', '毕业自', '院校', '学校'],
    postCues: ['毕业'],
    internalWords: ['民族', '学校', '院校', '专业', '专科'],
  },
  { label: /专业/, kind: 'major', cues: ['专科专业', '所学专业', '学的专业', '毕业专业', '专业名称', '专业', '学的是', '读的是'], postCues: ['专业'], internalWords: ['民族'] },
  {
    label: /地址|住址/,
    kind: 'address',
    cues: ['通讯地址', '通信地址', '邮寄地址', '联系地址', '家庭住址', '家庭地址', '收件地址', '现住址', '住址', '地址', '家住在', '家住', '住在', '我家在'],
    internalWords: ['民族', '学校', '院校', '大学', '学院', '专业', '电话', '毕业', '出生'],
  },
  { label: /年份|年度|毕业时间|毕业年/, kind: 'year', cues: ['毕业年份', '毕业时间', '毕业年度', '毕业于'], postCues: ['毕业'] },
  { label: /民族/, cues: ['民族'] },
  { label: /政治面貌/, cues: ['政治面貌', '面貌'] },
  { label: /性别/, cues: ['性别'] },
  { label: /外语|语种/, cues: ['公共外语', '外语语种', '外语课', '外语', '语种'] },
  { label: /户籍|户口/, cues: ['户籍所在地', '户口所在地', '户籍', '户口'] },
  { label: /类别/, cues: ['考生类别', '类别'] },
  { label: /考生类型/, cues: ['考生类型'] },
];

/** A label as said: without its parenthesis (毕业院校（专科） → 毕业院校). */
export function spokenLabel(label: string): string {
  return label.replace(/[（(].*?[）)]/g, '').trim();
}

function kindOf(field: FormFieldSpec, concept: Concept | undefined): ValueKind {
  if (field.options?.length) return 'select';
  switch (field.type) {
    case 'idNumber':
    case 'phone':
    case 'postcode':
    case 'email':
    case 'date':
      return field.type;
    case 'select':
    case 'region':
      // A select whose options were not given, or a region code, cannot be read from words alone.
      return 'unsupported';
  }
  const pattern = field.validation?.pattern;
  if (pattern) {
    const re = new RegExp(pattern);
    // A text field whose pattern takes a year (2026) and not words is a year.
    if (re.test('2026') && !re.test('二〇二六') && !re.test('abcd')) return 'year';
  }
  if (concept?.kind) return concept.kind;
  return field.type === 'textarea' ? 'address' : 'text';
}

/** How each field of the form is recognised in speech: its kind and the labels that announce it. */
export function fieldReadings(fields: readonly FormFieldSpec[]): FieldReading[] {
  return fields.map((field) => {
    const label = spokenLabel(field.label);
    // A code (毕业院校代码, 专业代码) is said by its label only: 院校 and 专业 announce the names.
    if (/代码|编号/.test(label) && field.type === 'text') return { field, kind: 'text', cues: [label], postCues: [], internalWords: [] };
    const concepts = CONCEPTS.filter((c) => (c.label ? c.label.test(label) : true) && (c.type ? c.type === field.type : true) && (c.label || c.type));
    // A type concept (idNumber, phone) and a label concept (出生 + date) may both apply; the more specific first.
    concepts.sort((a, b) => Number(Boolean(b.label && b.type)) - Number(Boolean(a.label && a.type)));
    const main = concepts.find((c) => c.kind) ?? concepts[0];
    const cues = new Set<string>([label]);
    const postCues = new Set<string>();
    const internal = new Set<string>();
    for (const c of concepts) {
      c.cues.forEach((cue) => cues.add(cue));
      c.postCues?.forEach((cue) => postCues.add(cue));
      c.internalWords?.forEach((w) => internal.add(w));
    }
    const kind = kindOf(field, main);
    // A field read as a year by its pattern is announced like one, whatever its label.
    if (kind === 'year' && !concepts.some((c) => c.kind === 'year')) {
      const year = CONCEPTS.find((c) => c.kind === 'year')!;
      year.cues.forEach((cue) => cues.add(cue));
      year.postCues?.forEach((cue) => postCues.add(cue));
    }
    // Cues of another kind's concept (毕业于 of a school, read by a year field) stay with the kind that owns them.
    if (kind === 'year') {
      cues.delete('毕业于');
    }
    return { field, kind, cues: [...cues].filter((c) => c.length > 0), postCues: [...postCues], internalWords: [...internal] };
  });
}
