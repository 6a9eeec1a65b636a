// Moving a visit to another free time of the same doctor, picked from live availability.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { clock, Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, Doctor, Location, Slot } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { dateOf, longDay } from './dates';
import { Problem } from './errors';
import { SlotList } from './SlotList';
import { useAvailability } from './use-availability';

interface Props {
  socket: HubSocket | null;
  visit: Appointment;
  name: string;
  doctor: Doctor;
  location: Location;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function ReschedulePanel({ socket, visit, name, doctor, location, onClose, onDone }: Props) {
  const [date, setDate] = useState(dateOf(visit.startAt, location.timezone));
  const { slots, error } = useAvailability(socket, doctor.id, date, location.id);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const dateInput = useRef<HTMLInputElement>(null);
  useEffect(() => dateInput.current?.focus(), []);

  async function move(slot: Slot) {
    setBusy(slot.startAt);
    setProblem(null);
    try {
      const moved = await api<Appointment>('POST', `/api/appointments/${visit.id}/reschedule`, { startAt: slot.startAt });
      onDone(`Moved ${name} to ${longDay(dateOf(moved.startAt, location.timezone))} at ${clock(moved.startAt, location.timezone)}.`);
    } catch (err) {
      setProblem(err);
      setBusy(null);
    }
  }

  const onEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
  };

  return (
    <fieldset className="reception-panel stack" onKeyDown={onEscape}>
      <legend>Reschedule {name}</legend>
      <Field label="New date">
        <input ref={dateInput} type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
      </Field>
      <Problem error={problem} />
      <SlotList
        label={`Free times on ${longDay(date)}`}
        slots={slots}
        error={error}
        timeZone={location.timezone}
        verb="Move to"
        busy={busy}
        onPick={move}
      />
      <div className="row">
        <button type="button" onClick={onClose}>
          Keep the current time
        </button>
      </div>
    </fieldset>
  );
}
