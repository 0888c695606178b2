/** The candidate's registration (报名): one lazily loaded chunk, fetched when a signed-in candidate opens it. */
export { RegistrationSection } from '../registration/context.tsx';
export { default as RegistrationOverview } from '../registration/overview.tsx';
export { default as StepPage } from '../registration/step-page.tsx';
export { default as PreviewPage } from '../registration/preview.tsx';
export { default as ChangesPage } from '../registration/changes.tsx';
