import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { latestFiles } from '../review/files.tsx';
import type { UploadView } from './documents.ts';
import { acceptOf, sizeText, UploadResult } from './upload-field.tsx';
import { setLocale } from '../i18n/locale.ts';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

const base: UploadView = {
  id: 'u1',
  field: 'photo',
  label: '个人照片',
  step: 'PHOTO',
  status: 'FLAGGED',
  statusText: '未通过',
  complianceText: '不符合要求',
  problem: null,
  format: 'jpg',
  bytes: 52_000,
  width: 480,
  height: 640,
  checks: [
    { code: 'FACE_COUNT', passed: false, message: '照片中检测到 2 张人脸，请只拍本人' },
    { code: 'TOO_DARK', passed: true, message: '亮度合适' },
  ],
  comparison: null,
  stepCompleted: null,
  downloadUrl: '/files/u1?reader=c&expires=1&signature=x',
  createdAt: '2026-11-22T10:00:00.000Z',
};

function show(upload: UploadView): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  dispose = render(() => <UploadResult upload={upload} />, root);
  return root;
}

describe('acceptOf', () => {
  it('turns the rules’ formats into extensions and types', () => {
    expect(acceptOf(['jpg', 'png'])).toBe('.jpg,.jpeg,image/jpeg,.png,image/png');
    expect(acceptOf(['pdf'])).toBe('.pdf,application/pdf');
  });
  it('takes JPG and PNG where the rules name no format', () => {
    expect(acceptOf(null)).toBe('.jpg,.jpeg,image/jpeg,.png,image/png');
  });
});

describe('sizeText', () => {
  it('says sizes the way the rules do', () => {
    expect(sizeText(10 * 1024 * 1024)).toBe('10 MB');
    expect(sizeText(200 * 1024)).toBe('200 KB');
  });
});

describe('UploadResult', () => {
  it('names each failed check with what to fix, and not the passed ones', () => {
    const root = show(base);
    expect(root.querySelector('[role=status]')!.textContent).toContain('处理状态：未通过；合规检测：不符合要求');
    const failed = [...root.querySelectorAll('.check-list__item')];
    expect(failed.map((li) => li.getAttribute('data-code'))).toEqual(['FACE_COUNT']);
    expect(failed[0]!.textContent).toContain('请只拍本人');
    expect(root.querySelector('.alert--error')).not.toBeNull();
  });

  it('shows an accepted photo’s thumbnail through its signed address and the comparison', () => {
    const root = show({
      ...base,
      status: 'DONE',
      statusText: '成功',
      complianceText: '符合要求',
      checks: [{ code: 'FACE_COUNT', passed: true, message: '一张人脸' }],
      comparison: { distance: 0.21, threshold: 0.45, matched: true, text: '比对通过' },
    });
    expect(root.querySelector('.check-list')).toBeNull();
    expect(root.querySelector('[data-testid=comparison]')!.textContent).toBe('比对通过');
    const img = root.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(base.downloadUrl);
    expect(img.getAttribute('alt')).toBe('已上传的个人照片');
    expect(root.querySelector('.alert--success')).not.toBeNull();
  });

  it('shows a refused file’s reason and no image', () => {
    const root = show({ ...base, status: 'REFUSED', statusText: '未通过', complianceText: null, checks: [], problem: { code: 'FILE_HIDDEN_CONTENT', message: '文件中夹带了其他内容', field: null } });
    expect(root.textContent).toContain('文件中夹带了其他内容');
    expect(root.querySelector('img')).toBeNull();
  });

  it('relabels the processing status in English when switched on an open page, keeping the server’s words', () => {
    const root = show(base);
    expect(root.querySelector('[role=status]')!.textContent).toContain('处理状态：未通过；合规检测：不符合要求');
    setLocale('en');
    try {
      expect(root.querySelector('[role=status]')!.textContent).toContain('Processing status: 未通过; compliance check: 不符合要求');
      expect(root.querySelector('.check-list')!.getAttribute('aria-label')).toBe('Checks not passed');
      expect(root.querySelector('.check-list__item')!.textContent).toContain('请只拍本人');
    } finally {
      setLocale('zh');
    }
  });
});

describe('latestFiles', () => {
  it('keeps each field’s latest file and never a recording or an unfinished upload', () => {
    const files = latestFiles([
      base,
      { ...base, id: 'u2', status: 'DONE', createdAt: '2026-11-22T10:05:00.000Z' },
      { ...base, id: 'u3', status: 'RECEIVING', createdAt: '2026-11-22T10:09:00.000Z' },
      { ...base, id: 'u4', field: 'recording', status: 'DONE' },
      { ...base, id: 'u5', field: 'idCardFront', status: 'DONE' },
    ]);
    expect(files.map((f) => f.id)).toEqual(['u2', 'u5']);
  });
});
