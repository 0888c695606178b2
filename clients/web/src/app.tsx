import { lazy, type Component } from 'solid-js';
import { Navigate, Route, Router, useParams, type RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import type { Client } from '@urql/core';
import { SessionContext } from './auth/session-context.ts';
import type { SessionStore } from './auth/session.ts';
import { ProvinceSection } from './policy/policy-context.tsx';
import NotFoundPage, { NotFound } from './pages/not-found.tsx';

/** A page of a feature chunk: every page of one feature comes in one request, the first time one of them is opened. */
function page<M extends Record<K, Component<RouteSectionProps>>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}
const account = () => import('./features/account.ts');
const registration = () => import('./features/registration.ts');
const review = () => import('./features/review.ts');
const policy = () => import('./features/policy.ts');

const ProvincePicker = page(account, 'ProvincePicker');
const LoginPage = page(account, 'LoginPage');
const RegisterPage = page(account, 'RegisterPage');
const ForgotPage = page(account, 'ForgotPage');
const HomePage = page(account, 'HomePage');
const RegistrationSection = page(registration, 'RegistrationSection');
const RegistrationOverview = page(registration, 'RegistrationOverview');
const StepPage = page(registration, 'StepPage');
const PreviewPage = page(registration, 'PreviewPage');
const ChangesPage = page(registration, 'ChangesPage');
const ReviewSection = page(review, 'ReviewSection');
const StaffLoginPage = page(review, 'StaffLoginPage');
const QueuePage = page(review, 'QueuePage');
const ReviewDetailPage = page(review, 'ReviewDetailPage');
const ChangeRequestsPage = page(review, 'ChangeRequestsPage');
const PolicySection = page(policy, 'PolicySection');
const PolicyLoginPage = page(policy, 'PolicyLoginPage');
const PolicyHomePage = page(policy, 'PolicyHomePage');
const DraftPage = page(policy, 'DraftPage');

function ToLogin() {
  const params = useParams<{ province: string }>();
  return <Navigate href={`/${params.province}/login`} />;
}

/**
 * Routes, grouped by feature and loaded when first opened: `/` picks a province; `/:province/{login,register,forgot,
 * home}` are the account screens; `/:province/registration/*` the candidate's registration; `/review/*` the review
 * console for staff; `/policy/*` the policy console for policy staff. Any other path is a 404.
 */
export function App(props: { client: Client; session: SessionStore }) {
  return (
    <SessionContext.Provider value={props.session}>
      <Provider value={props.client}>
        <Router>
          <Route path="/" component={ProvincePicker} />
          <Route path="/review" component={ReviewSection}>
            <Route path="/" component={QueuePage} />
            <Route path="/login" component={StaffLoginPage} />
            <Route path="/registrations/:id" component={ReviewDetailPage} />
            <Route path="/changes" component={ChangeRequestsPage} />
            <Route path="/*rest" component={NotFound} />
          </Route>
          <Route path="/policy" component={PolicySection}>
            <Route path="/" component={PolicyHomePage} />
            <Route path="/login" component={PolicyLoginPage} />
            <Route path="/drafts/:province/:year" component={DraftPage} />
            <Route path="/*rest" component={NotFound} />
          </Route>
          <Route path="/:province" component={ProvinceSection}>
            <Route path="/" component={ToLogin} />
            <Route path="/login" component={LoginPage} />
            <Route path="/register" component={RegisterPage} />
            <Route path="/forgot" component={ForgotPage} />
            <Route path="/home" component={HomePage} />
            <Route path="/registration" component={RegistrationSection}>
              <Route path="/" component={RegistrationOverview} />
              <Route path="/steps/:code" component={StepPage} />
              <Route path="/preview" component={PreviewPage} />
              <Route path="/changes" component={ChangesPage} />
            </Route>
            <Route path="/*rest" component={NotFound} />
          </Route>
          <Route path="*404" component={NotFoundPage} />
        </Router>
      </Provider>
    </SessionContext.Provider>
  );
}
