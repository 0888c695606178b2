import { callInternal, InternalCallError, type CandidateProfile } from '@zsb/platform';

export type { CandidateProfile };

/**
 * The candidates subgraph's internal routes, called as the sealed service `exams`: the person a registration is
 * prefilled from, and SMS to the account's bound phone. Candidates keep the person; exams never stores a phone it
 * only needs to notify.
 */
export class CandidatesClient {
  constructor(
    private readonly origin: string,
    private readonly secret: Buffer,
  ) {}

  async profile(accountId: string, examYear: number): Promise<CandidateProfile | null> {
    try {
      const { body } = await callInternal<CandidateProfile>(this.origin, `/internal/candidates/${encodeURIComponent(accountId)}/profile?examYear=${examYear}`, { secret: this.secret, service: 'exams' });
      return body;
    } catch (error) {
      if (error instanceof InternalCallError && error.status === 404) return null;
      throw error;
    }
  }

  async notify(accountId: string, text: string, purpose: string): Promise<void> {
    await callInternal(this.origin, `/internal/candidates/${encodeURIComponent(accountId)}/notify`, { secret: this.secret, service: 'exams', body: { text, purpose } });
  }
}
