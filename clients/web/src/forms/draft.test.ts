import { afterEach, describe, expect, it } from 'vitest';
import { clearDraft, readDraft, writeDraft } from './draft.ts';

afterEach(() => sessionStorage.clear());

describe('drafts in sessionStorage', () => {
  it('keeps a form for this tab and forgets it once cleared', () => {
    writeDraft('r1.PERSONAL_INFORMATION', { name: '张三', postcode: '0100' });
    expect(readDraft('r1.PERSONAL_INFORMATION')).toEqual({ name: '张三', postcode: '0100' });
    expect(readDraft('r2.PERSONAL_INFORMATION')).toBeUndefined();
    clearDraft('r1.PERSONAL_INFORMATION');
    expect(readDraft('r1.PERSONAL_INFORMATION')).toBeUndefined();
  });

  it('ignores what is not a draft: broken JSON, a list, a bare value', () => {
    for (const stored of ['{"name":', '[1,2]', '"x"', 'null']) {
      sessionStorage.setItem('zsb.draft.k', stored);
      expect(readDraft('k')).toBeUndefined();
    }
  });
});
