// Money that moves (a desk payment, a refund) is sent with an Idempotency-Key made once per attempt
// (crypto.randomUUID). A double click, or "Try again" after the answer was lost, sends the same key,
// so the hub records the payment once and answers the repeat with the first payment. The attempt ends
// (the next press makes a new key) once the hub has answered for certain: done, or refused with a
// 4xx. No answer, or a 5xx, may have been done: the key is kept for the retry.
import { useRef } from 'react';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/errors';

export interface Attempt {
  /** POSTs `body` under this attempt's key; a call while one is on its way waits for that one's answer. */
  send<T>(path: string, body: object): Promise<T>;
  /** True while a key is kept for a retry (the last answer was lost). */
  readonly pending: boolean;
}

export function useAttempt(): Attempt {
  const key = useRef<string | null>(null);
  const inFlight = useRef<Promise<unknown> | null>(null);
  const attempt = useRef<Attempt | null>(null);
  attempt.current ??= {
    send<T>(path: string, body: object): Promise<T> {
      // A second press while the first is on its way is the same attempt: it gets the same answer.
      if (inFlight.current) return inFlight.current as Promise<T>;
      key.current ??= crypto.randomUUID();
      const sent = api<T>('POST', path, body, { headers: { 'idempotency-key': key.current } })
        .then((answer) => {
          key.current = null;
          return answer;
        })
        .catch((err: unknown) => {
          if (err instanceof ApiError && err.status >= 400 && err.status < 500) key.current = null;
          throw err;
        })
        .finally(() => {
          inFlight.current = null;
        });
      inFlight.current = sent;
      return sent;
    },
    get pending() {
      return key.current !== null;
    },
  };
  return attempt.current;
}
