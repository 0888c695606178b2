import type { Client } from '@urql/core';
import { transportErrorMessage } from '../graphql/errors.ts';
import { RequestUploadMutation } from './documents.ts';
import { tusUpload } from './tus.ts';

export type SentUpload = { ok: true; uploadId: string } | { ok: false; message: string };

/**
 * Sends one file of a registration's field: asks for an upload ticket (the server checks the field, its formats and
 * size), then sends the file to the ticket's tus endpoint, resumably, reporting progress in percent. The upload's
 * id to follow on success; otherwise the reason in words (the server's refusal, the transport's, or `unavailable`).
 */
export async function sendUpload(
  client: Client,
  request: { registrationId: string; field: string; file: Blob; signal: AbortSignal; onProgress: (percent: number) => void; unavailable: string },
): Promise<SentUpload> {
  const answer = await client.mutation(RequestUploadMutation, { input: { registrationId: request.registrationId, field: request.field } }).toPromise();
  const ticket = answer.data?.requestUpload.ticket;
  if (!ticket) return { ok: false, message: answer.data?.requestUpload.error?.message ?? (answer.error ? transportErrorMessage(answer.error) : request.unavailable) };
  const sent = await tusUpload({
    endpoint: ticket.endpoint,
    token: ticket.token,
    file: request.file,
    signal: request.signal,
    onProgress: (done, total) => request.onProgress(total ? Math.round((done / total) * 100) : 100),
  });
  return sent.ok ? { ok: true, uploadId: ticket.uploadId } : { ok: false, message: sent.message };
}
