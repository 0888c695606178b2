/**
 * Amounts are whole fen (分) everywhere inside the platform; channels speak yuan (元) strings or fen strings. These
 * conversions are exact string arithmetic: a float never holds money.
 */

const YUAN = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;
const FEN = /^(0|[1-9]\d{0,13})$/;

/** Thrown when a channel's amount is not one this platform can take as money. */
export class AmountFormatError extends Error {
  constructor(value: unknown, what: string) {
    super(`${JSON.stringify(value)} is not ${what}`);
  }
}

function checkFen(fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new AmountFormatError(fen, 'a whole, non-negative number of fen');
}

/** 15000 → "150.00" (Alipay's `total_amount`, CEB's `transAmt`). */
export function fenToYuan(fen: number): string {
  checkFen(fen);
  const text = String(fen).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** "150", "150.5", "150.50" → 15050; anything else (signs, exponents, three decimals, spaces) is refused. */
export function yuanToFen(yuan: string): number {
  const match = typeof yuan === 'string' ? YUAN.exec(yuan) : null;
  if (!match) throw new AmountFormatError(yuan, 'an amount in yuan with at most two decimals');
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 15000 → "15000" (UnionPay's `txnAmt`). */
export function fenToString(fen: number): string {
  checkFen(fen);
  return String(fen);
}

/** "15000" → 15000; leading zeros, signs and decimals are refused. */
export function fenFromString(text: string): number {
  if (typeof text !== 'string' || !FEN.test(text)) throw new AmountFormatError(text, 'an amount in fen');
  return Number(text);
}
