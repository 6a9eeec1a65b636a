// The page the server shows at /admin/queues when the browser has no dashboard session (401/403,
// server/modules/admin-queues/plugin.ts). The dashboard wants a cookie that only an admin's
// access token can open (POST /api/admin/queues/session): a signed-in admin gets it here and the
// dashboard reloads; anyone else is sent to sign in, or told the page is for admins.
import { useEffect, useState } from 'react';
import { api, resumeSession } from '../lib/api';
import type { User } from '../lib/contract';
import { signInHere } from '../lib/use-user';
import { ErrorFrame, NotAllowed } from './ErrorPages';

/** When this tab last opened a session and reloaded: a second refusal soon after shows an error, not a loop. */
const TRIED_KEY = 'clinic-hub.queues-session-tried';

type State = { is: 'checking' } | { is: 'signed-out' } | { is: 'denied'; user: User } | { is: 'failed' };

export default function QueuesSignIn() {
  const [state, setState] = useState<State>({ is: 'checking' });
  useEffect(() => {
    (async () => {
      const user = await resumeSession();
      if (!user) return setState({ is: 'signed-out' });
      if (user.role !== 'admin') return setState({ is: 'denied', user });
      const tried = Number(sessionStorage.getItem(TRIED_KEY) ?? 0);
      if (Date.now() - tried < 30_000) return setState({ is: 'failed' });
      await api('POST', '/api/admin/queues/session');
      sessionStorage.setItem(TRIED_KEY, String(Date.now()));
      location.reload();
    })().catch(() => setState({ is: 'failed' }));
  }, []);

  if (state.is === 'denied') return <NotAllowed user={state.user} />;
  return (
    <ErrorFrame title="Sign in to open the queue dashboard">
      {state.is === 'checking' ? (
        <p role="status">Opening the queue dashboard…</p>
      ) : state.is === 'signed-out' ? (
        <>
          <p>The queue dashboard is for the clinic’s admins. Sign in as an admin to open it.</p>
          <div className="row">
            <a className="button primary" href={signInHere()}>
              Sign in
            </a>
          </div>
        </>
      ) : (
        <>
          <p className="error" role="alert">
            The queue dashboard could not be opened. Please sign in again.
          </p>
          <div className="row">
            <a className="button primary" href={signInHere()}>
              Sign in
            </a>
          </div>
        </>
      )}
    </ErrorFrame>
  );
}
