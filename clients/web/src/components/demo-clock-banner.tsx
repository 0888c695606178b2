import { Show } from 'solid-js';
import { createQuery } from '@urql/solid';
import { PlatformClockQuery } from '../graphql/operations.ts';

/**
 * Says plainly, on every page of a province, when registration windows are read on a demonstration clock rather
 * than the real date (development only: production never simulates the clock, so this shows nothing there).
 */
export function DemoClockBanner(props: { province: string }) {
  const [result] = createQuery({ query: PlatformClockQuery, variables: () => ({ province: props.province }) });
  return (
    <Show when={result.data?.platformClock.simulated && result.data.platformClock.message}>
      {(message) => (
        <p class="demo-clock" role="status">
          {message()}
        </p>
      )}
    </Show>
  );
}
