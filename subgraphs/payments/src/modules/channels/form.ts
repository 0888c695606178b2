/** Small helpers the form-posting protocols share. */
import { ChannelError } from './channel.ts';
import type { PaymentRedirect } from './channel.ts';

/** Parses an `application/x-www-form-urlencoded` body; a field sent twice is malformed (undefined). */
export function parseForm(body: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(fields, key)) return undefined;
    fields[key] = value;
  }
  return fields;
}

/** Encodes fields as a form body. */
export function encodeForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An HTML page that sends the browser on to the channel (a form that submits itself, or a link for GET). */
export function redirectFormHtml(redirect: PaymentRedirect): string {
  if (redirect.method === 'GET') {
    return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escapeHtml(redirect.url)}"><a href="${escapeHtml(redirect.url)}">继续支付</a>`;
  }
  const inputs = Object.entries(redirect.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><meta charset="utf-8"><form id="pay" method="post" action="${escapeHtml(redirect.url)}">${inputs}<noscript><button>继续支付</button></noscript></form><script>document.getElementById('pay').submit()</script>`;
}

export { escapeHtml };

/** POSTs a form to a channel and returns the answer's text; a transport failure is `CHANNEL_UNAVAILABLE`. */
export async function postForm(url: string, fields: Record<string, string>, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: encodeForm(fields),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ChannelError('CHANNEL_UNAVAILABLE', `${url} did not answer (${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message)})`);
  }
  const text = await response.text();
  if (response.status >= 500) throw new ChannelError('CHANNEL_UNAVAILABLE', `${url} answered HTTP ${response.status}`);
  if (response.status !== 200) throw new ChannelError('CHANNEL_REJECTED', `${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  return text;
}
