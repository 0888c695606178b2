import { describe, expect, it } from 'vitest';
import { fieldReadings } from './field-lexicon.ts';
import { addressNumbers, mergeAddressCorrection, parseTranscript, type FormFieldSpec } from './transcript-parser.ts';

const today = new Date('2026-03-03T00:00:00Z');

/** A form of no real province, labelled its own way: the parser must need nothing but the fields. */
const FORM: FormFieldSpec[] = [
  { code: 'fullName', label: '考生姓名', type: 'text', required: true },
  { code: 'idCard', label: '居民身份证号码', type: 'idNumber', required: true, readOnly: true },
  { code: 'mobile', label: '本人手机', type: 'phone', required: true, validation: { pattern: '^1[3-9]\\d{9}$', message: '请输入11位手机号码' } },
  { code: 'born', label: '出生日期', type: 'date', required: false, prefilled: true },
  { code: 'sex', label: '性别', type: 'select', required: false, prefilled: true, options: [{ code: 'M', name: '男' }, { code: 'F', name: '女' }] },
  { code: 'nation', label: '所在民族', type: 'select', required: true, options: [{ code: 'HAN', name: '汉族' }, { code: 'MGL', name: '蒙古族' }, { code: 'HUI', name: '回族' }, { code: 'MAN', name: '满族' }] },
  { code: 'party', label: '政治面貌', type: 'select', required: true, options: [{ code: 'P', name: '中共党员' }, { code: 'Y', name: '共青团员' }, { code: 'Q', name: '群众' }] },
  { code: 'school', label: '毕业学校', type: 'text', required: true },
  { code: 'major', label: '所学专业', type: 'text', required: true },
  { code: 'year', label: '毕业年度', type: 'text', required: true, validation: { pattern: '^(19|20)\\d{2}$' } },
  { code: 'home', label: '家庭住址', type: 'textarea', required: false },
  { code: 'zip', label: '邮政编码', type: 'postcode', required: false },
  { code: 'city', label: '户籍所在市', type: 'region', required: true },
];

const parse = (text: string, fields = FORM) => parseTranscript(text, fields, { today });
const values = (text: string, fields = FORM) => Object.fromEntries(parse(text, fields).suggestions.map((s) => [s.field, s.value]));
const one = (text: string, field: string) => parse(text).suggestions.find((s) => s.field === field);

describe('how a form field is recognised in speech', () => {
  it('derives each field’s kind and labels from its type and label, not from a province', () => {
    const readings = Object.fromEntries(fieldReadings(FORM).map((r) => [r.field.code, r]));
    expect(readings.fullName.kind).toBe('personName');
    expect(readings.fullName.cues).toEqual(expect.arrayContaining(['考生姓名', '我叫']));
    expect(readings.idCard.cues).toEqual(expect.arrayContaining(['居民身份证号码', '身份证号']));
    expect(readings.year.kind).toBe('year');
    expect(readings.home.kind).toBe('address');
    expect(readings.city.kind).toBe('unsupported');
    expect(fieldReadings([{ code: 'collegeCode', label: '毕业院校代码', type: 'text', required: true }])[0]).toMatchObject({ kind: 'text', cues: ['毕业院校代码'] });
  });
});

describe('reading a transcript against a form', () => {
  it('suggests every field heard with the form’s codes and the words it was heard in', () => {
    const text = '我叫韩雪，身份证号152626200308017480，手机幺三九洞四七幺二二三三，蒙族，团员，毕业学校锡林郭勒职业学院，所学专业护理，2026年毕业。';
    const result = parse(text);
    expect(values(text)).toEqual({ fullName: '韩雪', idCard: '152626200308017480', mobile: '13904712233', nation: 'MGL', party: 'Y', school: '锡林郭勒职业学院', major: '护理', year: '2026' });
    const mobile = result.suggestions.find((s) => s.field === 'mobile')!;
    expect(mobile.evidence).toEqual({ text: '幺三九洞四七幺二二三三', start: text.indexOf('幺三九'), end: text.indexOf('，蒙族') });
    expect(result.suggestions.find((s) => s.field === 'nation')).toMatchObject({ display: '蒙古族', evidence: { text: '蒙族' } });
  });

  it('lists the required fields the candidate fills that were not heard, leaving out read-only and prefilled ones', () => {
    const result = parse('我叫韩雪');
    expect(result.missing).toEqual(['mobile', 'nation', 'party', 'school', 'major', 'year', 'city']);
  });

  it('marks a read-only field’s suggestion so it is shown for checking, never applied', () => {
    expect(one('身份证号152626200308017480', 'idCard')).toMatchObject({ readOnly: true, confidence: 0.97 });
  });

  it('ignores fillers between and inside values', () => {
    expect(values('嗯，那个，我叫，呃，张伟。然后手机号呢，就是，幺三五，嗯，八八六六，七七二二。')).toEqual({ fullName: '张伟', mobile: '13588667722' });
  });
});

