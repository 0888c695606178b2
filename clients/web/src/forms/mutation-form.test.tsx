import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'solid-js/web';
import { CombinedError } from '@urql/core';
import { FormAlert, TextField } from '../components/field.tsx';
import { FORM } from './form-errors.ts';
import { createMutationForm, placeAnswer, type MutationForm } from './mutation-form.ts';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
  sessionStorage.clear();
});

function mount(captcha?: { spend: () => void }): { form: MutationForm; root: HTMLElement } {
  const root = document.createElement('div');
  document.body.append(root);
  let form!: MutationForm;
  dispose = render(() => {
    form = createMutationForm({ fields: ['idNumber', 'password'], captcha });
    return (
      <form ref={form.ref}>
        <FormAlert message={form.errors[FORM]} />
        <TextField name="idNumber" label="证件号码" value="" error={form.errors.idNumber} />
        <TextField name="password" label="密码" value="" error={form.errors.password} />
      </form>
    );
  }, root);
  return { form, root };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const errorOf = (root: HTMLElement, name: string) => root.querySelector(`#${root.querySelector(`[name="${name}"]`)!.getAttribute('aria-describedby')!.split(' ').pop()}`)!.textContent;

describe('createMutationForm', () => {
  it("shows the browser's own checks without asking the server, and focuses the first field in error", async () => {
    const { form, root } = mount();
    const request = vi.fn();
    expect(await form.submit(() => ({ idNumber: undefined, password: '请输入密码' }), request)).toBeUndefined();
    await tick();
    expect(request).not.toHaveBeenCalled();
    expect(errorOf(root, 'password')).toBe('请输入密码');
    expect(document.activeElement?.getAttribute('name')).toBe('password');
  });

  it("places the server's refusal beside the field it names, spends the captcha, and is busy while waiting", async () => {
    const spend = vi.fn();
    const { form, root } = mount({ spend });
    let answer!: (value: unknown) => void;
    const pending = form.submit(
      () => ({}),
      () => new Promise((resolve) => (answer = resolve)) as never,
      { spendsCaptcha: true },
    );
    expect(form.busy()).toBe(true);
    // A second press while the first is on its way does nothing.
    expect(await form.submit(() => ({}), vi.fn())).toBeUndefined();
    answer({ payload: { ok: false, error: { code: 'ID_NUMBER_INVALID', message: '证件号码校验位不正确', field: 'idNumber' }, errors: [] } });
    expect(await pending).toBeUndefined();
    await tick();
    expect(form.busy()).toBe(false);
    expect(spend).toHaveBeenCalledOnce();
    expect(errorOf(root, 'idNumber')).toBe('证件号码校验位不正确');
    expect(document.activeElement?.getAttribute('name')).toBe('idNumber');
  });

  it('puts a failure with no field of the form at the top, focused and announced', async () => {
    const { form, root } = mount();
    await form.submit(() => ({}), async () => ({ error: new CombinedError({ networkError: new TypeError('Failed to fetch') }), payload: undefined }));
    await tick();
    const alert = root.querySelector('[data-form-error]');
    expect(alert?.textContent).toBe('网络连接失败，请检查网络后重试');
    expect(alert?.closest('[aria-live]')).not.toBeNull();
    expect(document.activeElement).toBe(alert);
  });

  it('resolves the payload when it says ok, and lets the page handle a refusal it knows', async () => {
    const { form } = mount();
    expect(await form.submit(() => ({}), async () => ({ payload: { ok: true, token: 't' } }))).toEqual({ ok: true, token: 't' });
    const onRefusal = vi.fn(() => true);
    expect(await form.submit(() => ({}), async () => ({ payload: { ok: false, error: { code: 'RESET_TICKET_INVALID', message: 'x', field: null } } }), { onRefusal })).toBeUndefined();
    expect(onRefusal).toHaveBeenCalledOnce();
  });
});

describe('placeAnswer', () => {
  it('places every problem of a refused step beside its field, the first one winning', () => {
    const payload = {
      ok: false,
      error: { code: 'FIELD_REQUIRED', message: '请填写姓名', field: 'name' },
      errors: [
        { code: 'FIELD_REQUIRED', message: '请填写姓名', field: 'name' },
        { code: 'FIELD_INVALID', message: '邮政编码为6位数字', field: 'postcode' },
        { code: 'WINDOW_CLOSED', message: '报名已结束', field: null },
      ],
    };
    expect(placeAnswer({ payload }, ['name', 'postcode'])).toEqual({ name: '请填写姓名', postcode: '邮政编码为6位数字', [FORM]: '报名已结束' });
  });

  it("places a GraphQL error naming an input field (extensions.field) beside it", () => {
    const error = new CombinedError({ graphQLErrors: [{ message: '证件号码格式不正确', extensions: { code: 'BAD_USER_INPUT', field: 'idNumber' } }] });
    expect(placeAnswer({ error, payload: undefined }, ['idNumber'])).toMatchObject({ idNumber: '证件号码格式不正确' });
  });
});
