import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import type { DryRun } from './documents.ts';
import { PreviewPanel } from './preview.tsx';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

const base: DryRun = {
  valid: true,
  problems: [],
  failedCases: [],
  compared: 28,
  changedCount: 1,
  draftHash: 'a'.repeat(64),
  publishedHash: null,
  comparedWithRuleSet: 'CN-SD/2023',
  comparedWithHash: 'b'.repeat(64),
  counts: [
    { source: 'CASE', compared: 26, changed: 1 },
    { source: 'SAMPLE', compared: 2, changed: 0 },
  ],
  policyChanges: [{ area: 'fees', kind: 'CHANGED', code: 'REGISTRATION', name: '报名', text: '报名（REGISTRATION）：报名 0.01 元 → 报名 0.02 元' }],
  changes: [{ source: 'CASE', decision: 'feeQuote', situation: 'x', text: '【报名费用】x：0.04 元 → 0.05 元' }],
  placeholders: [{ id: 'parameters.json/windows/registration', file: 'parameters.json', path: '/windows/registration', choice: '待定', section: '2.1' }],
  text: '【逐年对比】',
};

function mount(result: DryRun) {
  const host = document.createElement('div');
  document.body.append(host);
  dispose = render(() => <PreviewPanel result={result} busy={false} samples={2} onRun={() => undefined} />, host);
  return host;
}

describe('PreviewPanel', () => {
  it('shows what a valid draft changes: counts by source, policy and outcomes, placeholders', () => {
    const host = mount(base);
    expect(host.querySelector('[data-testid="preview-validity"]')?.textContent).toBe('草稿有效，可以发布。');
    expect(host.textContent).toContain('对比对象：CN-SD/2023');
    expect([...host.querySelectorAll('tr[data-source]')].map((row) => row.textContent)).toEqual(['示例261', '样例20']);
    expect(host.querySelector('[data-testid="policy-changes"]')?.textContent).toContain('报名 0.01 元 → 报名 0.02 元');
    expect(host.querySelector('[data-testid="outcome-changes"] li')?.textContent).toContain('0.05 元');
    expect(host.textContent).toContain('parameters.json/windows/registration（2.1）：待定');
  });

  it('for an invalid draft lists its problems and claims no comparison', () => {
    const host = mount({ ...base, valid: false, problems: [{ file: 'flow.json', path: '/window', message: '时间窗口不存在' }], comparedWithRuleSet: null, counts: [], policyChanges: [], changes: [], placeholders: [] });
    expect(host.querySelector('[data-testid="preview-validity"]')?.textContent).toBe('草稿未通过校验，不能发布。');
    expect(host.querySelector('[data-testid="preview-problems"]')?.textContent).toBe('flow.json /window：时间窗口不存在');
    expect(host.textContent).not.toContain('没有可对比的版本');
    expect(host.textContent).not.toContain('政策没有改变');
  });
});
