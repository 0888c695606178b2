import { callInternal, InternalCallError, Refusal, subgraphUrl } from '@zsb/platform';
import type { PhotoRules } from '../photo-check/photo-analyser.ts';

/** A registration as exams describes it to the upload service (`GET /internal/registrations/:id/upload-target`). */
export interface UploadTarget {
  registrationId: string;
  accountId: string;
  province: string;
  collegeCode: string | null;
  examSessionId: string;
  fields: { code: string; step: string; label: string; type: 'file' | 'photo'; formats?: string[]; maxBytes?: number; stepStatus: string; blockedBy?: { code: string; message: string } }[];
  photo: PhotoRules;
}

/** A file handed over, as exams' flow takes it. */
export interface HandedOverFile {
  fileId: string;
  format: string;
  bytes: number;
  check?: 'PASSED' | 'FAILED' | 'PENDING';
}

/** Exams refused what was handed over: its code and message, for the candidate. */
export class HandOverRefused extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}

/**
 * The exams subgraph's internal routes the upload service calls, as the sealed service `uploads`. Exams' address is
 * read at each call, so a test platform that starts exams after candidates is found.
 */
export class ExamsClient {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly secret: Buffer,
  ) {}

  private get origin(): string {
    return new URL(subgraphUrl(this.env, 'exams')).origin;
  }

  /** The registration, or `REGISTRATION_NOT_FOUND` (the same answer whether it does not exist or is another's). */
  async target(registrationId: string): Promise<UploadTarget> {
    if (!/^[0-9a-f-]{36}$/.test(registrationId)) throw new Refusal('REGISTRATION_NOT_FOUND', '没有找到该报名。', 'registrationId');
    try {
      const { body } = await callInternal<UploadTarget>(this.origin, `/internal/registrations/${registrationId}/upload-target`, { secret: this.secret, service: 'uploads' });
      return body;
    } catch (error) {
      if (error instanceof InternalCallError && error.status === 404) throw new Refusal('REGISTRATION_NOT_FOUND', '没有找到该报名。', 'registrationId');
      throw error;
    }
  }

  /** Gives exams accepted files of one step; answers whether the step completed. */
  async handOver(registrationId: string, step: string, files: Record<string, HandedOverFile>): Promise<{ completed: boolean; missing: string[] }> {
    try {
      const { body } = await callInternal<{ completed: boolean; missing: string[] }>(this.origin, `/internal/registrations/${registrationId}/files`, { secret: this.secret, service: 'uploads', body: { step, files }, timeoutMs: 10_000 });
      return body;
    } catch (error) {
      const refusal = error instanceof InternalCallError && error.status < 500 ? (error.body as { error?: { code?: string; message?: string } })?.error : undefined;
      if (refusal?.code) throw new HandOverRefused(refusal.code, refusal.message ?? '');
      throw error;
    }
  }
}