describe('corrections', () => {
  it('replaces a value with the one after 不对，是…, and says what it replaced', () => {
    const s = one('手机13912345678，不对，是13912345679', 'mobile')!;
    expect(s).toMatchObject({ value: '13912345679', corrected: true, confidence: 0.95 });
    expect(s.replaced).toEqual([{ value: '13912345678', display: '13912345678', evidence: { text: '13912345678', start: 2, end: 13 } }]);
  });

  it('applies a correction to the field said last when no label follows: 说错了，应该是…', () => {
    expect(one('我叫陈静，说错了，应该是陈婧', 'fullName')).toMatchObject({ value: '陈婧', corrected: true });
    expect(one('民族汉族，不对，改成回族', 'nation')).toMatchObject({ value: 'HUI', corrected: true });
  });

  it('replaces everything said again after 重说一下', () => {
    const result = parse('我叫杨帆，手机13512340000，重说一下，我叫杨凡，手机13512340001');
    expect(result.suggestions.map((s) => [s.field, s.value, s.corrected])).toEqual([
      ['fullName', '杨凡', true],
      ['mobile', '13512340001', true],
    ]);
  });

  it('takes the later of two different values said without a correction, and lowers its confidence', () => {
    const s = one('手机13912345678，手机13912345670', 'mobile')!;
    expect(s.value).toBe('13912345670');
    expect(s.confidence).toBeLessThan(0.8);
    expect(s.problem).toMatch(/不同/);
    expect(s.corrected).toBeUndefined();
  });

  it('puts the corrected part of an address into the address said before', () => {
    expect(one('家庭住址呼和浩特市赛罕区昭乌达路二十号，不对，是二十二号', 'home')).toMatchObject({ value: '呼和浩特市赛罕区昭乌达路22号', corrected: true });
    expect(mergeAddressCorrection('包头市昆都仑区钢铁大街45号', '钢铁大街46号')).toBe('包头市昆都仑区钢铁大街46号');
    expect(mergeAddressCorrection('包头市昆都仑区', '赤峰市松山区玉龙大街')).toBeUndefined();
  });

  it('does not take a denied value: 我不是党员，是群众', () => {
    expect(values('我不是党员，是群众')).toEqual({ party: 'Q' });
  });
});

describe('numbers', () => {
  it('assigns two numbers in one sentence by their labels, even when both labels come first', () => {
    expect(values('我的手机号和身份证号分别是13847112345和152626200308017480')).toEqual({ mobile: '13847112345', idCard: '152626200308017480' });
  });

  it('assigns numbers said without labels by their shapes, split where the lengths allow', () => {
    expect(values('13704711111152626200308017480')).toEqual({ mobile: '13704711111', idCard: '152626200308017480' });
    expect(values('号码是15148123456，还有152626200308017480')).toEqual({ mobile: '15148123456', idCard: '152626200308017480' });
  });

  it('lowers the confidence of an ID number whose check digit fails and says why', () => {
    expect(one('身份证号152626200308017481', 'idCard')).toMatchObject({ value: '152626200308017481', confidence: 0.35, problem: '证件号码校验位不正确，请核对后重新输入' });
  });

  it('reads the check character said as 叉 or 艾克斯', () => {
    expect(one('身份证号一五零一零二二零零二零八一五一零五叉', 'idCard')?.value).toBe('15010220020815105X');
    expect(one('身份证号15060320030412109艾克斯', 'idCard')?.value).toBe('15060320030412109X');
  });

  it('flags a phone said with a digit too many instead of dropping one silently', () => {
    expect(one('手机号幺三八一二三四五六七八九', 'mobile')).toMatchObject({ value: '13812345678', confidence: 0.3, problem: '听到12位数字：138123456789，请核对' });
  });

  it('leaves too few digits unsuggested and reports them', () => {
    const result = parse('手机号是138471，民族汉族');
    expect(result.suggestions.map((s) => s.field)).toEqual(['nation']);
    expect(result.unrecognised).toEqual(['手机号是138471']);
  });

  it('checks a phone against the field’s own validation', () => {
    expect(one('手机12345678901', 'mobile')).toMatchObject({ confidence: 0.3 });
  });
});

