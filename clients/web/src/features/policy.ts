/** The policy console (政策管理) for a province's policy staff: one lazily loaded chunk, with its schema checker. */
export { PolicySection } from '../policy-console/section.tsx';
export { default as PolicyLoginPage } from '../policy-console/login.tsx';
export { default as PolicyHomePage } from '../policy-console/versions.tsx';
export { default as DraftPage } from '../policy-console/draft.tsx';
