// Creating POSTs (bookings, walk-ins) with an Idempotency-Key. lib/api.ts sends no extra
// headers, so this is a small local fetch with the same bearer, refresh and error handling.
// The key stays the same for the same request until the hub has answered it, so pressing the
// button again after a dropped connection cannot book twice.
import { refreshSession } from '../../lib/api';
import { ApiError, apiErrorFrom } from '../../lib/errors';
import { session } from '../../lib/session';

const pendingKeys = new Map<string, string>();

function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function createOnce<T>(path: string, body: object): Promise<T> {
  const request = `${path} ${JSON.stringify(body)}`;
  const key = pendingKeys.get(request) ?? newKey();
  pendingKeys.set(request, key);
  const send = () =>
    fetch(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && session.refreshToken && (await refreshSession())) res = await send();
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (res.status < 500) pendingKeys.delete(request);
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw apiErrorFrom(res.status, answer);
  return answer as T;
}
