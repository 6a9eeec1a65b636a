// Free times of one doctor, two weeks at a time: pick a day, then a time. Refreshed live when
// the hub says that doctor's slots changed (`availability:subscribe` → `availability:changed`).
// Offline the times cannot be trusted or booked: they stay in view, disabled, until the link is back
// (the days stay browsable: choosing one books nothing, and it keeps the day strip reachable).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { clock, day, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Availability, Slot } from '../../lib/contract';
import { shortDate } from '../../lib/datetime';
import { ask, type HubSocket, useHubEvent } from '../../lib/socket';
import { Problem } from './bits';
import { useOffline } from './connection';
import type { Directory } from './data';
import { dateIn, localDate } from './format';

const SPAN = 14;

/** "2 Dec" for a calendar date. */
const short = shortDate;

interface Props {
  name: string;
  doctorId: string;
  socket: HubSocket | null;
  directory: Directory;
  value: Slot | null;
  onChange: (slot: Slot | null) => void;
  /** While the picked time is being booked: it vanishing then is the patient's own doing. */
  frozen?: boolean;
}

export function SlotPicker({ name, doctorId, socket, directory, value, onChange, frozen = false }: Props) {
  const [page, setPage] = useState(0);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosenDay, setChosenDay] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  const offline = useOffline();
  const from = localDate(page * SPAN);
  const to = localDate(page * SPAN + SPAN - 1);

  const load = useCallback(async () => {
    try {
      const answer = await api<Availability>('GET', `/api/doctors/${doctorId}/availability?from=${from}&to=${to}`);
      setSlots(answer.slots.filter((s) => Date.parse(s.startAt) > Date.now()));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [doctorId, from, to]);

  useEffect(() => {
    setSlots(null);
    void load();
  }, [load]);

  const subscribe = useCallback(() => {
    if (socket) ask(socket, 'availability:subscribe', { doctorId }).catch(() => undefined);
  }, [socket, doctorId]);
  useEffect(subscribe, [subscribe]);
  useHubEvent(socket, 'connect', () => {
    subscribe();
    void load();
  });
  useHubEvent(socket, 'availability:changed', (change) => {
    if (change.doctorId === doctorId) void load();
  });

  const tzOf = useCallback(
    (s: Slot) =>
      directory.locations.get(s.locationId)?.timezone ??
      directory.locations.get(directory.doctors.get(doctorId)?.locationId ?? '')?.timezone,
    [directory, doctorId],
  );
  const days = useMemo(() => {
    const byDay = new Map<string, Slot[]>();
    for (const s of slots ?? []) {
      const key = dateIn(s.startAt, tzOf(s));
      byDay.set(key, [...(byDay.get(key) ?? []), s]);
    }
    return [...byDay.entries()].map(([key, list]) => ({ key, label: day(list[0]!.startAt, tzOf(list[0]!)), slots: list }));
  }, [slots, tzOf]);

  // A picked time that is no longer free (someone else took it) is let go, and the patient told.
  useEffect(() => {
    if (!slots || !value || frozen) return;
    if (!slots.some((s) => s.startAt === value.startAt)) {
      onChange(null);
      setTaken(true);
    }
  }, [slots, value, onChange, frozen]);

  const current = days.find((d) => d.key === chosenDay) ?? days[0];

  return (
    <div className="slot-picker stack">
      <div className="pager">
        <button type="button" disabled={offline || page === 0} onClick={() => setPage((p) => p - 1)}>
          ‹ Earlier
        </button>
        <span className="muted">
          {short(from)} – {short(to)}
        </span>
        <button type="button" disabled={offline || page >= 5} onClick={() => setPage((p) => p + 1)}>
          Later ›
        </button>
      </div>
      <Problem error={error} />
      {taken ? (
        <p className="error" role="alert">
          The time you picked has just been taken. Please pick another.
        </p>
      ) : null}
      {slots === null && !error ? <Loading what="Finding free times" /> : null}
      {slots !== null && days.length === 0 ? <p className="muted empty">No free times in these two weeks. Try later dates.</p> : null}
      {current ? (
        <>
          <fieldset className="chips days">
            <legend>Day</legend>
            {days.map((d) => (
              <label key={d.key} className="chip">
                <input
                  type="radio"
                  name={`${name}-day`}
                  checked={d.key === current.key}
                  onChange={() => {
                    setChosenDay(d.key);
                    onChange(null);
                  }}
                />
                <span className="chip-face">
                  {d.label} <small className="chip-note">{d.slots.length} free</small>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset className="chips times">
            <legend>Time on {current.label}</legend>
            {current.slots.map((s) => (
              <label key={s.startAt} className="chip">
                <input
                  type="radio"
                  name={`${name}-time`}
                  checked={value?.startAt === s.startAt}
                  disabled={offline}
                  onChange={() => {
                    setTaken(false);
                    onChange(s);
                  }}
                />
                <span className="chip-face">{clock(s.startAt, tzOf(s))}</span>
              </label>
            ))}
          </fieldset>
        </>
      ) : null}
    </div>
  );
}
