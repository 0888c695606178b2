import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'solid-js/web';
import { PaymentStatus, type PaymentStatusProps } from './payment-hand-off.tsx';
import { setLocale } from '../i18n/locale.ts';
import type { PaymentOrderView } from './documents.ts';
import { clientKey, forgetClientKey, goToChannel, quoteId, rememberReturnPage, returnPageFor } from './hand-off.ts';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
  sessionStorage.clear();
  vi.restoreAllMocks();
});

const order: PaymentOrderView = {
  id: 'o1',
  orderNo: 'ZSB0123456789abcdef01234567',
  registrationId: 'r1',
  amountFen: 15000,
  channel: 'ALIPAY',
  status: 'PENDING',
  paidAt: null,
  handedOverAt: null,
  handOverRefusal: null,
};

function show(props: Partial<PaymentStatusProps>) {
  const root = document.createElement('div');
  document.body.append(root);
  const onPay = vi.fn();
  const onCheck = vi.fn();
  dispose = render(() => <PaymentStatus order={undefined} channelName="支付宝" polling={false} busy={false} canPay onPay={onPay} onCheck={onCheck} {...props} />, root);
  const buttons = () => [...root.querySelectorAll('button')].map((b) => b.textContent);
  return { root, onPay, onCheck, buttons };
}

describe('PaymentStatus', () => {
  it('offers 确认并缴费 when no order is open and payment can start', () => {
    const { root, onPay, buttons } = show({});
    expect(buttons()).toEqual(['确认并缴费']);
    root.querySelector<HTMLButtonElement>('[data-testid="pay"]')!.click();
    expect(onPay).toHaveBeenCalledOnce();
  });

  it('offers no button while payment cannot start (pledge not acknowledged, window closed)', () => {
    const { buttons } = show({ canPay: false });
    expect(buttons()).toEqual([]);
  });

  it('disables the button while the order is being opened, so a second press does nothing', () => {
    const { root } = show({ busy: true });
    const button = root.querySelector<HTMLButtonElement>('[data-testid="pay"]')!;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('正在打开支付页面…');
  });

  it('shows an open order being checked, in a live region, and never a new payment while it may still be paid', () => {
    const { root, buttons } = show({ order, polling: true });
    expect(root.querySelector('[aria-live="polite"]')!.textContent).toContain('正在确认缴费结果');
    expect(root.textContent).toContain('请勿重复缴费');
    expect(buttons()).toEqual(['继续支付此订单']);
    expect(root.textContent).not.toContain('重新缴费');
  });

  it('offers 再次查询 once the page stopped asking by itself', () => {
    const { root, onCheck, buttons } = show({ order, polling: false });
    expect(root.textContent).toContain('尚未收到支付宝的缴费结果');
    expect(buttons()).toEqual(['再次查询', '继续支付此订单']);
    root.querySelector('button')!.click();
    expect(onCheck).toHaveBeenCalledOnce();
  });

  it('says 已缴费 when paid, and that the registration is being updated until it is handed over', () => {
    const first = show({ order: { ...order, status: 'PAID' } });
    expect(first.root.querySelector('[data-testid="payment-paid"]')!.textContent).toBe('已缴费 ¥150.00，正在更新报名状态…');
    expect(first.buttons()).toEqual([]);
    dispose?.();
    document.body.innerHTML = '';
    const second = show({ order: { ...order, status: 'PAID', handedOverAt: '2026-01-01T00:00:00Z' } });
    expect(second.root.querySelector('[data-testid="payment-paid"]')!.textContent).toBe('已缴费 ¥150.00');
  });

  it('offers to pay again once the order is closed unpaid', () => {
    const { root, buttons } = show({ order: { ...order, status: 'CLOSED' } });
    expect(root.textContent).toContain('已关闭，未扣款');
    expect(buttons()).toEqual(['重新缴费']);
  });

  it('speaks English when switched, naming the channel as the province does', () => {
    setLocale('en');
    try {
      const { root, buttons } = show({ order, polling: false });
      expect(root.textContent).toContain('No result from 支付宝 yet');
      expect(root.textContent).toContain('do not pay again');
      expect(buttons()).toEqual(['Check again', 'Continue paying this order']);
    } finally {
      setLocale('zh');
    }
  });
});

describe('the hand-off', () => {
  it('keeps one client key per quote until an order of it closes', () => {
    const quote = quoteId('r1', 15000, 'ALIPAY');
    const key = clientKey(quote);
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(clientKey(quote)).toBe(key);
    expect(clientKey(quoteId('r1', 16000, 'ALIPAY'))).not.toBe(key);
    forgetClientKey(quote);
    expect(clientKey(quote)).not.toBe(key);
  });

  it('replaces a tampered stored key rather than sending it', () => {
    const quote = quoteId('r1', 15000, 'ALIPAY');
    sessionStorage.setItem(`zsb.payment.key.${quote}`, '<script>');
    expect(clientKey(quote)).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('posts the channel fields with a form built in the page', () => {
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(() => undefined);
    goToChannel({ method: 'POST', url: 'http://127.0.0.1:9/unionpay/pay', fields: [{ name: 'orderId', value: 'ZSB1' }, { name: 'signature', value: 'a"b<c' }] });
    const form = document.querySelector('form')!;
    expect(form.method.toLowerCase()).toBe('post');
    expect(form.action).toBe('http://127.0.0.1:9/unionpay/pay');
    expect([...new FormData(form)]).toEqual([
      ['orderId', 'ZSB1'],
      ['signature', 'a"b<c'],
    ]);
    expect(submit).toHaveBeenCalledOnce();
  });

  it('sends the return to the page that opened the payment, and only to a path of this site', () => {
    expect(returnPageFor('?paymentOrder=o1')).toBeUndefined();
    rememberReturnPage('/NM/registration/steps/PAYMENT');
    expect(returnPageFor('?paymentOrder=o1')).toBe('/NM/registration/steps/PAYMENT?paymentOrder=o1');
    expect(returnPageFor('?paymentOrder=a%2Fb')).toBeUndefined();
    expect(returnPageFor('')).toBeUndefined();
    rememberReturnPage('//evil.example/x');
    expect(returnPageFor('?paymentOrder=o1')).toBeUndefined();
  });
});
