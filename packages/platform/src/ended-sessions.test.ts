import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENDED_SESSIONS_LISTED, endedSessionsHeader } from './identity.ts';

describe('the ended-sessions header', () => {
  it('is absent when nothing ended, lists the ids up to the limit, and says `*` past it', () => {
    expect(endedSessionsHeader(new Set())).toBeUndefined();
    const [a, b] = [randomUUID(), randomUUID()];
    expect(endedSessionsHeader(new Set([a, b]))).toBe(`${a},${b}`);
    const many = new Set(Array.from({ length: ENDED_SESSIONS_LISTED + 1 }, () => randomUUID()));
    expect(endedSessionsHeader(many)).toBe('*');
  });
});
