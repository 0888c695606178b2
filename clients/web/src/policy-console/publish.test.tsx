import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'solid-js/web';
import { Provider } from '@urql/solid';
import type { Client } from '@urql/core';
import type { DryRun } from './documents.ts';
import { PublishPanel } from './publish.tsx';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

const preview = {
  valid: true,
  placeholders: [{ id: 'parameters.json/windows/registration', file: 'parameters.json', path: '/windows/registration', choice: '报名时间待定', section: '2.1' }],
} as DryRun;

function mount(options: { stale?: boolean } = {}) {
  const sent: Record<string, unknown>[] = [];
  const client = {
    mutation: (_document: unknown, variables: Record<string, unknown>) => {
      sent.push(variables);
      return { toPromise: async () => ({ data: { publishRuleSetDraft: { ok: true, error: null, ruleSetHash: 'c'.repeat(64), previousHash: null, compared: 27, changedOutcomes: 8 } } }) };
    },
  } as unknown as Client;
  const published = vi.fn();
  const host = document.createElement('div');
  document.body.append(host);
  dispose = render(
    () => (
      <Provider value={client}>
        <PublishPanel province="CN-SD" year={2024} preview={preview} stale={options.stale ?? false} onPublished={published} />
      </Provider>
    ),
    host,
  );
  const submit = async () => {
    host.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const errorOf = (name: string) => {
    const field = host.querySelector(`[name="${name}"]`)!;
    const id = field.getAttribute('aria-describedby')!.split(' ').find((x) => x.endsWith('-error'))!;
    return host.querySelector(`[id="${id}"]`)?.textContent ?? '';
  };
  return { host, sent, published, submit, errorOf };
}

describe('PublishPanel', () => {
  it('sends nothing without a reason and every placeholder confirmed, each error beside its field', async () => {
    const { host, sent, submit, errorOf } = mount();
    await submit();
    expect(sent).toEqual([]);
    expect(errorOf('reason')).toBe('请写明发布的理由');
    expect(errorOf('confirm:parameters.json/windows/registration')).toBe('请逐项确认占位值，或先在文件中替换');
    expect(host.querySelector('label')?.textContent).toBe('发布理由');
  });

  it('publishes with the reason and the placeholders ticked, and says what is now in force', async () => {
    const { host, sent, published, submit } = mount();
    const reason = host.querySelector('textarea[name="reason"]') as HTMLTextAreaElement;
    reason.value = '2024 年招生通知';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    (host.querySelector('input[type="checkbox"]') as HTMLInputElement).click();
    await submit();
    expect(sent).toEqual([{ province: 'CN-SD', examYear: 2024, reason: '2024 年招生通知', confirmPlaceholders: ['parameters.json/windows/registration'] }]);
    expect(published).toHaveBeenCalledOnce();
    expect(host.querySelector('[data-testid="published"]')?.textContent).toBe('已发布，新版本 cccccccccccc 生效（对比 27 条，8 条结论改变）。');
  });

  it('asks for a fresh preview when the draft changed since the last one', async () => {
    const { host, sent, submit } = mount({ stale: true });
    await submit();
    expect(sent).toEqual([]);
    expect(host.querySelector('.alert')?.textContent).toBe('请先保存草稿并刷新预览，确认无误后再发布。');
  });
});
