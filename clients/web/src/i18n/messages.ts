import { defineMessages } from './locale.ts';

/** Messages of the frame every page shares. */
export const commonMessages = defineMessages(
  {
    platformTitle: '普通高等教育专升本考试报名',
    footer: '请使用本人证件办理，妥善保管账号密码。',
    language: { label: '语言', switchTo: 'English', switchToLang: 'en' },
    province: {
      eyebrow: '{{ province }} · 考生服务平台',
      closedTitle: '暂未开放',
      closed: '该省份暂未在本平台开放报名，请确认网址是否正确。',
      choose: '选择报考省份',
      failedTitle: '加载失败',
      reload: '重新加载',
    },
    loading: '正在加载…',
    errors: {
      serviceUnavailable: '服务暂时不可用，请稍后重试',
      network: '网络连接失败，请检查网络后重试',
      sessionOver: '登录已失效，请重新登录',
      unexpected: '系统繁忙，请稍后重试',
      tooManyRequests: '操作过于频繁，请稍后再试',
    },
    notFound: {
      title: '页面不存在',
      lead: '您访问的页面不存在，请检查网址，或返回首页选择报考省份。',
      home: '返回首页',
    },
  },
  {
    platformTitle: 'Upgrading to Undergraduate (专升本) Exam Registration',
    footer: 'Use your own identity document and keep your password safe.',
    language: { label: 'Language', switchTo: '中文', switchToLang: 'zh-CN' },
    province: {
      eyebrow: '{{ province }} · Candidate services',
      closedTitle: 'Not open yet',
      closed: 'Registration for this province is not open on this platform. Check that the address is right.',
      choose: 'Choose your province',
      failedTitle: 'Could not load',
      reload: 'Load again',
    },
    loading: 'Loading…',
    errors: {
      serviceUnavailable: 'The service is unavailable at the moment; please try again later',
      network: 'No connection: check your network and try again',
      sessionOver: 'You have been logged out; please log in again',
      unexpected: 'The system is busy; please try again later',
      tooManyRequests: 'Too many attempts; please wait and try again',
    },
    notFound: {
      title: 'Page not found',
      lead: 'The page you asked for does not exist. Check the address, or go back to the start to choose your province.',
      home: 'Back to the start',

    },
  },
);
