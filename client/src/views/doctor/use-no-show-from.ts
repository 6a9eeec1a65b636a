// When the called patient may be marked a no-show: NO_SHOW_AFTER_CALL_MINUTES after the call, the
// server's rule (a patient called from the waiting room needs time to walk to the room). The
// server decides: its 409 NO_SHOW_TOO_EARLY carries `allowedFrom`, which then wins over our sum.
// The queue's called visit says when (`noShowAllowedFrom`, else `calledAt` + the rule); a queue
// without either is completed by asking for the visit itself (GET /api/appointments/:id has `calledAt`).
import { useEffect, useState } from 'react';
import { clock } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, Queue } from '../../lib/contract';

export const NO_SHOW_AFTER_CALL_MINUTES = 5;

type Serving = NonNullable<Queue['nowServing']>;

export function useNoShowFrom(serving: Serving | null, timeZone: string) {
  const id = serving?.status === 'called' ? serving.appointmentId : null;
  const sent = serving?.calledAt ?? undefined;
  const allowedByServer = serving?.noShowAllowedFrom ? Date.parse(serving.noShowAllowedFrom) : null;
  const [fetched, setFetched] = useState<{ id: string; calledAt: string | null } | null>(null);
  const [refusedUntil, setRefusedUntil] = useState<{ id: string; at: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!id || sent !== undefined) return;
    let live = true;
    api<Appointment>('GET', `/api/appointments/${id}`)
      // Unknown: leave the button to the server's answer rather than block it.
      .then(
        (a) => live && setFetched({ id, calledAt: a.calledAt }),
        () => live && setFetched({ id, calledAt: null }),
      )
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, sent]);

  const calledAt = sent ?? (fetched?.id === id ? fetched.calledAt : undefined);
  const fromCall = allowedByServer ?? (calledAt ? Date.parse(calledAt) + NO_SHOW_AFTER_CALL_MINUTES * 60_000 : null);
  const from = refusedUntil?.id === id ? Math.max(refusedUntil.at, fromCall ?? 0) : fromCall;

  // One re-render when the time comes (a timer per change, not a ticking clock).
  useEffect(() => {
    if (from === null || from <= now) return;
    const t = setTimeout(() => setNow(Date.now()), Math.min(from - Date.now() + 50, 2 ** 31 - 1));
    return () => clearTimeout(t);
  }, [from, now]);

  return {
    /** True while the call is too recent (or its time is still being read). */
    waiting: id !== null && (calledAt === undefined || (from !== null && Date.now() < from)),
    /** "HH:MM" in the clinic's zone, when known. */
    from: from !== null ? clock(new Date(from).toISOString(), timeZone) : null,
    /** Takes the server's allowedFrom from a refusal; returns it as an ISO instant when it is one. */
    refused(allowedFrom: unknown): string | null {
      if (!id || typeof allowedFrom !== 'string' || Number.isNaN(Date.parse(allowedFrom))) return null;
      setRefusedUntil({ id, at: Date.parse(allowedFrom) });
      setNow(Date.now());
      return allowedFrom;
    },
  };
}
