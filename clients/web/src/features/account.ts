/** The account feature (province picker, sign-in, register, password reset, the account page): one lazily loaded chunk. */
export { default as ProvincePicker } from '../pages/province-picker.tsx';
export { default as LoginPage } from '../pages/login.tsx';
export { default as RegisterPage } from '../pages/register.tsx';
export { default as ForgotPage } from '../pages/forgot.tsx';
export { default as HomePage } from '../pages/home.tsx';
