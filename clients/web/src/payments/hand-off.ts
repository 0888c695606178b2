import type { PaymentRedirect } from './documents.ts';

/**
 * The browser's side of paying: one client key per quote kept in `sessionStorage` (a double click, a reload or the
 * back button sends the same key, and the server answers the same order), the page to come back to, and sending
 * the browser to the channel — a GET, or a form of the channel's fields built in the DOM and submitted (the CSP
 * allows no inline script).
 */

const PREFIX = 'zsb.payment.';
const RETURN = `${PREFIX}return`;

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** What a quote is: the registration, the amount and the channel; another quote gets another key. */
export function quoteId(registrationId: string, amountFen: number, channel: string | undefined): string {
  return `${registrationId}:${amountFen}:${channel ?? ''}`;
}

function newKey(): string {
  // 8–64 letters, digits, `-`, `_` (the server's rule); a UUID is 36 of them.
  return crypto.randomUUID();
}

/** The client key for this quote: made once, then the same one until `forgetClientKey` (a closed order). */
export function clientKey(quote: string): string {
  const store = storage();
  const saved = store?.getItem(`${PREFIX}key.${quote}`);
  if (saved && /^[A-Za-z0-9_-]{8,64}$/.test(saved)) return saved;
  const key = newKey();
  store?.setItem(`${PREFIX}key.${quote}`, key);
  return key;
}

/** After an order of this quote closed unpaid: paying again is a new attempt, with a new key. */
export function forgetClientKey(quote: string): void {
  storage()?.removeItem(`${PREFIX}key.${quote}`);
}

/** Remembers the page that sent the candidate to pay, so the channel's return (`/?paymentOrder=`) comes back to it. */
export function rememberReturnPage(path: string): void {
  storage()?.setItem(RETURN, path);
}

/** Where `/?paymentOrder=<id>` goes: the page that opened the payment, with the order; undefined when unknown. */
export function returnPageFor(search: string): string | undefined {
  const order = new URLSearchParams(search).get('paymentOrder');
  if (!order || !/^[A-Za-z0-9_-]{1,64}$/.test(order)) return undefined;
  const page = storage()?.getItem(RETURN);
  // Only a path of this site (never `//elsewhere`).
  if (!page || !page.startsWith('/') || page.startsWith('//')) return undefined;
  return `${page.split('?')[0]}?paymentOrder=${encodeURIComponent(order)}`;
}

/** Sends the browser to the channel: a GET to its address, or its fields posted by a form made here. */
export function goToChannel(redirect: PaymentRedirect, doc: Document = document): void {
  if (redirect.method.toUpperCase() !== 'POST') {
    doc.location.assign(redirect.url);
    return;
  }
  const form = doc.createElement('form');
  form.method = 'POST';
  form.action = redirect.url;
  form.acceptCharset = 'UTF-8';
  form.hidden = true;
  for (const field of redirect.fields) {
    const input = doc.createElement('input');
    input.type = 'hidden';
    input.name = field.name;
    input.value = field.value;
    form.append(input);
  }
  doc.body.append(form);
  form.submit();
}
