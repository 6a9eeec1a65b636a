// The one way the client talks HTTP to the hub: JSON in and out, the bearer token added, an
// expired access token refreshed once (rotating the refresh token), errors turned into ApiError.
import type { LoginResponse, TokenPair, User } from './contract';
import { ApiError, apiErrorFrom } from './errors';
import { session } from './session';

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token for a new pair; concurrent callers share one exchange. */
export function refreshSession(): Promise<boolean> {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      if (!res.ok) {
        session.clear();
        return false;
      }
      const tokens: TokenPair = await res.json();
      session.set(tokens);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string; headers?: Record<string, string> } = {},
): Promise<T> {
  const send = () =>
    fetch(path, {
      method,
      headers: {
        ...opts.headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...((opts.token ?? session.token) ? { authorization: `Bearer ${opts.token ?? session.token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && !opts.token && session.refreshToken && (await refreshSession())) res = await send();
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (res.status === 204) return undefined as T;
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw apiErrorFrom(res.status, answer);
  return answer as T;
}

export async function login(email: string, password: string): Promise<User> {
  try {
    const answer = await api<LoginResponse>('POST', '/api/auth/login', { email, password });
    session.set(answer, answer.user);
    return answer.user;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'UNAUTHORIZED') throw new ApiError('UNAUTHORIZED', 401, 'login');
    throw err;
  }
}

/** Restores a session after a reload from the stored refresh token; null when there is none. */
export async function resumeSession(): Promise<User | null> {
  if (session.user) return session.user;
  if (!(await refreshSession())) return null;
  const user = await api<User>('GET', '/api/me');
  session.set({ accessToken: session.token as string, refreshToken: session.refreshToken as string }, user);
  return user;
}

export async function logout(): Promise<void> {
  const refreshToken = session.refreshToken;
  if (refreshToken) await api('POST', '/api/auth/logout', { refreshToken }).catch(() => undefined);
  session.clear();
}
