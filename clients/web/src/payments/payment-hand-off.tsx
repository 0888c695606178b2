import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { useClient } from '@urql/solid';
import { FormAlert } from '../components/field.tsx';
import { FORM } from '../forms/form-errors.ts';
import { createMutationForm } from '../forms/mutation-form.ts';
import { yuan } from '../registration/model.ts';
import { CheckPaymentOrderMutation, MyPaymentOrdersQuery, OpenPaymentMutation, type PaymentOrderView } from './documents.ts';
import { clientKey, forgetClientKey, goToChannel, quoteId, rememberReturnPage } from './hand-off.ts';
import { useMessages } from '../i18n/locale.ts';
import { paymentMessages } from './messages.ts';

const t = useMessages(paymentMessages);

/** How often, and how many times, the page asks about an open order by itself before offering 再次查询. */
export const POLL_EVERY_MS = 3000;
export const POLL_TIMES = 20;

export interface PaymentStatusProps {
  /** The order to show; undefined when none is open (the pay button is shown). */
  order: PaymentOrderView | undefined;
  channelName: string;
  /** Whether the page still asks by itself. */
  polling: boolean;
  busy: boolean;
  canPay: boolean;
  onPay: () => void;
  onCheck: () => void;
}

/**
 * Where the candidate's payment stands, as words: the pay button when no order is open, 正在确认 while one is open,
 * 已缴费 when paid, and paying again only once the order is closed (never while it may still be paid at the channel).
 * Status changes are announced (`aria-live`).
 */
export function PaymentStatus(props: PaymentStatusProps) {
  const status = () => props.order?.status;
  return (
    <div data-testid="payment-status" data-status={status() ?? 'NONE'}>
      <div aria-live="polite" role="status">
        <Switch>
          <Match when={status() === 'PAID' || status() === 'REFUNDED'}>
            <p class="alert alert--success" data-testid="payment-paid">
              {status() === 'REFUNDED' ? t('refunded') : t('paid', { amount: yuan(props.order!.amountFen) })}
              {status() === 'PAID' && !props.order!.handedOverAt ? t('updating') : ''}
            </p>
          </Match>
          <Match when={status() === 'PENDING'}>
            <p class="alert alert--info" data-testid="payment-checking">
              {props.polling ? t('checking', { order: props.order!.orderNo }) : t('notYet', { channel: props.channelName, order: props.order!.orderNo })}
            </p>
            <p class="field__hint">{t('noSecondPayment', { channel: props.channelName })}</p>
          </Match>
          <Match when={status() === 'CLOSED'}>
            <p class="alert alert--warning" data-testid="payment-closed">
              {t('closed', { order: props.order!.orderNo })}
            </p>
          </Match>
        </Switch>
      </div>
      <Switch>
        <Match when={status() === 'PENDING'}>
          <div class="actions">
            <Show when={!props.polling}>
              <button type="button" class="button button--secondary" onClick={() => props.onCheck()} disabled={props.busy}>
                {t('checkAgain')}
              </button>
            </Show>
            <button type="button" class="button button--outline" onClick={() => props.onPay()} disabled={props.busy}>
              {t('resume')}
            </button>
          </div>
        </Match>
        <Match when={!status() || status() === 'CLOSED'}>
          <Show when={props.canPay}>
            <button type="button" class="button button--primary button--block" data-testid="pay" onClick={() => props.onPay()} disabled={props.busy} aria-busy={props.busy}>
              {props.busy ? t('opening') : status() === 'CLOSED' ? t('payAgain') : t('pay')}
            </button>
          </Show>
        </Match>
      </Switch>
    </div>
  );
}

/**
 * The hand-off to the channel for one registration: finds the candidate's order of it (after a reload, the back
 * button or the channel's return), asks about it every few seconds while open, re-reads the registration once paid,
 * and opens (or continues) the order under the quote's client key.
 */
