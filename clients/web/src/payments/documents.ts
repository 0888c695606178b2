import { graphql, type ResultOf } from '../graphql/graphql.ts';
import { UserErrorFields } from '../graphql/operations.ts';

/** The documents of the payment hand-off: opening (or continuing) an order, and asking where one stands. */

export const PaymentOrderFields = graphql(`
  fragment PaymentOrderFields on PaymentOrder {
    id
    orderNo
    registrationId
    amountFen
    channel
    status
    paidAt
    handedOverAt
    handOverRefusal
  }
`);

export const OpenPaymentMutation = graphql(
  `
    mutation OpenPayment($input: OpenPaymentInput!) {
      openPayment(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        order {
          ...PaymentOrderFields
        }
        redirect {
          method
          url
          fields {
            name
            value
          }
        }
      }
    }
  `,
  [UserErrorFields, PaymentOrderFields],
);

export const CheckPaymentOrderMutation = graphql(
  `
    mutation CheckPaymentOrder($orderId: ID!) {
      checkPaymentOrder(orderId: $orderId) {
        ok
        error {
          ...UserErrorFields
        }
        order {
          ...PaymentOrderFields
        }
      }
    }
  `,
  [UserErrorFields, PaymentOrderFields],
);

export const MyPaymentOrdersQuery = graphql(
  `
    query MyPaymentOrders {
      myPaymentOrders {
        ...PaymentOrderFields
      }
    }
  `,
  [PaymentOrderFields],
);

export type PaymentOrderView = ResultOf<typeof PaymentOrderFields>;
export type PaymentRedirect = NonNullable<ResultOf<typeof OpenPaymentMutation>['openPayment']['redirect']>;
