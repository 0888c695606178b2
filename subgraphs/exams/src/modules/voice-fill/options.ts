import { distance } from 'fastest-levenshtein';

export interface OptionSpec {
  code: string;
  name: string;
}

/**
 * What people say for an option's name, by the name (any province's form may list it): 团员 for 共青团员,
 * 蒙族 for 蒙古族, 男生 for 男. Language, not policy: a name no province lists is never offered.
 */
export const SPOKEN_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  中共党员: ['中国共产党党员', '共产党员', '正式党员', '党员'],
  中共预备党员: ['中国共产党预备党员', '预备党员'],
  共青团员: ['中国共产主义青年团团员', '共青团团员', '青年团员', '共青团', '团员'],
  群众: ['普通群众', '一般群众'],
  无党派人士: ['无党派'],
  民革党员: ['民革'],
  民盟盟员: ['民盟'],
  民建会员: ['民建'],
  民进会员: ['民进'],
  农工党党员: ['农工党'],
  致公党党员: ['致公党'],
  九三学社社员: ['九三学社'],
  台盟盟员: ['台盟'],
  蒙古族: ['蒙族'],
  维吾尔族: ['维族'],
  男: ['男生', '男性', '男的'],
  女: ['女生', '女性', '女的'],
  英语: ['英文'],
  日语: ['日文'],
  俄语: ['俄文'],
  德语: ['德文'],
  法语: ['法文'],
  城市应届: ['城镇应届'],
  城市往届: ['城镇往届'],
  应届毕业生: ['应届生'],
  退役大学生士兵: ['退役士兵', '退伍大学生士兵', '退伍士兵'],
};

/** Suffixes a short spoken form leaves off (汉族 → 汉, 山东省 → 山东, 内蒙古自治区 → 内蒙古). */
const DROPPABLE_SUFFIXES = ['壮族自治区', '回族自治区', '维吾尔自治区', '特别行政区', '自治区', '族', '省', '市'];

export interface OptionVariant {
  option: OptionSpec;
  text: string;
  kind: 'name' | 'synonym' | 'short';
}

const VARIANTS = new WeakMap<readonly OptionSpec[], OptionVariant[]>();

/** Every way an option may be said: its name, synonyms, and the short form without its suffix. Longest first. */
export function optionVariants(options: readonly OptionSpec[]): OptionVariant[] {
  const known = VARIANTS.get(options);
  if (known) return known;
  const variants: OptionVariant[] = [];
  for (const option of options) {
    variants.push({ option, text: option.name, kind: 'name' });
    for (const synonym of SPOKEN_SYNONYMS[option.name] ?? []) variants.push({ option, text: synonym, kind: 'synonym' });
    const suffix = DROPPABLE_SUFFIXES.find((s) => option.name.endsWith(s) && option.name.length > s.length);
    if (suffix) variants.push({ option, text: option.name.slice(0, -suffix.length), kind: 'short' });
  }
  // Longest first, so 中共预备党员 wins over 党员 and 宁夏回族自治区 over 回族.
  variants.sort((a, b) => b.text.length - a.text.length);
  VARIANTS.set(options, variants);
  return variants;
}

/**
 * How alike two strings are, 0–1, by their characters alone (no pronunciation): the mean of the edit-distance
 * ratio and the share of characters in common (Dice). 满洲族/满族 ≈ 0.73, 共青团圆/共青团员 ≈ 0.75.
 */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const edit = 1 - distance(a, b) / Math.max(a.length, b.length);
  const left = [...a];
  const right = [...b];
  const pool = [...right];
  let common = 0;
  for (const ch of left) {
    const at = pool.indexOf(ch);
    if (at >= 0) {
      common++;
      pool.splice(at, 1);
    }
  }
  const dice = (2 * common) / (left.length + right.length);
  return (edit + dice) / 2;
}

export interface OptionGuess {
  option: OptionSpec;
  similarity: number;
}

/** The options most like `heard` (at most `limit`), best first, compared with each of their spoken forms. */
export function closestOptions(heard: string, options: readonly OptionSpec[], limit = 3): OptionGuess[] {
  const best = new Map<string, OptionGuess>();
  for (const variant of optionVariants(options)) {
    const score = similarity(heard, variant.text) * (variant.kind === 'short' ? 0.95 : 1);
    const seen = best.get(variant.option.code);
    if (!seen || seen.similarity < score) best.set(variant.option.code, { option: variant.option, similarity: score });
  }
  return [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}
