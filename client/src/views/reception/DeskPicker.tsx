// Which location, doctor and day the desk is looking at.
import { Field } from '../../components/ui';
import type { Doctor, Location } from '../../lib/contract';

interface Props {
  locations: Location[];
  doctors: Doctor[] | null;
  locationId: string;
  doctorId: string | null;
  date: string;
  today: string;
  online: boolean;
  onLocation: (id: string) => void;
  onDoctor: (id: string) => void;
  onDate: (date: string) => void;
}

function shift(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function DeskPicker(p: Props) {
  return (
    <form className="card reception-picker" aria-label="What the desk shows" onSubmit={(e) => e.preventDefault()}>
      <Field label="Location">
        <select value={p.locationId} onChange={(e) => p.onLocation(e.target.value)}>
          {p.locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Doctor">
        <select value={p.doctorId ?? ''} onChange={(e) => p.onDoctor(e.target.value)} disabled={!p.doctors?.length}>
          {!p.doctors ? <option value="">Loading doctors…</option> : null}
          {p.doctors && !p.doctors.length ? <option value="">No doctors at this location</option> : null}
          {p.doctors?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.displayName} · {d.specialization} · room {d.room}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Date">
        <input type="date" value={p.date} required onChange={(e) => e.target.value && p.onDate(e.target.value)} />
      </Field>
      <div className="row reception-days">
        <button type="button" onClick={() => p.onDate(shift(p.date, -1))}>
          Previous day
        </button>
        <button type="button" onClick={() => p.onDate(p.today)} disabled={p.date === p.today}>
          Today
        </button>
        <button type="button" onClick={() => p.onDate(shift(p.date, 1))}>
          Next day
        </button>
      </div>
      <p className={p.online ? 'ok reception-online' : 'muted reception-online'} role="status">
        {p.online ? 'Connected: updates live' : 'Connecting…'}
      </p>
    </form>
  );
}
