import { defineMessages } from '../i18n/locale.ts';

/**
 * Messages of the browser's own checks and of failures the client names itself. The checks shared with the server
 * (`@zsb/platform/id-number`: the ID check character, a phone's carrier prefix) answer in the server's Chinese.
 */
export const formMessages = defineMessages(
  {
    phoneRequired: '请输入手机号码',
    idNumberRequired: '请输入证件号码',
    idNumberPattern: '{{ type }}号码格式不正确（{{ hint }}）',
    smsRequired: '请输入短信验证码',
    smsDigits: '短信验证码为6位数字',
    passwordRequired: '请设置登录密码',
    passwordLength: '密码长度应为{{ min }}-{{ max }}位',
    passwordCharacters: '密码只能包含数字、英文字母和英文特殊字符，不能包含空格或中文',
    passwordMissing: '密码必须包含{{ classes }}',
    passwordClasses: { digit: '数字', letter: '英文字母', lowercase: '小写字母', uppercase: '大写字母', special: '特殊字符' },
    listSeparator: '、',
    confirmationRequired: '请再次输入密码',
    confirmationDiffers: '两次输入的密码不一致',
    failed: '操作未成功，请稍后重试',
    smsSent: '验证码已发送，请注意查收短信',
  },
  {
    phoneRequired: 'Enter your mobile number',
    idNumberRequired: 'Enter your identity document number',
    idNumberPattern: 'The {{ type }} number is not in the right form ({{ hint }})',
    smsRequired: 'Enter the SMS code',
    smsDigits: 'The SMS code is 6 digits',
    passwordRequired: 'Choose a password',
    passwordLength: 'The password must be {{ min }} to {{ max }} characters long',
    passwordCharacters: 'The password may hold only digits, English letters and English punctuation: no spaces or Chinese characters',
    passwordMissing: 'The password must contain {{ classes }}',
    passwordClasses: { digit: 'a digit', letter: 'an English letter', lowercase: 'a lowercase letter', uppercase: 'an uppercase letter', special: 'a special character' },
    listSeparator: ', ',
    confirmationRequired: 'Enter the password again',
    confirmationDiffers: 'The two passwords are not the same',
    failed: 'That did not work; please try again later',
    smsSent: 'The code has been sent; check your text messages',
  },
);
