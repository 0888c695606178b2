import { useMessages } from '../i18n/locale.ts';
import { StaffLogin } from '../staff/login.tsx';
import { policyMessages } from './messages.ts';

/** 政策管理员登录 (one session with the review console), then the rule versions. */
export default function PolicyLoginPage() {
  const t = useMessages(policyMessages);
  return <StaffLogin title={() => t('login.title')} home="/policy" />;
}
