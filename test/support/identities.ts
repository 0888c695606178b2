import { gb11643CheckChar } from '../../subgraphs/candidates/src/modules/account/id-number.ts';

let sequence = 0;

/** A valid resident ID number (GB 11643 check character), different on every call. */
export function residentId(area = '370102', birth = '20010315'): string {
  sequence++;
  const first17 = `${area}${birth}${String(100 + ((sequence * 37 + Math.floor(Math.random() * 800)) % 900)).padStart(3, '0')}`;
  return first17 + gb11643CheckChar(first17);
}

/** A mainland mobile number, different on every call. */
export function phoneNumber(): string {
  sequence++;
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** Same number with a wrong check character. */
export function withWrongCheckChar(id: string): string {
  const right = id[17];
  return id.slice(0, 17) + (right === '0' ? '1' : '0');
}
