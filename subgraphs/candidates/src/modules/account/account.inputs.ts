import { Field, InputType } from 'type-graphql';
import { SmsPurpose } from '../verification/sms-challenge.entity.ts';

@InputType({ description: 'Ask for an SMS verification code (获取验证码).' })
export class SendSmsCodeInput {
  @Field(() => String, { description: 'Province code, e.g. `CN-SD`.' })
  province: string;

  @Field(() => SmsPurpose)
  purpose: SmsPurpose;

  @Field(() => String, { nullable: true, description: 'The phone to send to: for REGISTER, and for RESET_PASSWORD where the province asks for the phone.' })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'For LOGIN and RESET_PASSWORD: the ID type; the province default when omitted.' })
  idType?: string;

  @Field(() => String, { nullable: true, description: 'For LOGIN and RESET_PASSWORD: the ID number.' })
  idNumber?: string;

  @Field(() => String, { nullable: true, description: 'For RESET_PASSWORD in provinces with the masked-phone flow: the ticket from `startPasswordReset`.' })
  resetTicket?: string;

  @Field(() => String, { nullable: true, description: 'Where the province asks for a captcha before sending: the captcha id.' })
  captchaId?: string;

  @Field(() => String, { nullable: true })
  captchaAnswer?: string;
}

@InputType({ description: 'Create a candidate account (考生注册).' })
export class RegisterCandidateInput {
  @Field(() => String)
  province: string;

  @Field(() => String, { nullable: true, description: 'ID type (证件类型); the province default when omitted.' })
  idType?: string;

  @Field(() => String, { description: 'ID number (证件号码).' })
  idNumber: string;

  @Field(() => String, { description: 'Mobile number to bind (绑定手机号).' })
  phone: string;

  @Field(() => String, { description: 'The SMS code sent for REGISTER to that phone.' })
  smsCode: string;

  @Field(() => String)
  password: string;

  @Field(() => String)
  passwordConfirmation: string;

  @Field(() => String, { nullable: true })
  captchaId?: string;

  @Field(() => String, { nullable: true })
  captchaAnswer?: string;

  @Field(() => Boolean, { nullable: true, description: 'Consent to the privacy policy and service agreement, where the province asks for it.' })
  acceptedPrivacyPolicy?: boolean;
}

@InputType({ description: 'Sign in as a candidate (考生登录), with the factors the province asks for.' })
export class LogInCandidateInput {
  @Field(() => String)
  province: string;

  @Field(() => String, { nullable: true })
  idType?: string;

  @Field(() => String)
  idNumber: string;

  @Field(() => String)
  password: string;

  @Field(() => String, { nullable: true, description: 'Where the province asks for it: the SMS code sent for LOGIN.' })
  smsCode?: string;

  @Field(() => String, { nullable: true })
  captchaId?: string;

  @Field(() => String, { nullable: true })
  captchaAnswer?: string;
}

@InputType({ description: 'First step of the masked-phone password recovery: which account.' })
export class StartPasswordResetInput {
  @Field(() => String)
  province: string;

  @Field(() => String, { nullable: true })
  idType?: string;

  @Field(() => String)
  idNumber: string;

  @Field(() => String, { nullable: true })
  captchaId?: string;

  @Field(() => String, { nullable: true })
  captchaAnswer?: string;
}

@InputType({ description: 'Set a new password (找回密码) after proving control of the bound phone.' })
export class ResetPasswordInput {
  @Field(() => String)
  province: string;

  @Field(() => String, { nullable: true })
  idType?: string;

  @Field(() => String, { nullable: true, description: 'Where the province asks for ID and phone on one page.' })
  idNumber?: string;

  @Field(() => String, { nullable: true, description: 'Where the province asks for ID and phone on one page.' })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'In the masked-phone flow: the ticket from `startPasswordReset`.' })
  resetTicket?: string;

  @Field(() => String)
  smsCode: string;

  @Field(() => String, { nullable: true, description: 'Where the one-page recovery asks for a captcha (`passwordResetCaptcha`).' })
  captchaId?: string;

  @Field(() => String, { nullable: true })
  captchaAnswer?: string;

  @Field(() => String)
  newPassword: string;

  @Field(() => String)
  newPasswordConfirmation: string;
}
