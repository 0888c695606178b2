import { defineMessages } from '../i18n/locale.ts';

/** Messages of the payment hand-off: the order's state and the buttons. The channel's name is the province's. */
export const paymentMessages = defineMessages(
  {
    refunded: '已退费',
    paid: '已缴费 {{ amount }}',
    updating: '，正在更新报名状态…',
    checking: '正在确认缴费结果（订单号 {{ order }}）…',
    notYet: '尚未收到{{ channel }}的缴费结果（订单号 {{ order }}）。',
    noSecondPayment: '如您已在{{ channel }}完成付款，请勿重复缴费，结果可能需要几分钟确认。',
    closed: '订单 {{ order }} 已关闭，未扣款。如需报名，请重新缴费。',
    checkAgain: '再次查询',
    resume: '继续支付此订单',
    opening: '正在打开支付页面…',
    payAgain: '重新缴费',
    pay: '确认并缴费',
    channel: '支付渠道',
  },
  {
    refunded: 'Refunded',
    paid: 'Paid {{ amount }}',
    updating: '; updating the registration…',
    checking: 'Confirming the payment (order {{ order }})…',
    notYet: 'No result from {{ channel }} yet (order {{ order }}).',
    noSecondPayment: 'If you have already paid with {{ channel }}, do not pay again: the result may take a few minutes to arrive.',
    closed: 'Order {{ order }} is closed and nothing was charged. To register, pay again.',
    checkAgain: 'Check again',
    resume: 'Continue paying this order',
    opening: 'Opening the payment page…',
    payAgain: 'Pay again',
    pay: 'Confirm and pay',
    channel: 'the payment channel',
  },
);
