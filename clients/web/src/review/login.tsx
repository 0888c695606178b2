import { useMessages } from '../i18n/locale.ts';
import { StaffLogin } from '../staff/login.tsx';
import { reviewMessages } from './messages.ts';

/** 审核人员登录, then the review queue. */
export default function StaffLoginPage() {
  const t = useMessages(reviewMessages);
  return <StaffLogin title={() => t('login.title')} home="/review" />;
}
