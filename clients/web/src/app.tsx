import { Navigate, Route, Router, useParams } from '@solidjs/router';
import { Provider } from '@urql/solid';
import type { Client } from '@urql/core';
import { SessionContext } from './auth/session-context.ts';
import type { SessionStore } from './auth/session.ts';
import { ProvinceSection } from './policy/policy-context.tsx';
import ProvincePicker from './pages/province-picker.tsx';
import LoginPage from './pages/login.tsx';
import RegisterPage from './pages/register.tsx';
import ForgotPage from './pages/forgot.tsx';
import HomePage from './pages/home.tsx';
import NotFoundPage from './pages/not-found.tsx';

function ToLogin() {
  const params = useParams<{ province: string }>();
  return <Navigate href={`/${params.province}/login`} />;
}

/** Routes: `/` picks a province; `/:province/{login,register,forgot,home}` are that province's account screens. */
export function App(props: { client: Client; session: SessionStore }) {
  return (
    <SessionContext.Provider value={props.session}>
      <Provider value={props.client}>
        <Router>
          <Route path="/" component={ProvincePicker} />
          <Route path="/:province" component={ProvinceSection}>
            <Route path="/login" component={LoginPage} />
            <Route path="/register" component={RegisterPage} />
            <Route path="/forgot" component={ForgotPage} />
            <Route path="/home" component={HomePage} />
            <Route path={['/', '/*rest']} component={ToLogin} />
          </Route>
          <Route path="*404" component={NotFoundPage} />
        </Router>
      </Provider>
    </SessionContext.Provider>
  );
}
