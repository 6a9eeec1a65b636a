// The waiting-room screen at /display. Paired once with a display token (typed, scanned, or
// given once as /display?token=…), which it keeps in localStorage (`clinic-hub.display-token`,
// see storage.ts) and checks with GET /api/me. Then it shows the live board full screen; when the
// token is revoked it goes back to pairing. It uses only the board payload: no patient data.
import { useCallback, useEffect, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { DisplayMe, User } from '../../lib/contract';
import { ApiError, sentenceFor } from '../../lib/errors';
import { Board } from './Board';
import { Pairing } from './Pairing';
import { forget, remember, type Screen, storedScreen, storedToken, takeTokenFromUrl } from './storage';
import './display.css';

type State =
  | { kind: 'pairing'; message: string | null }
  | { kind: 'checking'; token: string; source: 'address' | 'store' | 'form' }
  | { kind: 'live'; token: string; screen: Screen };

const NOT_VALID = 'This screen token is not valid or has been revoked. Ask an administrator for a new screen token.';
const NOT_A_SCREEN = 'That is not a screen token. Use the token created for this screen (it starts with dsp_).';
const REVOKED = 'This screen was disconnected from the clinic (its token was revoked). Enter a new screen token.';

// Read once when the page loads (not per render): the address loses the token at once.
const tokenInUrl = takeTokenFromUrl();

function initialState(): State {
  if (tokenInUrl) return { kind: 'checking', token: tokenInUrl, source: 'address' };
  const token = storedToken();
  if (!token) return { kind: 'pairing', message: null };
  const screen = storedScreen();
  return screen ? { kind: 'live', token, screen } : { kind: 'checking', token, source: 'store' };
}

/** GET /api/me with the token: the screen it belongs to, or a sentence saying why not. */
async function check(token: string): Promise<Screen> {
  const me = await api<DisplayMe | User>('GET', '/api/me', undefined, { token });
  if (me.role !== 'display') throw new Error(NOT_A_SCREEN);
  return me;
}

function whyNot(err: unknown): string {
  if (err instanceof ApiError) return err.status === 401 ? NOT_VALID : sentenceFor(err);
  return err instanceof Error && err.message === NOT_A_SCREEN ? NOT_A_SCREEN : sentenceFor(err);
}

const authRefused = (err: unknown) =>
  (err instanceof ApiError && err.status === 401) || (err instanceof Error && err.message === NOT_A_SCREEN);

export default function Display() {
  const [state, setState] = useState<State>(initialState);

  // Checking a token: a new one is remembered only once the hub accepts it. A stored one that
  // cannot be checked right now (hub unreachable) is tried again rather than dropped.
  useEffect(() => {
    if (state.kind !== 'checking') return;
    let stale = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      check(state.token)
        .then((screen) => {
          if (stale) return;
          remember(state.token, screen);
          setState({ kind: 'live', token: state.token, screen });
        })
        .catch((err: unknown) => {
          if (stale) return;
          if (state.source === 'store' && !authRefused(err)) {
            retry = setTimeout(attempt, 5_000);
            return;
          }
          if (state.source === 'store') forget();
          setState({ kind: 'pairing', message: whyNot(err) });
        });
    };
    attempt();
    return () => {
      stale = true;
      clearTimeout(retry);
    };
  }, [state]);

  const liveToken = state.kind === 'live' ? state.token : null;
  // A remembered screen shows its board at once; its name, zone and language are refreshed
  // here, and a token refused by the hub sends it back to pairing.
  useEffect(() => {
    if (!liveToken) return;
    let stale = false;
    check(liveToken)
      .then((screen) => {
        if (stale) return;
        remember(liveToken, screen);
        setState((s) => (s.kind === 'live' && JSON.stringify(s.screen) !== JSON.stringify(screen) ? { ...s, screen } : s));
      })
      .catch((err: unknown) => {
        if (stale || !authRefused(err)) return;
        forget();
        setState({ kind: 'pairing', message: REVOKED });
      });
    return () => {
      stale = true;
    };
  }, [liveToken]);

  const revoked = useCallback(() => {
    forget();
    setState({ kind: 'pairing', message: REVOKED });
  }, []);
  const forgotten = useCallback(() => {
    forget();
    setState({ kind: 'pairing', message: null });
  }, []);

  if (state.kind === 'live') return <Board token={state.token} screen={state.screen} onRevoked={revoked} onForget={forgotten} />;
  if (state.kind === 'checking' && state.source !== 'form') return <Loading what="Connecting to the clinic" />;
  return (
    <Pairing
      message={state.kind === 'pairing' ? state.message : null}
      checking={state.kind === 'checking'}
      onToken={(token) => setState({ kind: 'checking', token, source: 'form' })}
    />
  );
}
