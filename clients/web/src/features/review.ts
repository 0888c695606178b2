/** The review console (资格审核) for college and province reviewers: one lazily loaded chunk. */
export { ReviewSection } from '../review/section.tsx';
export { default as StaffLoginPage } from '../review/login.tsx';
export { default as QueuePage } from '../review/queue.tsx';
export { default as ReviewDetailPage } from '../review/detail.tsx';
export { default as ChangeRequestsPage } from '../review/changes.tsx';
