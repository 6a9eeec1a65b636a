// A patient's booking sent so that a lost reply cannot leave them unsure or booked twice: every
// attempt carries an Idempotency-Key (the hub answers a repeat with the first answer), a network
// failure is retried once at once with the same key, and the key is kept until the hub has
// answered, so pressing "Book" again after "cannot be reached" is still the same attempt.
import { api } from '../../lib/api';
import { ApiError } from '../../lib/errors';

/** 32 random hex digits (the hub takes [A-Za-z0-9._:-]{8,100}); no randomUUID: not every origin is secure. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const lostReply = (err: unknown) => err instanceof ApiError && (err.code === 'NETWORK' || err.status >= 500);

/** Keys of attempts the hub has not answered yet, by request (path and body). */
const pending = new Map<string, string>();

export async function postOnce<T>(path: string, body: object): Promise<T> {
  const request = `${path} ${JSON.stringify(body)}`;
  const key = pending.get(request) ?? newKey();
  pending.set(request, key);
  const send = () => api<T>('POST', path, body, { headers: { 'idempotency-key': key } });
  try {
    let answer: T;
    try {
      answer = await send();
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'NETWORK')) throw err;
      // The request may have reached the hub and only its reply been lost: ask again, same key.
      answer = await send();
    }
    pending.delete(request);
    return answer;
  } catch (err) {
    if (!lostReply(err)) pending.delete(request);
    throw err;
  }
}
