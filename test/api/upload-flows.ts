import type { TestPlatform } from '../support/platform.ts';
import { bearer } from './flows.ts';
import { eventually } from './registration-flows.ts';

/** The candidate's side of an upload: a token from GraphQL, then the tus protocol through the gateway. */
export const TUS = { 'tus-resumable': '1.0.0' };
export const UPLOAD_FIELDS = 'id field label step status statusText complianceText problem { code message } format bytes width height checks { code passed message measured limit } comparison { distance threshold matched text } stepCompleted downloadUrl';

export interface Ticket {
  uploadId: string;
  token: string;
  endpoint: string;
  maxBytes: number;
  formats: string[];
  step: string;
}

export interface UploadView {
  id: string;
  field: string;
  status: string;
  statusText: string;
  complianceText: string | null;
  problem: { code: string; message: string } | null;
  format: string | null;
  bytes: number | null;
  width: number | null;
  checks: { code: string; passed: boolean; message: string; measured: number | null; limit: number | null }[];
  comparison: { distance: number; threshold: number; matched: boolean; text: string } | null;
  stepCompleted: boolean | null;
  downloadUrl: string | null;
}

export async function requestUpload(p: TestPlatform, token: string, registrationId: string, field: string) {
  const r = await p.graphql<{ requestUpload: { ok: boolean; error: { code: string; message: string } | null; ticket: Ticket | null } }>(
    'mutation($input: RequestUploadInput!) { requestUpload(input: $input) { ok error { code message } ticket { uploadId token endpoint maxBytes formats step expiresAt } } }',
    { input: { registrationId, field } },
    bearer(token),
  );
  return r.data!.requestUpload;
}

/** Creates the tus upload and sends every byte; answers the last response. */
export async function sendFile(p: TestPlatform, ticket: Ticket, data: Buffer): Promise<Response> {
  const created = await fetch(`${p.url}${ticket.endpoint}`, { method: 'POST', headers: { ...TUS, 'upload-length': String(data.length), 'upload-token': ticket.token } });
  if (created.status !== 201) return created;
  return fetch(`${p.url}${created.headers.get('location')}`, { method: 'PATCH', headers: { ...TUS, 'upload-token': ticket.token, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: data });
}

export async function uploadView(p: TestPlatform, token: string, id: string): Promise<UploadView | null> {
  const r = await p.graphql<{ upload: UploadView | null }>(`query($id: ID!) { upload(id: $id) { ${UPLOAD_FIELDS} } }`, { id }, bearer(token));
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.upload;
}

/**
 * Uploads a file for a field and waits until its processing ends (handed over, flagged or refused), or with
 * `waitsForPair` until it is analysed and waits for its pair (an ID card before the photo it is compared with).
 */
export async function uploadAndSettle(p: TestPlatform, token: string, registrationId: string, field: string, data: Buffer, options: { waitsForPair?: boolean; ms?: number } = {}): Promise<UploadView> {
  const { ticket, error } = await requestUpload(p, token, registrationId, field);
  if (!ticket) throw new Error(`no ticket for ${field}: ${JSON.stringify(error)}`);
  const sent = await sendFile(p, ticket, data);
  if (sent.status !== 204) throw new Error(`${field} refused: ${sent.status} ${await sent.text()}`);
  return eventually(async () => {
    const seen = await uploadView(p, token, ticket.uploadId);
    if (seen && ['DONE', 'FLAGGED', 'REFUSED', 'HAND_OVER_REFUSED'].includes(seen.status)) return seen;
    return options.waitsForPair && seen?.status === 'ANALYSING' && seen.checks.length ? seen : undefined;
  }, options.ms ?? 60_000);
}
