import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import { setLocale } from '../i18n/locale.ts';
import { FileEditor } from './editor.tsx';
import { SchemaChecker } from './schema-check.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const schemaDir = path.join(root, 'rules', 'schema');
const checker = new SchemaChecker(fs.readdirSync(schemaDir).map((file) => ({ file, schema: JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')) as Record<string, unknown> })));
const parameters = fs.readFileSync(path.join(root, 'rules', 'provinces', 'CN-SD', '2023', 'parameters.json'), 'utf8');

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
  setLocale('zh');
  vi.useRealTimers();
});

function mount() {
  const [text, setText] = createSignal(parameters);
  const seen: number[] = [];
  const host = document.createElement('div');
  document.body.append(host);
  dispose = render(() => <FileEditor name="parameters.json" schema="parameters.schema.json" text={text()} checker={checker} onText={setText} onProblems={(p) => seen.push(p.length)} />, host);
  const area = host.querySelector('textarea') as HTMLTextAreaElement;
  const type = (value: string) => {
    area.value = value;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  };
  return { host, area, type, seen };
}

describe('FileEditor', () => {
  it('is labelled by its file and described by the hint, the status and the problems', () => {
    const { host, area } = mount();
    const label = host.querySelector(`label[for="${area.id}"]`);
    expect(label?.textContent).toBe('parameters.json 的内容（JSON）');
    const described = area.getAttribute('aria-describedby')!.split(' ');
    expect(described).toHaveLength(3);
    for (const id of described) expect(host.querySelector(`[id="${id}"]`)).not.toBeNull();
    expect(host.querySelector('[role="status"]')?.textContent).toBe('parameters.json：格式正确');
    expect(area.getAttribute('aria-invalid')).toBeNull();
  });

  it('checks what is typed after a pause: the problem at its line and path, announced, and gone when fixed', () => {
    vi.useFakeTimers();
    const { host, area, type, seen } = mount();
    type(parameters.replace(/"amountFen": 1\b/, '"amountFen": -1'));
    expect(host.querySelectorAll('.problems__item')).toHaveLength(0);
    vi.advanceTimersByTime(300);
    const item = host.querySelector('.problems__item button') as HTMLButtonElement;
    expect(item.dataset.path).toBe('/feeItems/items/0/amountFen');
    expect(item.textContent).toMatch(/^第 \d+ 行第 \d+ 列 \/feeItems\/items\/0\/amountFen：数值太小/);
    expect(host.querySelector('[role="status"]')?.textContent).toBe('parameters.json：1 处错误');
    expect(area.getAttribute('aria-invalid')).toBe('true');
    expect(seen.at(-1)).toBe(1);
    // The problem's button puts the cursor on the value.
    item.click();
    const line = Number(/第 (\d+) 行/.exec(item.textContent!)![1]);
    expect(area.value.slice(0, area.selectionStart).split('\n')).toHaveLength(line);
    type(parameters);
    vi.advanceTimersByTime(300);
    expect(host.querySelectorAll('.problems__item')).toHaveLength(0);
    expect(seen.at(-1)).toBe(0);
  });

  it('names a syntax error in the words the server’s checks use', () => {
    vi.useFakeTimers();
    const { host, type } = mount();
    type('{\n  "timeZone": "Asia/Shanghai"\n  "windows": {}\n}');
    vi.advanceTimersByTime(300);
    expect(host.querySelector('.problems__item button')?.textContent).toBe('第 3 行第 3 列：JSON 格式错误：缺少逗号 ,');
  });

  it('says so in English when the language is switched', () => {
    setLocale('en');
    const { host } = mount();
    expect(host.querySelector('[role="status"]')?.textContent).toBe('parameters.json: well formed');
  });
});
