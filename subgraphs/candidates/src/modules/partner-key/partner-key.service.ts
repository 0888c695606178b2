import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Refusal, recordAudit, type Principal } from '@zsb/platform';
import { PartnerKey } from './partner-key.entity.ts';

/**
 * Scopes a partner key may hold; each guards the fields that name it. An `.identity` scope adds whole ID numbers,
 * phones and names to its base scope, which masks them (docs/architecture.md, "Partner scopes").
 */
export const PARTNER_SCOPES = ['exams.read', 'roster.read', 'roster.read.identity', 'accounts.read', 'accounts.read.identity', 'payments.read', 'registrations.read', 'registrations.read.identity'] as const;

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface NewPartnerKey {
  name: string;
  scopes: string[];
  province?: string;
  trustedOperationsOnly?: boolean;
}

export type PartnerPrincipal = Extract<Principal, { kind: 'partner' }> & { trustedOperationsOnly: boolean };

export class PartnerKeyService {
  constructor(private readonly em: EntityManager) {}

  /** Creates a key; the returned `key` is shown once and never stored. Audited. */
  async create(input: NewPartnerKey, by: { cli: string }): Promise<{ record: PartnerKey; key: string }> {
    if (!input.name?.trim()) throw new Refusal('NAME_REQUIRED', '请填写合作方名称', 'name');
    const unknown = input.scopes.filter((s) => !(PARTNER_SCOPES as readonly string[]).includes(s));
    if (!input.scopes.length || unknown.length) throw new Refusal('SCOPE_INVALID', `权限范围须为 ${PARTNER_SCOPES.join(', ')} 中的一项或多项`, 'scopes');
    const orphan = input.scopes.find((s) => s.endsWith('.identity') && !input.scopes.includes(s.slice(0, -'.identity'.length)));
    if (orphan) throw new Refusal('SCOPE_INVALID', `${orphan} 须与 ${orphan.slice(0, -'.identity'.length)} 一同授予`, 'scopes');
    const secret = randomBytes(32).toString('base64url');
    const record = this.em.create(PartnerKey, {
      name: input.name.trim(),
      scopes: input.scopes,
      province: input.province,
      trustedOperationsOnly: input.trustedOperationsOnly ?? false,
      secretHash: digest(secret),
      createdAt: new Date(),
    });
    this.em.persist(record);
    recordAudit(this.em, by, 'partner-key.create', { type: 'PartnerKey', id: record.id }, { name: record.name, scopes: record.scopes, province: record.province, trustedOperationsOnly: record.trustedOperationsOnly });
    await this.em.flush();
    return { record, key: `zsb_${record.id}_${secret}` };
  }

  /** The principal of a presented key, or `undefined` for anything not a live key. */
  async verify(key: string): Promise<PartnerPrincipal | undefined> {
    const match = /^zsb_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(key);
    if (!match) return undefined;
    const record = await this.em.fork().findOne(PartnerKey, { id: match[1], revokedAt: null });
    if (!record || !timingSafeEqual(Buffer.from(record.secretHash, 'hex'), Buffer.from(digest(match[2]), 'hex'))) return undefined;
    return { kind: 'partner', keyId: record.id, name: record.name, scopes: record.scopes, province: record.province, trustedOperationsOnly: record.trustedOperationsOnly };
  }

  async revoke(id: string, by: { cli: string }): Promise<boolean> {
    return this.em.transactional(async (tx) => {
      const n = await tx.nativeUpdate(PartnerKey, { id, revokedAt: null }, { revokedAt: new Date() });
      if (n) recordAudit(tx, by, 'partner-key.revoke', { type: 'PartnerKey', id });
      return n === 1;
    });
  }
}
