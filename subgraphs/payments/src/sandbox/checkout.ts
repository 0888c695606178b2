/**
 * The page a candidate sees at the sandbox instead of the channel's cashier: the order, the amount, and two buttons,
 * 确认支付 and 取消 (form posts, so a test pays exactly as a browser would).
 */
import type { Response } from 'express';
import { escapeHtml } from '../modules/channels/form.ts';
import { fenToYuan } from '../modules/channels/money.ts';
import type { SandboxOrder } from './store.ts';

const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.2rem}.warn{background:#fff4d6;border:1px solid #e6c36a;padding:.5rem .75rem;border-radius:.4rem;font-size:.9rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{color:#666}.amount{font-size:1.6rem;font-weight:600}
form{display:inline}button{font-size:1rem;padding:.6rem 1.4rem;margin:1rem .5rem 0 0;border-radius:.4rem;border:1px solid #888;background:#fff}
button.pay{background:#1677ff;color:#fff;border-color:#1677ff}`;

const STATE_TEXT = { WAITING: '待支付', PAID: '已支付', CLOSED: '已关闭' } as const;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The order's page at the sandbox. */
export function checkoutPage(order: SandboxOrder, channelName: string, merchantId: string): string {
  const open = order.state === 'WAITING';
  const actions = open
    ? `<form method="post" action="/sandbox/checkout/${order.checkoutId}/pay"><button class="pay" type="submit">确认支付</button></form><form method="post" action="/sandbox/checkout/${order.checkoutId}/cancel"><button type="submit">取消</button></form>`
    : `<p>此订单${STATE_TEXT[order.state]}。</p>`;
  return page(
    '支付沙箱（开发环境）',
    `<h1>支付沙箱（开发环境）</h1><p class="warn">这是开发环境的模拟${escapeHtml(channelName)}，不会发生真实扣款。</p>
<dl><dt>支付渠道</dt><dd>${escapeHtml(channelName)}</dd><dt>商户</dt><dd>${escapeHtml(merchantId)}</dd><dt>订单号</dt><dd data-order-id>${escapeHtml(order.orderId)}</dd>
<dt>商品</dt><dd>${escapeHtml(order.subject)}</dd><dt>金额</dt><dd class="amount" data-amount>¥${fenToYuan(order.amountFen)}</dd><dt>状态</dt><dd data-state>${STATE_TEXT[order.state]}</dd></dl>${actions}`,
  );
}

/** An error page for a request the simulated channel refuses, with the channel's code. */
export function sendErrorPage(res: Response, status: number, code: string, message: string): void {
  res.status(status).type('html').send(page('支付沙箱：请求被拒绝', `<h1>请求被拒绝</h1><p data-code>${escapeHtml(code)}</p><p>${escapeHtml(message)}</p>`));
}

/** A page that posts fields to the merchant's return address (UnionPay frontUrl, CEB merURL1). */
export function sendAutoPost(res: Response, url: string, fields: Record<string, string>): void {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  res.type('html').send(page('支付完成', `<form id="back" method="post" action="${escapeHtml(url)}">${inputs}<button type="submit">返回商户</button></form><script>document.getElementById('back').submit()</script>`));
}
