/**
 * Sends the sandbox's asynchronous notifications the way each channel does: at once, then again on the channel's
 * schedule (scaled by `timeScale`, so tests can compress a day into seconds) until the merchant answers as the
 * protocol says, applying the faults tests asked for.
 */
import type { Logger } from '@zsb/platform';
import type { Fault, FaultBook } from './faults.ts';
import { newId, type Delivery, type DeliveryAttempt, type SandboxChannel, type SandboxOrder, type SandboxStore } from './store.ts';

/** How one simulated channel writes and judges its notifications. */
export interface NotificationProtocol {
  /** Delays between sends, in milliseconds: the first send is immediate. */
  retrySchedule: number[];
  /** The form body of one send: the fields, refreshed and signed (or with a broken signature). */
  encode(fields: Record<string, string>, badSignature: boolean): string;
  /** Whether the merchant's answer ends the retries. */
  accepted(status: number, body: string): boolean;
}

export interface NotifierOptions {
  store: SandboxStore;
  faults: FaultBook;
  protocols: Record<SandboxChannel, NotificationProtocol>;
  timeScale: () => number;
  log: Logger;
  /** How long one send waits for the merchant's answer. */
  timeoutMs?: number;
}

export class Notifier {
  private timer?: NodeJS.Timeout;
  private readonly busy = new Set<string>();
  /** Deliveries still owed, so waking up looks at those and not at every notification ever sent. */
  private readonly pending = new Map<string, Delivery>();
  private held: { delivery: Delivery; faults: Fault[] }[] = [];
  private heldTimer?: NodeJS.Timeout;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Cuts sends short when the sandbox stops; what was cut is sent again after a restart. */
  private readonly abort = new AbortController();

  constructor(private readonly options: NotifierOptions) {}

  /** Starts (or resumes, after a restart) sending what is pending. */
  start(): void {
    for (const delivery of this.options.store.deliveries.values()) if (delivery.state === 'pending') this.pending.set(delivery.id, delivery);
    this.wake();
  }

  /** Queues a notification about an order and sends it at once. */
  notify(order: SandboxOrder, event: Delivery['event'], fields: Record<string, string>, url = order.notifyUrl): Delivery {
    const delivery: Delivery = { id: newId(), channel: order.channel, orderId: order.orderId, event, url, fields, state: 'pending', nextAt: Date.now(), attempts: [], createdAt: new Date().toISOString() };
    this.options.store.saveDelivery(delivery);
    this.pending.set(delivery.id, delivery);
    this.wake();
    return delivery;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.heldTimer);
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Sends what is due and sleeps until the next send is. */
  private wake(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const now = Date.now();
    let next = Infinity;
    for (const delivery of this.pending.values()) {
      if (this.busy.has(delivery.id)) continue;
      if (delivery.nextAt <= now) this.track(this.send(delivery));
      else next = Math.min(next, delivery.nextAt);
    }
    if (next < Infinity) this.timer = setTimeout(() => this.wake(), Math.min(next - now, 2 ** 31 - 1));
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async send(delivery: Delivery): Promise<void> {
    this.busy.add(delivery.id);
    const faults = this.options.faults.take(delivery.channel, delivery.orderId);
    const reorder = faults.find((fault) => fault.kind === 'reorder');
    if (reorder) return this.hold(delivery, faults, reorder);
    await this.transmit(delivery, faults);
  }

  /** Holds reordered notifications until the batch is full or its time is up, then sends the newest first. */
  private hold(delivery: Delivery, faults: Fault[], reorder: Fault): void {
    this.held.push({ delivery, faults: faults.filter((fault) => fault !== reorder) });
    const flush = async () => {
      clearTimeout(this.heldTimer);
      this.heldTimer = undefined;
      const batch = this.held.reverse();
      this.held = [];
      for (const item of batch) await this.transmit(item.delivery, item.faults);
    };
    if (this.held.length >= (reorder.batch ?? 2)) this.track(flush());
    else if (!this.heldTimer) this.heldTimer = setTimeout(() => this.track(flush()), reorder.holdMs ?? 5000);
  }

  private async transmit(delivery: Delivery, faults: Fault[]): Promise<void> {
    const protocol = this.options.protocols[delivery.channel];
    const applied: string[] = [];
    let attempt: DeliveryAttempt;
    try {
      if (faults.some((fault) => fault.kind === 'drop')) {
        attempt = { at: new Date().toISOString(), outcome: 'dropped', faults: ['drop'] };
      } else {
        const delay = faults.find((fault) => fault.kind === 'delay');
        if (delay) {
          applied.push(`delay ${delay.delayMs} ms`);
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, delay.delayMs);
            this.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve(undefined)), { once: true });
          });
        }
        const altered = faults.filter((fault) => fault.kind === 'alter');
        if (altered.length) applied.push('alter');
        const fields = Object.assign({}, delivery.fields, ...altered.map((fault) => fault.fields));
        const badSignature = faults.some((fault) => fault.kind === 'badSignature');
        if (badSignature) applied.push('badSignature');
        const copies = 1 + faults.filter((fault) => fault.kind === 'duplicate').reduce((sum, fault) => sum + (fault.copies ?? 1), 0);
        if (copies > 1) applied.push(`duplicate×${copies}`);
        let accepted = false;
        let last: { status?: number; body?: string; error?: string } = {};
        for (let copy = 0; copy < copies; copy++) {
          last = await this.post(delivery.url, protocol.encode(fields, badSignature));
          accepted ||= last.status !== undefined && protocol.accepted(last.status, last.body ?? '');
        }
        attempt = {
          at: new Date().toISOString(),
          outcome: accepted ? 'delivered' : last.status === undefined ? 'unreachable' : 'refused',
          status: last.status,
          body: last.body ?? last.error,
          faults: applied.length ? applied : undefined,
        };
      }
    } catch (error) {
      attempt = { at: new Date().toISOString(), outcome: 'unreachable', body: (error as Error).message };
    }
    this.record(delivery, attempt, protocol);
  }

  private record(delivery: Delivery, attempt: DeliveryAttempt, protocol: NotificationProtocol): void {
    if (this.stopped) return;
    delivery.attempts.push(attempt);
    if (attempt.outcome === 'delivered') {
      delivery.state = 'delivered';
      this.pending.delete(delivery.id);
    } else if (delivery.attempts.length >= protocol.retrySchedule.length) {
      delivery.state = 'abandoned';
      this.pending.delete(delivery.id);
      this.options.log.warn('notification abandoned after the last retry', { channel: delivery.channel, orderId: delivery.orderId, attempts: delivery.attempts.length });
    } else {
      delivery.nextAt = Date.now() + protocol.retrySchedule[delivery.attempts.length] * this.options.timeScale();
    }
    this.options.store.saveDelivery(delivery);
    this.busy.delete(delivery.id);
    this.wake();
  }

  private async post(url: string, body: string): Promise<{ status?: number; body?: string; error?: string }> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 10_000), this.abort.signal]),
      });
      return { status: response.status, body: (await response.text()).slice(0, 200) };
    } catch (error) {
      return { error: (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message };
    }
  }
}
