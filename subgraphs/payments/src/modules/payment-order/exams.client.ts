import { callInternal, InternalCallError, Refusal, type Payable } from '@zsb/platform';

export type { Payable };

/** The hand-over's answer: accepted (first time or again), or refused with the registration's code. */
export type HandOverResult = { accepted: true; repeated: boolean } | { accepted: false; code: string; message: string };

/** Refusals that say "not now" rather than "never": the relay delivers again later. */
const TRANSIENT = new Set(['REGISTRATION_CHANGED']);

/** The exams subgraph's internal routes payments uses. */
export class ExamsClient {
  constructor(
    private readonly origin: string,
    private readonly secret: Buffer,
  ) {}

  async payable(registrationId: string): Promise<Payable | undefined> {
    const { status, body } = await callInternal<Payable>(this.origin, `/internal/registrations/${encodeURIComponent(registrationId)}/payable`, { secret: this.secret, service: 'payments', accept: [404] });
    return status === 404 ? undefined : body;
  }

  /** Payable, or the refusal a candidate sees when the registration is not theirs or not there. */
  async payableFor(registrationId: string, accountId: string): Promise<Payable> {
    const payable = await this.payable(registrationId).catch((error: unknown) => {
      if (error instanceof InternalCallError && error.status < 500) return undefined;
      // Exams unreachable or failing: nothing was opened; the page may ask again with the same key.
      throw new Refusal('PAYMENT_UNAVAILABLE', '暂时无法缴费，请稍后再试', 'registrationId');
    });
    if (!payable || payable.accountId !== accountId) throw new Refusal('REGISTRATION_NOT_FOUND', '没有找到该报名', 'registrationId');
    return payable;
  }

  /** Marks the registration paid by one order. Throws while exams cannot answer (the outbox tries again). */
  async handOver(registrationId: string, payment: { orderId: string; amountFen: number; paidAt?: Date }): Promise<HandOverResult> {
    const { status, body } = await callInternal<{ repeated?: boolean; error?: { code: string; message: string } }>(this.origin, `/internal/registrations/${encodeURIComponent(registrationId)}/payment`, {
      secret: this.secret,
      service: 'payments',
      body: { orderId: payment.orderId, amountFen: payment.amountFen, paidAt: payment.paidAt?.toISOString() },
      accept: [404, 409],
      timeoutMs: 10_000,
    });
    if (status === 200) return { accepted: true, repeated: Boolean(body.repeated) };
    const code = body.error?.code ?? `HTTP_${status}`;
    if (TRANSIENT.has(code)) throw new Error(`exams answered ${code}; trying again`);
    return { accepted: false, code, message: body.error?.message ?? '' };
  }
}
