import { gb11643CheckChar } from '../../subgraphs/candidates/src/modules/account/id-number.ts';

let sequence = Math.floor(Math.random() * 100_000);

/** A valid resident ID number (GB 11643 check character), different on every call within a test file. */
export function residentId(area = '370102'): string {
  sequence++;
  // 900 sequence numbers a day, then the next birth date: no two calls repeat.
  const birth = new Date(Date.UTC(1995, 0, 1) + Math.floor(sequence / 900) * 86_400_000);
  const first17 = `${area}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(100 + (sequence % 900)).padStart(3, '0')}`;
  return first17 + gb11643CheckChar(first17);
}

/** A mainland mobile number, different on every call. */
export function phoneNumber(): string {
  sequence++;
  return `139${String(sequence * 7919 + Math.floor(Math.random() * 1000) * 1e5).padStart(8, '0').slice(-8)}`;
}

/** Same number with a wrong check character. */
export function withWrongCheckChar(id: string): string {
  const right = id[17];
  return id.slice(0, 17) + (right === '0' ? '1' : '0');
}
