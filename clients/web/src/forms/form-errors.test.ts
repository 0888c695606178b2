import { describe, expect, it } from 'vitest';
import { CombinedError } from '@urql/core';
import { FORM, mutationFailure, placeError } from './form-errors.ts';

const FIELDS = ['idNumber', 'password', 'captchaAnswer', 'smsCode'];

describe('placeError', () => {
  it('puts a refusal beside the field it names', () => {
    expect(placeError({ code: 'NOT_ON_ROSTER', message: '该证件类型+证件号不存在于考生名单中，请确认后注册', field: 'idNumber' }, FIELDS)).toEqual({
      field: 'idNumber',
      code: 'NOT_ON_ROSTER',
      message: '该证件类型+证件号不存在于考生名单中，请确认后注册',
    });
  });

  it('puts a refusal with no field at the top of the form', () => {
    expect(placeError({ code: 'LOGIN_LOCKED', message: '密码错误次数过多，请15分钟后再试', field: null }, FIELDS).field).toBe(FORM);
  });

  it('puts a refusal about a field the form does not show at the top of the form', () => {
    expect(placeError({ code: 'RESET_TICKET_INVALID', message: '找回密码页面已过期，请重新开始', field: 'resetTicket' }, FIELDS).field).toBe(FORM);
  });
});

describe('mutationFailure', () => {
  it('is undefined when the payload says ok', () => {
    expect(mutationFailure({}, { ok: true }, FIELDS)).toBeUndefined();
  });

  it("is the payload's refusal, placed", () => {
    const failure = mutationFailure({}, { ok: false, error: { code: 'CAPTCHA_INVALID', message: '图片验证码不正确，请重新输入', field: 'captchaAnswer' } }, FIELDS);
    expect(failure).toEqual({ field: 'captchaAnswer', code: 'CAPTCHA_INVALID', message: '图片验证码不正确，请重新输入' });
  });

  it('tells a candidate to try later when a service is down', () => {
    const error = new CombinedError({ graphQLErrors: [{ message: '部分服务暂时不可用，请稍后重试', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    expect(mutationFailure({ error }, undefined, FIELDS)).toEqual({ field: FORM, code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后重试' });
  });

  it('tells a candidate to check the connection when the request got no answer', () => {
    const error = new CombinedError({ networkError: new TypeError('Failed to fetch') });
    expect(mutationFailure({ error }, undefined, FIELDS)).toMatchObject({ field: FORM, code: 'NETWORK', message: '网络连接失败，请检查网络后重试' });
  });

  it('treats a 502 page from a proxy as the service being down, not the network', () => {
    const error = new CombinedError({ networkError: new Error('Bad Gateway'), response: new Response('', { status: 502 }) });
    expect(mutationFailure({ error }, undefined, FIELDS)?.message).toBe('服务暂时不可用，请稍后重试');
  });
});