describe('dates and years', () => {
  it('reads a birth date in any form and lowers the confidence of a two-digit year', () => {
    expect(one('出生日期二零零三年五月六日', 'born')).toMatchObject({ value: '2003-05-06', display: '2003年5月6日', confidence: 0.95 });
    expect(one('我是2003年5月6日出生的', 'born')?.value).toBe('2003-05-06');
    expect(one('生日是〇三年五月六号', 'born')).toMatchObject({ value: '2003-05-06', confidence: 0.7 });
  });

  it('doubts a birth date that disagrees with the ID number heard', () => {
    expect(one('身份证号152626200308017480，出生日期2003年8月2日', 'born')).toMatchObject({ confidence: 0.5, problem: '与身份证号中的出生日期不一致，请核对' });
    expect(one('身份证号152626200308017480，我是男生', 'sex')).toMatchObject({ value: 'M', confidence: 0.5 });
  });

  it('takes a year for the graduation year only when 毕业 or 届 says so', () => {
    expect(values('我2003年出生')).toEqual({});
    expect(values('2026年毕业')).toEqual({ year: '2026' });
    expect(values('我是2026届的')).toEqual({ year: '2026' });
    expect(values('毕业年度二零二五')).toEqual({ year: '2025' });
    expect(values('2026年7月毕业')).toEqual({ year: '2026' });
    expect(values('二零二六年六月底毕业')).toEqual({ year: '2026' });
  });
});

describe('options', () => {
  it('matches full names, synonyms and, after the label, short forms', () => {
    expect(values('汉族，中共党员')).toEqual({ nation: 'HAN', party: 'P' });
    expect(values('蒙族，团员')).toEqual({ nation: 'MGL', party: 'Y' });
    expect(values('民族汉，政治面貌共青团')).toEqual({ nation: 'HAN', party: 'Y' });
  });

  it('returns a word that is no option with a low confidence and the closest options, never silently forced', () => {
    const s = one('所在民族满洲族', 'nation')!;
    expect(s.value).toBe('MAN');
    expect(s.confidence).toBeLessThan(0.5);
    expect(s.heard).toBe('满洲族');
    expect(s.alternatives?.[0]).toMatchObject({ value: 'MAN', display: '满族' });
    expect(one('政治面貌共青团圆', 'party')).toMatchObject({ value: 'Y', heard: '共青团圆' });
    expect(one('政治面貌共青团圆', 'party')!.confidence).toBeLessThan(0.5);
  });

  it('leaves a word too far from every option unsuggested and reports it', () => {
    const result = parse('所在民族火星人');
    expect(result.suggestions).toEqual([]);
    expect(result.unrecognised).toEqual(['所在民族火星人']);
  });

  it('matches a school against the colleges a form lists, offering the closest for a name said short', () => {
    const colleges: FormFieldSpec[] = [{ code: 'collegeCode', label: '毕业院校', type: 'select', required: true, options: [{ code: '10427', name: '济南职业学院' }, { code: '13000', name: '青岛职业技术学院' }, { code: '14098', name: '菏泽医学专科学校' }] }];
    expect(parse('毕业于青岛职业技术学院', colleges).suggestions[0]).toMatchObject({ value: '13000', confidence: 0.95 });
    const short = parse('毕业院校是青岛职业学院', colleges).suggestions[0];
    expect(short).toMatchObject({ value: '13000', heard: '青岛职业学院' });
    expect(short.confidence).toBeLessThan(0.5);
    expect(short.alternatives?.map((a) => a.value)).toEqual(['13000', '10427', '14098']);
  });

  it('takes 男 or 女 said alone as the gender', () => {
    expect(values('孙悦，女，满族')).toEqual({ fullName: '孙悦', sex: 'F', nation: 'MAN' });
  });
});

