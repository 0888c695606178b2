const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643-1999 check character of the first 17 characters of an 18-character citizen ID number. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Why an 18-character ID number (居民身份证 or 港澳台居民居住证) is invalid, or `undefined` when it is valid:
 * 6-digit area code, a real birth date not in the future, a 3-digit sequence, and the GB 11643 check character.
 */
export function gb11643Problem(value: string, today = new Date()): string | undefined {
  if (!/^\d{17}[\dX]$/.test(value)) return '证件号码应为18位，前17位为数字，最后一位为数字或X';
  if (value[0] === '0' || value.slice(0, 2) === '00') return '证件号码的地区码不正确';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth > today) return '证件号码中的出生日期不正确';
  if (gb11643CheckChar(value) !== value[17]) return '证件号码校验位不正确，请核对后重新输入';
  return undefined;
}

/** Normalises what a candidate typed: trims, removes inner spaces, upper-cases a trailing x. */
export function normaliseIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Mainland mobile numbers as carriers issue them: 11 digits starting 13–19. */
export function phoneProblem(value: string): string | undefined {
  return /^1[3-9]\d{9}$/.test(value) ? undefined : '请输入11位手机号码';
}
