import http from 'node:http';
import { callInternal, InternalCallError, Refusal, sealedCallerHeader, subgraphUrl, type UploadTarget as PlatformUploadTarget } from '@zsb/platform';
import type { PhotoRules } from '../photo-check/photo-analyser.ts';

/** A registration as exams describes it to the upload service (`GET /internal/registrations/:id/upload-target`). */
export type UploadTarget = PlatformUploadTarget<PhotoRules>;

/** Whose a registration is and where it sits: who may read its files (`POST /internal/registrations/readers`). */
export type RegistrationReaders = Pick<UploadTarget, 'registrationId' | 'accountId' | 'province' | 'collegeCode'>;

/** Registrations one readers call asks about (exams' limit). */
const READERS_BATCH = 200;

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

  /**
   * Owner, province and college of many registrations in one call (a reviewer's list): what deciding who reads their
   * files needs. Registrations exams does not know are absent from the answer.
   */
  async readers(registrationIds: readonly string[]): Promise<Map<string, RegistrationReaders>> {
    const found = new Map<string, RegistrationReaders>();
    const ids = [...new Set(registrationIds.filter((id) => /^[0-9a-f-]{36}$/.test(id)))];
    for (let i = 0; i < ids.length; i += READERS_BATCH) {
      const { body } = await callInternal<{ registrations: RegistrationReaders[] }>(this.origin, '/internal/registrations/readers', { secret: this.secret, service: 'uploads', body: { ids: ids.slice(i, i + READERS_BATCH) } });
      for (const r of body.registrations) found.set(r.registrationId, r);
    }
    return found;
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

  /**
   * 语音识别填报: sends a recording's bytes to exams, which checks it (format, duration), has it recognised and reads
   * it against the registration's form. Answers the suggestions; a refusal comes back as `HandOverRefused`.
   */
  async voiceFill(registrationId: string, audio: Buffer): Promise<VoiceFillAnswer> {
    const url = new URL(`/internal/registrations/${registrationId}/voice-fill`, this.origin);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', timeout: 120_000, headers: { ...sealedCallerHeader(this.secret, { kind: 'service', name: 'uploads' }, ''), 'content-type': 'application/octet-stream', 'content-length': audio.length } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('timeout', () => request.destroy(new Error('voice fill did not answer within 120 s')));
      request.on('error', reject);
      request.end(audio);
    });
    const body = JSON.parse(text || '{}') as VoiceFillAnswer & { error?: { code?: string; message?: string } };
    if (status >= 400 && status < 500 && body.error?.code) throw new HandOverRefused(body.error.code, body.error.message ?? '');
    if (status < 200 || status >= 300) throw new Error(`voice fill answered ${status}`);
    return body;
  }
}

/** What voice fill suggests: each field heard with its value and confidence; required fields not heard. */
export interface VoiceFillAnswer {
  suggestions: { field: string; value: unknown; display?: string; confidence: number; problem?: string }[];
  missing: string[];
  unrecognised?: unknown;
}
