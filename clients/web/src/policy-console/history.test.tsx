import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import type { RuleSetSummary } from './documents.ts';
import { History } from './history.tsx';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

const publication = { contentHash: 'b'.repeat(64), reason: '调整报名费', confirmedPlaceholders: [], compared: 12, changedOutcomes: 3, publishedAt: '2024-03-01T02:00:00.000Z' };
const set = {
  province: 'CN-SD',
  examYear: 2024,
  status: 'IN_FORCE',
  publications: [
    { ...publication, sequence: 2, previousHash: 'a'.repeat(64), publishedBy: 'staff:6f1c0d9e-2b7a-4c55-9a0e-3d1f2e4b5a6c', publisher: { id: '6f1c0d9e-2b7a-4c55-9a0e-3d1f2e4b5a6c', displayName: '李政策', role: 'POLICY_STAFF' } },
    { ...publication, sequence: 1, contentHash: 'a'.repeat(64), previousHash: null, publishedBy: 'files', publisher: null, reason: '规则文件', compared: null, changedOutcomes: null },
  ],
} as unknown as RuleSetSummary;

describe('History', () => {
  it('names the member of staff who published a version, with their role, and shows the actor of any other publication', () => {
    const host = document.createElement('div');
    document.body.append(host);
    dispose = render(() => <History set={set} />, host);
    const cells = [...host.querySelectorAll('td[data-publisher]')].map((td) => [td.getAttribute('data-publisher'), td.textContent]);
    expect(cells).toEqual([
      ['staff:6f1c0d9e-2b7a-4c55-9a0e-3d1f2e4b5a6c', '李政策（政策管理员）'],
      ['files', 'files'],
    ]);
  });
});
