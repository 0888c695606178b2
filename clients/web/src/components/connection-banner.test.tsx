import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { ConnectionBanner } from './connection-banner.tsx';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

describe('ConnectionBanner', () => {
  it('says when the connection is lost, in a live region, and goes when it is back', () => {
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(() => <ConnectionBanner />, root);
    expect(root.querySelector('[role="alert"]')).toBeNull();
    window.dispatchEvent(new Event('offline'));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('网络已断开');
    expect(root.querySelector('[aria-live]')).not.toBeNull();
    window.dispatchEvent(new Event('online'));
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });
});
