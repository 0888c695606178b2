import { render } from 'solid-js/web';
import { App } from './app.tsx';
import { SessionStore, type LockManagerLike } from './auth/session.ts';
import { createApiClient } from './graphql/client.ts';
import './styles.css';

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const session = new SessionStore({
  storage: localStorageOrUndefined(),
  locks: (navigator as Navigator & { locks?: LockManagerLike }).locks,
});
window.addEventListener('storage', (event) => session.handleStorageEvent(event));
const client = createApiClient(session);

render(() => <App client={client} session={session} />, document.getElementById('root')!);
