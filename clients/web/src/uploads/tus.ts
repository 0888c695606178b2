import { useMessages } from '../i18n/locale.ts';
import { uploadMessages } from './messages.ts';

const t = useMessages(uploadMessages);

/**
 * A small tus 1.0 client: create (`POST` with `Upload-Length`), then `PATCH` in chunks; after a dropped connection it
 * asks `HEAD` how many bytes arrived and sends the rest. The server needs nothing more (no deferred length, no
 * concatenation), so this stays a page of code rather than a dependency in the registration chunk.
 */
export interface TusOptions {
  endpoint: string;
  token: string;
  file: Blob;
  /** Bytes sent per PATCH: a dropped connection loses at most one chunk. */
  chunkBytes?: number;
  /** Waits before each retry after a network failure; its length is how many retries. */
  retryDelaysMs?: readonly number[];
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** What the server said on the last byte: its `Upload-Status`, or a refusal with its code and Chinese message. */
export type TusResult = { ok: true; status: string | null } | { ok: false; code: string; message: string };

const HEADERS = { 'tus-resumable': '1.0.0' };

async function refusal(response: Response): Promise<TusResult> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return { ok: false, code: body.error.code ?? 'UPLOAD_REFUSED', message: body.error.message };
  } catch {
    // not JSON: said below in general words
  }
  return { ok: false, code: `HTTP_${response.status}`, message: response.status === 413 ? t('serverTooLarge') : t('refused') };
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

export async function tusUpload(options: TusOptions): Promise<TusResult> {
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const total = options.file.size;
  const chunk = options.chunkBytes ?? 256 * 1024;
  const delays = options.retryDelaysMs ?? [500, 1000, 2000, 4000, 8000, 8000, 8000];
  const auth = { ...HEADERS, 'upload-token': options.token };
  let failures = 0;
  /** Runs a request; a network failure (not an answer) waits and answers undefined so the caller resumes. */
  const attempt = async (request: () => Promise<Response>): Promise<Response | undefined> => {
    try {
      const response = await request();
      failures = 0;
      return response;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (failures >= delays.length) throw error;
      await wait(delays[failures++]!, options.signal);
      return undefined;
    }
  };

  let location: string | null = null;
  while (!location) {
    const created = await attempt(() => send(options.endpoint, { method: 'POST', headers: { ...auth, 'upload-length': String(total) }, signal: options.signal }));
    if (!created) continue;
    if (created.status !== 201) return refusal(created);
    location = created.headers.get('location');
    if (!location) return { ok: false, code: 'UPLOAD_NO_LOCATION', message: t('noLocation') };
  }
  let offset = 0;
  let known = true;
  options.onProgress?.(0, total);
  for (;;) {
    if (!known) {
      const head = await attempt(() => send(location!, { method: 'HEAD', headers: auth, signal: options.signal }));
      if (!head) continue;
      if (!head.ok) return refusal(head);
      offset = Number(head.headers.get('upload-offset') ?? 0);
      known = true;
      options.onProgress?.(offset, total);
    }
    const end = Math.min(total, offset + chunk);
    const body = options.file.slice(offset, end);
    const from = offset;
    const sent = await attempt(() =>
      send(location!, { method: 'PATCH', headers: { ...auth, 'upload-offset': String(from), 'content-type': 'application/offset+octet-stream' }, body, signal: options.signal }),
    );
    if (!sent) {
      known = false;
      continue;
    }
    if (sent.status === 409) {
      // The offset moved (a PATCH that arrived although its answer was lost): ask where it stands.
      known = false;
      continue;
    }
    if (sent.status !== 204) return refusal(sent);
    offset = Number(sent.headers.get('upload-offset') ?? end);
    options.onProgress?.(offset, total);
    if (offset >= total) return { ok: true, status: sent.headers.get('upload-status') };
  }
}