describe('schools, majors and addresses', () => {
  it('reads a school up to its last 学院 and a major before 专业', () => {
    expect(values('我毕业于内蒙古农业大学职业技术学院园林技术专业')).toEqual({ school: '内蒙古农业大学职业技术学院', major: '园林技术' });
    expect(values('我是包头职业技术学院毕业的')).toEqual({ school: '包头职业技术学院' });
  });

  it('keeps label words that stand inside a value: 内蒙古民族大学, 民族传统体育, 民族路', () => {
    expect(values('毕业学校内蒙古民族大学，民族蒙古族')).toEqual({ school: '内蒙古民族大学', nation: 'MGL' });
    expect(values('所学专业民族传统体育，民族回族')).toEqual({ major: '民族传统体育', nation: 'HUI' });
    expect(values('家庭住址呼和浩特市回民区民族路8号，民族回族')).toEqual({ home: '呼和浩特市回民区民族路8号', nation: 'HUI' });
  });

  it('writes counted numbers of an address as digits and never takes 3号楼 for a date', () => {
    expect(values('住址赤峰市松山区玉龙大街一百二十三号六号楼三单元二零二室，邮编零二四零零零')).toEqual({ home: '赤峰市松山区玉龙大街123号6号楼3单元202室', zip: '024000' });
    expect(addressNumbers('三里屯五一路三号楼')).toBe('三里屯五一路3号楼');
  });

  it('goes on with an address across a pause when the next words are more of the place', () => {
    expect(values('地址是内蒙古鄂尔多斯市，东胜区，天骄路十八号，手机号18804770001')).toEqual({ home: '内蒙古鄂尔多斯市东胜区天骄路18号', mobile: '18804770001' });
  });
});

describe('what is not a field', () => {
  it('reports what it could not use and drops greetings and spelled-out characters of the name', () => {
    const result = parse('你好，我叫李娜，木子李，婀娜的娜，今年二十二岁，身高一米七五');
    expect(values('我叫李娜，木子李，婀娜的娜')).toEqual({ fullName: '李娜' });
    expect(result.unrecognised).toEqual(['今年二十二岁', '身高一米七五']);
  });

  it('reports a label said with nothing usable after it', () => {
    expect(parse('手机号忘了，政治面貌').unrecognised).toEqual(['手机号忘了', '政治面貌']);
  });

  it('suggests nothing for a field it cannot read from words (a region code)', () => {
    expect(values('户籍所在市济南市')).toEqual({});
  });

  it('reads anything without failing, and points every suggestion at its own words', () => {
    const alphabet = '我叫王晓明身份证号手机民族汉蒙古族党员团员群众学院大学专业地址路号楼室一二三四五六七八九零幺洞十百年月日，。 不对是改成重说不是0123456789X@.';
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 200) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const result = parse(text);
      for (const s of result.suggestions) {
        expect(text.slice(s.evidence.start, s.evidence.end), text).toBe(s.evidence.text);
        expect(FORM.some((f) => f.code === s.field)).toBe(true);
      }
    }
  });

  it('reads five thousand digits said one by one without trying every way to group them', () => {
    const result = parse('1 '.repeat(5000));
    expect(result.suggestions.every((s) => s.confidence <= 0.6)).toBe(true);
  });

  it('reads a long transcript in one pass', () => {
    const long = '我叫张伟，手机13588667722，汉族，团员。'.repeat(150);
    const result = parse(long);
    expect(result.suggestions.map((s) => s.field)).toEqual(['fullName', 'mobile', 'nation', 'party']);
    expect(result.suggestions[0].evidence.start).toBe(long.length - '张伟，手机13588667722，汉族，团员。'.length);
  });
});
