import { defineMessages } from '../i18n/locale.ts';

/** The staff sign-in's words, shared by the review console and the policy console (each gives its own title). */
export const staffMessages = defineMessages(
  {
    login: {
      username: '用户名',
      password: '密码',
      usernameMissing: '请输入用户名',
      passwordMissing: '请输入密码',
      submit: '登录',
      busy: '正在登录…',
      failed: '登录未成功，请稍后重试',
    },
  },
  {
    login: {
      username: 'Username',
      password: 'Password',
      usernameMissing: 'Enter your username',
      passwordMissing: 'Enter your password',
      submit: 'Sign in',
      busy: 'Signing in…',
      failed: 'Signing in did not work. Please try again shortly.',
    },
  },
);
