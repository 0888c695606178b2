import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { Client, makeResult, type Exchange } from '@urql/core';
import { Provider } from '@urql/solid';
import { map, pipe } from 'wonka';
import { DemoClockBanner } from './demo-clock-banner.tsx';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

/** A client whose server answers every query with `platformClock` as given, and notes the variables asked. */
function clientAnswering(platformClock: unknown, asked: unknown[] = []): Client {
  const exchange: Exchange = () => (operations) =>
    pipe(
      operations,
      map((operation) => {
        if (operation.kind === 'query') asked.push(operation.variables);
        return makeResult(operation, { data: { platformClock } });
      }),
    );
  return new Client({ url: '/graphql', exchanges: [exchange] });
}

function show(client: Client): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  dispose = render(() => (
    <Provider value={client}>
      <DemoClockBanner province="CN-SD" />
    </Provider>
  ), root);
  return root;
}

describe('DemoClockBanner', () => {
  it("says plainly which time registration runs on when the province's clock is simulated", async () => {
    const asked: unknown[] = [];
    const message = '演示环境：当前时间按 2023年3月31日 10:00（北京时间）计算，报名时间以此为准。';
    const root = show(clientAnswering({ now: '2023-03-31T02:00:00.000Z', simulated: true, message }, asked));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(root.querySelector('[role="status"]')?.textContent).toBe(message);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((variables) => JSON.stringify(variables) === '{"province":"CN-SD"}')).toBe(true);
  });

  it('shows nothing on real time', async () => {
    const root = show(clientAnswering({ now: new Date().toISOString(), simulated: false, message: null }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(root.textContent).toBe('');
  });
});