export function PaymentHandOff(props: {
  registrationId: string;
  amountFen: number;
  channel: { code: string; name: string } | null | undefined;
  canPay: boolean;
  /** The order the channel's return names (`?paymentOrder=`), if any. */
  returnedOrderId?: string;
  onSettled: () => void;
}) {
  const client = useClient();
  const form = createMutationForm({ fields: [] });
  const [order, setOrder] = createSignal<PaymentOrderView>();
  const [polling, setPolling] = createSignal(false);
  const quote = () => quoteId(props.registrationId, props.amountFen, props.channel?.code);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settled = false;

  const show = (next: PaymentOrderView | undefined) => {
    setOrder(next);
    if (next?.handedOverAt && !settled) {
      settled = true;
      props.onSettled();
    }
  };

  const check = async (): Promise<PaymentOrderView | undefined> => {
    const current = order();
    if (!current) return undefined;
    const result = await client.mutation(CheckPaymentOrderMutation, { orderId: current.id }).toPromise();
    const answered = result.data?.checkPaymentOrder.order;
    if (answered) show(answered);
    return answered ?? current;
  };

  const poll = (times = POLL_TIMES) => {
    clearTimeout(timer);
    setPolling(true);
    const round = async (left: number) => {
      const now = await check().catch(() => order());
      const waiting = now && (now.status === 'PENDING' || (now.status === 'PAID' && !now.handedOverAt));
      if (!waiting || left <= 1) {
        setPolling(false);
        return;
      }
      timer = setTimeout(() => void round(left - 1), POLL_EVERY_MS);
    };
    void round(times);
  };

  /** The order to show: the one the return names, else this registration's newest still open or paid. */
  const find = async () => {
    const result = await client.query(MyPaymentOrdersQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    const mine = (result.data?.myPaymentOrders ?? []).filter((o) => o.registrationId === props.registrationId);
    const named = props.returnedOrderId ? mine.find((o) => o.id === props.returnedOrderId) : undefined;
    const found = named ?? mine.find((o) => o.status !== 'CLOSED') ?? mine[0];
    show(found);
    if (found && (found.status === 'PENDING' || (found.status === 'PAID' && !found.handedOverAt))) poll();
  };

  const pay = async () => {
    if (order()?.status === 'CLOSED') forgetClientKey(quote());
    rememberReturnPage(window.location.pathname);
    const mobile = window.matchMedia?.('(max-width: 640px)').matches ?? false;
    const payload = await form.submit(
      () => ({}),
      async () => {
        const result = await client
          .mutation(OpenPaymentMutation, { input: { registrationId: props.registrationId, clientKey: clientKey(quote()), device: mobile ? 'mobile' : 'desktop', amountFen: props.amountFen } })
          .toPromise();
        return { error: result.error, payload: result.data?.openPayment };
      },
      {
        onRefusal: (error) => {
          // Paid meanwhile (another tab): the registration says so.
          if (error.code === 'PAYMENT_ALREADY_MADE') {
            props.onSettled();
            void find();
            return true;
          }
          return false;
        },
      },
    );
    if (!payload?.order) return;
    show(payload.order);
    if (payload.order.status !== 'PENDING' || !payload.redirect) {
      poll();
      return;
    }
    goToChannel(payload.redirect);
  };

  // Shown again from the back/forward cache: never the button of a page that already sent the browser to pay.
  const shownAgain = (event: PageTransitionEvent) => {
    if (event.persisted) void find();
  };
  onMount(() => {
    void find();
    window.addEventListener('pageshow', shownAgain);
  });
  onCleanup(() => {
    clearTimeout(timer);
    window.removeEventListener('pageshow', shownAgain);
  });

  return (
    <form ref={form.ref} onSubmit={(event) => event.preventDefault()} novalidate>
      <FormAlert message={form.errors[FORM]} />
      <PaymentStatus
        order={order()}
        channelName={props.channel?.name ?? t('channel')}
        polling={polling()}
        busy={form.busy()}
        canPay={props.canPay}
        onPay={() => void pay()}
        onCheck={() => poll()}
      />
    </form>
  );
}
