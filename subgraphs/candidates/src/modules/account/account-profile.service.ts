import type { EntityManager } from '@mikro-orm/core';
import type { CandidateProfile, Logger } from '@zsb/platform';
import type { RuleCatalog } from '@zsb/rules';
import { RosterEntry } from '../roster/roster-entry.entity.ts';
import type { SmsProvider } from '../verification/sms-provider.ts';
import { CandidateAccount } from './account.entity.ts';
import { idDocumentLookup } from './blind-index.ts';

/**
 * The person behind an account, for other subgraphs over internal routes only (sealed service callers): the profile
 * a registration is prefilled from, and messages to the account's bound phone.
 */
export class AccountProfileService {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RuleCatalog,
    private readonly sms: SmsProvider,
    private readonly log: Logger,
  ) {}

  async profile(accountId: string, examYear: number | undefined): Promise<CandidateProfile | null> {
    const account = await this.em.findOne(CandidateAccount, { id: accountId });
    if (!account) return null;
    const entry =
      examYear === undefined ? null : await this.em.findOne(RosterEntry, { province: account.province, examYear, ...idDocumentLookup(this.em, account) });
    return {
      account: { id: account.id, province: account.province, idType: account.idType, idNumber: account.idNumber, phone: account.phone, name: account.name ?? null },
      roster: entry && { name: entry.name, collegeCode: entry.collegeCode, collegeName: entry.collegeName, majorCode: entry.majorCode, majorName: entry.majorName, track: entry.track },
    };
  }

  /**
   * Sends a text to the account's bound phone through the platform's SMS provider, signed as the province's rules say.
   * Answers false when there is no such account.
   */
  async notify(accountId: string, text: string, purpose: string): Promise<boolean> {
    const account = await this.em.findOne(CandidateAccount, { id: accountId });
    if (!account) return false;
    const signature = this.rules.current(account.province)?.accounts.sms?.signature ?? '';
    await this.sms.send({ phone: account.phone, text: `${signature}${text}`, province: account.province, purpose });
    this.log.info('candidate notified', { accountId, purpose });
    return true;
  }
}
