// Today's checked-in patients at a location (GET /api/locations/:id/triage), kept current by the
// doctors' queues: the nurse's socket subscribes (`queue:subscribe`) to every doctor working at
// the location, and any `queue:update` of one of them (a check-in, a call, a triage saved) reads
// the list again. The hub lets a nurse follow a doctor only once that doctor has a visit today at
// one of the nurse's locations; a doctor refused for that is asked again every half minute (no
// event says "this doctor's first patient just arrived"), and nothing is polled otherwise.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { DoctorList, Triage } from '../../lib/contract';
import { ask, type HubSocket, listen } from '../../lib/socket';

const RETRY_MS = 30_000;

export function useTriage(socket: HubSocket | null, locationId: string | null) {
  const [triage, setTriage] = useState<Triage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const following = useRef(new Set<string>());
  const refused = useRef(new Set<string>());
  const locationDoctors = useRef<string[]>([]);

  const follow = useCallback(
    (doctorIds: Iterable<string>) => {
      if (!socket?.connected) return;
      for (const doctorId of doctorIds) {
        if (following.current.has(doctorId)) continue;
        following.current.add(doctorId);
        ask(socket, 'queue:subscribe', { doctorId }).then(
          () => refused.current.delete(doctorId),
          () => {
            following.current.delete(doctorId);
            refused.current.add(doctorId);
          },
        );
      }
    },
    [socket],
  );

  const load = useCallback(async () => {
    if (!locationId) return;
    try {
      const t = await api<Triage>('GET', `/api/locations/${locationId}/triage`);
      if (t.locationId !== locationId) return;
      setTriage(t);
      setError(null);
      follow([...locationDoctors.current, ...t.visits.map((v) => v.doctor.id)]);
    } catch (err) {
      setError(err);
    }
  }, [locationId, follow]);

  useEffect(() => {
    setTriage(null);
    setError(null);
    following.current = new Set();
    refused.current = new Set();
    locationDoctors.current = [];
    if (!locationId) return;
    // The location's doctors, where the hub lets a nurse list them; the visits name the rest.
    api<DoctorList>('GET', `/api/doctors?locationId=${locationId}&limit=100`)
      .then((d) => {
        locationDoctors.current = d.doctors.map((x) => x.id);
        follow(locationDoctors.current);
      })
      .catch(() => undefined);
    void load();
  }, [locationId, load, follow]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the list shown only names doctors to follow; it does not restart the subscriptions
  useEffect(() => {
    if (!socket || !locationId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Several doctors' updates in a burst (a check-in moves two queues) read the list once.
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 100);
    };
    const retry = setInterval(() => {
      if (refused.current.size) follow([...refused.current]);
    }, RETRY_MS);
    const stops = [
      listen(socket, 'queue:update', (q) => {
        if (following.current.has(q.doctorId)) soon();
      }),
      listen(socket, 'connect', () => {
        if (socket.recovered) return;
        following.current = new Set();
        void load();
      }),
    ];
    if (socket.connected) follow([...locationDoctors.current, ...(triage?.visits.map((v) => v.doctor.id) ?? [])]);
    return () => {
      clearTimeout(timer);
      clearInterval(retry);
      for (const stop of stops) stop();
    };
  }, [socket, locationId, load, follow]);

  return { triage, error, reload: load };
}
