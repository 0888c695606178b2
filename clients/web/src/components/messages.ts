import { defineMessages } from '../i18n/locale.ts';

/** Messages of the shared form components (captcha, SMS code, ID fields, password, consent, connection, log out). */
export const componentMessages = defineMessages(
  {
    captcha: {
      label: '图片验证码',
      placeholder: '请输入右侧字符',
      hint: '看不清？点击图片换一张',
      change: '换一张图片验证码',
      changeTitle: '看不清？换一张',
      loading: '加载中…',
      fetch: '点击获取',
      image: '图片验证码',
      failed: '图片验证码获取失败',
    },
    sms: {
      label: '短信验证码',
      placeholder: '请输入验证码',
      send: '获取验证码',
      sending: '发送中…',
      resendIn: '{{ seconds }}秒后重新获取',
      devOutbox: '开发环境：短信验证码见',
    },
    id: {
      type: '证件类型',
      number: '证件号码',
      placeholder: '请输入{{ type }}号码',
    },
    password: { show: '显示', hide: '隐藏', showField: '显示{{ label }}', hideField: '隐藏{{ label }}' },
    consent: { read: '查看《{{ title }}》' },
    connectionLost: '网络已断开：已填写的内容会保留，网络恢复后请重新提交。',
    logOut: { label: '退出', busy: '正在退出…' },
  },
  {
    captcha: {
      label: 'Image code',
      placeholder: 'Type the characters shown on the right',
      hint: 'Cannot read it? Select the image for another one',
      change: 'Show another image code',
      changeTitle: 'Cannot read it? Show another',
      loading: 'Loading…',
      fetch: 'Select to load',
      image: 'Image code',
      failed: 'The image code could not be loaded',
    },
    sms: {
      label: 'SMS code',
      placeholder: 'Enter the code',
      send: 'Send code',
      sending: 'Sending…',
      resendIn: 'Send again in {{ seconds }} s',
      devOutbox: 'Development: the SMS codes are at',
    },
    id: {
      type: 'Type of identity document',
      number: 'Identity document number',
      placeholder: 'Enter the {{ type }} number',
    },
    password: { show: 'Show', hide: 'Hide', showField: 'Show {{ label }}', hideField: 'Hide {{ label }}' },
    consent: { read: 'Read “{{ title }}”' },
    connectionLost: 'The connection is lost: what you typed is kept; submit again once you are back online.',
    logOut: { label: 'Log out', busy: 'Logging out…' },
  },
);
