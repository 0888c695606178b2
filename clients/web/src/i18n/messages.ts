import { defineMessages } from './locale.ts';

/** Messages of the frame every page shares. */
export const commonMessages = defineMessages(
  {
    platformTitle: '普通高等教育专升本考试报名',
    footer: '请使用本人证件办理，妥善保管账号密码。',
    language: { label: '语言', switchTo: 'English', switchToLang: 'en' },
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
    notFound: {
      title: 'Page not found',
      lead: 'The page you asked for does not exist. Check the address, or go back to the start to choose your province.',
      home: 'Back to the start',

    },
  },
);
