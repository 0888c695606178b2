import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'solid-js/web';
import { SmsCodeField } from './sms-code-field.tsx';
import { maskIdNumber, maskPhone } from './id-fields.tsx';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
  vi.useRealTimers();
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SmsCodeField', () => {
  it('counts down on the button after a code is sent, then offers to send again', async () => {
    const onSend = vi.fn(async () => ({ resendAfterSeconds: 60, notice: '验证码已发送，请注意查收短信' }));
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(() => <SmsCodeField value="" onValue={() => undefined} onSend={onSend} />, root);
    const button = root.querySelector('button')!;
    expect(button.textContent).toBe('获取验证码');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    button.click();
    await vi.waitFor(() => expect(button.textContent).toBe('60秒后重新获取'));
    expect(button.disabled).toBe(true);
    expect(root.textContent).toContain('验证码已发送，请注意查收短信');
    vi.advanceTimersByTime(60_000);
    expect(button.textContent).toBe('获取验证码');
    expect(button.disabled).toBe(false);
    expect(onSend).toHaveBeenCalledOnce();
  });

  it('stays ready to send when the request was refused', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(() => <SmsCodeField value="" onValue={() => undefined} onSend={async () => undefined} />, root);
    const button = root.querySelector('button')!;
    button.click();
    await flush();
    await flush();
    expect(button.textContent).toBe('获取验证码');
    expect(button.disabled).toBe(false);
  });

  it('labels the input and ties the error to it for screen readers', () => {
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(() => <SmsCodeField value="" onValue={() => undefined} onSend={async () => undefined} error="短信验证码不正确，还可尝试4次" />, root);
    const input = root.querySelector('input')!;
    const label = root.querySelector(`label[for="${input.id}"]`);
    expect(label?.textContent).toContain('短信验证码');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(input.getAttribute('aria-describedby')!.split(' ').at(-1)!);
    expect(error?.textContent).toBe('短信验证码不正确，还可尝试4次');
    expect(error?.getAttribute('aria-live')).toBe('polite');
  });
});

describe('masking', () => {
  it('hides the middle of an ID number and a phone number', () => {
    expect(maskIdNumber('37010219990101123X')).toBe('3701**********123X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
