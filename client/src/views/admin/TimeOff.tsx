// A doctor's time off: the current and coming ones, and a form to add one (whole days, or from a
// time to a time) typed in the clock of the doctor's location, whatever the admin's own zone.
// Visits already booked in that time stay booked (the hub does not cancel them), so the form says
// to move them at the desk.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { Empty, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Doctor, TimeOff as TimeOffEntry, TimeOffInput, TimeOffList } from '../../lib/contract';
import { dateIn, dayAndTime, day as dayOf } from '../../lib/datetime';
import { Problem, useAction } from './parts';
import { instantAt, nextDay } from './zoned';

/** "Mon 3 Jun – Wed 5 Jun" for whole days, else "Mon 3 Jun, 09:00 – Mon 3 Jun, 13:00". */
function span(entry: TimeOffEntry, zone: string): string {
  const startDay = dateIn(entry.startAt, zone);
  const endDay = dateIn(entry.endAt, zone);
  const midnight = (at: string, date: string) => instantAt(date, '00:00', zone) === new Date(at).toISOString();
  if (midnight(entry.startAt, startDay) && midnight(entry.endAt, endDay)) {
    const last = new Date(Date.parse(entry.endAt) - 1);
    const first = dayOf(entry.startAt, zone);
    const final = dayOf(last, zone);
    return first === final ? `${first} (whole day)` : `${first} – ${final} (whole days)`;
  }
  return `${dayAndTime(entry.startAt, zone)} – ${dayAndTime(entry.endAt, zone)}`;
}

export function TimeOff({ doctor, zone, onSaved }: { doctor: Doctor; zone: string; onSaved: (sentence: string) => void }) {
  const id = useId();
  const [entries, setEntries] = useState<TimeOffEntry[] | null>(null);
  const [wholeDays, setWholeDays] = useState(true);
  const load = useAction();
  const add = useAction();
  const today = dateIn(new Date(), zone);

  const read = useCallback(
    () =>
      load.run(async () => {
        const list = await api<TimeOffList>('GET', `/api/doctors/${doctor.id}/unavailability`);
        setEntries([...list.unavailability].sort((a, b) => a.startAt.localeCompare(b.startAt)));
      }),
    [doctor.id, load.run],
  );
  useEffect(() => {
    void read();
  }, [read]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const fromDay = text('fromDay');
    const untilDay = text('untilDay') || fromDay;
    const startAt = instantAt(fromDay, wholeDays ? '00:00' : text('fromTime'), zone);
    const endAt = wholeDays ? instantAt(nextDay(untilDay), '00:00', zone) : instantAt(untilDay, text('untilTime'), zone);
    if (endAt <= startAt) {
      add.setError('The time off has to end after it starts.');
      return;
    }
    const reason = text('reason');
    const body: TimeOffInput = { startAt, endAt, ...(reason ? { reason } : {}) };
    void add.run(async () => {
      const made = await api<TimeOffEntry>('POST', `/api/doctors/${doctor.id}/unavailability`, body);
      form.reset();
      setWholeDays(true);
      await read();
      onSaved(`Time off added for ${doctor.displayName}: ${span(made, zone)}.`);
    });
  }

  return (
    <section className="card admin-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Time off</h3>
      <Problem error={load.error} />
      {!entries ? (
        load.error ? null : (
          <Loading what="Loading time off" />
        )
      ) : entries.length === 0 ? (
        <Empty>No time off coming up.</Empty>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label={`Time off of ${doctor.displayName}`}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((t) => (
                <tr key={t.id}>
                  <td>{span(t, zone)}</td>
                  <td>{t.reason ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="stack" aria-label="Add time off" onSubmit={submit}>
        <h4>Add time off</h4>
        <p className="muted">In the clock of {zone}. Visits already booked then stay booked: move them at the reception desk.</p>
        <label className="check">
          <input type="checkbox" checked={wholeDays} onChange={(e) => setWholeDays(e.target.checked)} />
          Whole days
        </label>
        <div className="admin-fields">
          <Field label={wholeDays ? 'First day' : 'From (day)'}>
            <input name="fromDay" type="date" required min={today} />
          </Field>
          {wholeDays ? null : (
            <Field label="From (time)">
              <input name="fromTime" type="time" required step={300} />
            </Field>
          )}
          <Field label={wholeDays ? 'Last day' : 'Until (day)'} hint={wholeDays ? 'Leave empty for one day.' : undefined}>
            <input name="untilDay" type="date" required={!wholeDays} min={today} />
          </Field>
          {wholeDays ? null : (
            <Field label="Until (time)">
              <input name="untilTime" type="time" required step={300} />
            </Field>
          )}
          <Field label="Reason (optional)" hint="Staff see it; patients do not.">
            <input name="reason" maxLength={200} autoComplete="off" />
          </Field>
        </div>
        <Problem error={add.error} />
        <div className="row">
          <button type="submit" disabled={add.busy}>
            {add.busy ? 'Adding…' : 'Add time off'}
          </button>
        </div>
      </form>
    </section>
  );
}
