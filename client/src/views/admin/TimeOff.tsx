// A doctor's time off: the current and coming ones, each to change or remove, and a form to add one
// (whole days, or from a time to a time) typed in the clock of the doctor's location, whatever the
// admin's own zone. Before a new or changed time off is saved, the visits booked in it are listed
// (AffectedVisits.tsx): they stay booked (the hub does not cancel them), so the desk moves them.
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { Empty, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type {
  AffectedVisits as AffectedAnswer,
  AffectedQuestion,
  AffectedVisit,
  Doctor,
  TimeOff as TimeOffEntry,
  TimeOffInput,
  TimeOffList,
  TimeOffPatch,
} from '../../lib/contract';
import { dateIn, dayAndTime, day as dayOf } from '../../lib/datetime';
import { Dialog } from '../doctor/Dialog';
import '../doctor/dialogs.css';
import { AffectedVisits } from './AffectedVisits';
import { Problem, useAction } from './parts';
import { instantAt, nextDay } from './zoned';

const midnight = (at: string, zone: string) => instantAt(dateIn(at, zone), '00:00', zone) === new Date(at).toISOString();
const clockIn = (at: string | number, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(at));

/** "Mon 3 Jun – Wed 5 Jun" for whole days, else "Mon 3 Jun, 09:00 – Mon 3 Jun, 13:00". */
function span(entry: Pick<TimeOffEntry, 'startAt' | 'endAt'>, zone: string): string {
  if (midnight(entry.startAt, zone) && midnight(entry.endAt, zone)) {
    const last = new Date(Date.parse(entry.endAt) - 1);
    const first = dayOf(entry.startAt, zone);
    const final = dayOf(last, zone);
    return first === final ? `${first} (whole day)` : `${first} – ${final} (whole days)`;
  }
  return `${dayAndTime(entry.startAt, zone)} – ${dayAndTime(entry.endAt, zone)}`;
}

/** A time off as the form's fields show it, in the location's clock. */
function fieldsFrom(entry: TimeOffEntry, zone: string) {
  const whole = midnight(entry.startAt, zone) && midnight(entry.endAt, zone);
  return {
    whole,
    fromDay: dateIn(entry.startAt, zone),
    fromTime: clockIn(entry.startAt, zone),
    untilDay: dateIn(whole ? Date.parse(entry.endAt) - 1 : entry.endAt, zone),
    untilTime: clockIn(entry.endAt, zone),
  };
}

/** What the form asks to save, waiting for the admin to see the visits in it. */
interface Pending {
  body: TimeOffInput;
  visits: AffectedVisit[];
}

export function TimeOff({ doctor, zone, onSaved }: { doctor: Doctor; zone: string; onSaved: (sentence: string) => void }) {
  const id = useId();
  const [entries, setEntries] = useState<TimeOffEntry[] | null>(null);
  /** The time off being changed; null: the form adds one. */
  const [editing, setEditing] = useState<TimeOffEntry | null>(null);
  const [wholeDays, setWholeDays] = useState(true);
  const [pending, setPending] = useState<Pending | null>(null);
  const [removing, setRemoving] = useState<TimeOffEntry | null>(null);
  const [round, setRound] = useState(0);
  const opener = useRef<HTMLElement | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const load = useAction();
  const save = useAction();
  const remove = useAction();
  const today = dateIn(new Date(), zone);
  const shown = editing ? fieldsFrom(editing, zone) : null;

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

  function startEditing(entry: TimeOffEntry | null, button?: HTMLElement) {
    if (button) opener.current = button;
    setEditing(entry);
    setPending(null);
    save.setError(null);
    setWholeDays(entry ? fieldsFrom(entry, zone).whole : true);
    if (entry) requestAnimationFrame(() => formHeading.current?.focus());
  }
  function stopEditing() {
    startEditing(null);
    requestAnimationFrame(() => opener.current?.focus());
  }

  /**
   * Saves what the admin saw the visits of (`kept` of them, which stay booked): a new time off, or
   * only what changed of the edited one.
   */
  async function persist(body: TimeOffInput, kept: number) {
    const was = editing;
    let saved: TimeOffEntry;
    if (was) {
      const patch: TimeOffPatch = {};
      if (body.startAt !== new Date(was.startAt).toISOString()) patch.startAt = body.startAt;
      if (body.endAt !== new Date(was.endAt).toISOString()) patch.endAt = body.endAt;
      if ((body.reason ?? null) !== was.reason) patch.reason = body.reason ?? null;
      saved = Object.keys(patch).length ? await api<TimeOffEntry>('PATCH', `/api/unavailability/${was.id}`, patch) : was;
    } else {
      saved = await api<TimeOffEntry>('POST', `/api/doctors/${doctor.id}/unavailability`, body);
    }
    setPending(null);
    setEditing(null);
    setWholeDays(true);
    setRound((n) => n + 1); // a fresh, empty form
    await read();
    onSaved(
      `${was ? 'Time off changed' : 'Time off added'} for ${doctor.displayName}: ${span(saved, zone)}.` +
        (kept ? ` ${kept === 1 ? 'The visit in it stays' : `The ${kept} visits in it stay`} booked.` : ''),
    );
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const fromDay = text('fromDay');
    const untilDay = text('untilDay') || fromDay;
    const startAt = instantAt(fromDay, wholeDays ? '00:00' : text('fromTime'), zone);
    const endAt = wholeDays ? instantAt(nextDay(untilDay), '00:00', zone) : instantAt(untilDay, text('untilTime'), zone);
    if (endAt <= startAt) {
      save.setError('The time off has to end after it starts.');
      return;
    }
    const reason = text('reason');
    const body: TimeOffInput = { startAt, endAt, ...(reason ? { reason } : {}) };
    // First the visits it falls on; with none it is saved at once, else the admin sees them first.
    void save.run(async () => {
      const question: AffectedQuestion = { startAt, endAt, ...(editing ? { excludeId: editing.id } : {}) };
      const { visits } = await api<AffectedAnswer>('POST', `/api/doctors/${doctor.id}/unavailability/affected`, question);
      if (visits.length === 0) await persist(body, 0);
      else setPending({ body, visits });
    });
  }

  return (
    <section className="card admin-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Time off</h3>
      <Problem error={load.error ?? remove.error} />
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
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((t) => (
                <tr key={t.id} aria-current={t.id === editing?.id ? 'true' : undefined}>
                  <td>{span(t, zone)}</td>
                  <td>{t.reason ?? <span className="muted">—</span>}</td>
                  <td className="admin-actions">
                    <button type="button" onClick={(e) => startEditing(t, e.currentTarget)}>
                      Change<span className="sr-only"> time off {span(t, zone)}</span>
                    </button>
                    <button
                      type="button"
                      className="danger"
                      disabled={remove.busy}
                      onClick={(e) => {
                        opener.current = e.currentTarget;
                        setRemoving(t);
                      }}
                    >
                      Remove…<span className="sr-only"> time off {span(t, zone)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        key={`${editing?.id ?? 'new'}-${round}`}
        className="stack"
        aria-label={editing ? 'Change time off' : 'Add time off'}
        onSubmit={submit}
        onChange={() => setPending(null)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && editing) stopEditing();
        }}
      >
        <h4 ref={formHeading} tabIndex={-1}>
          {editing ? `Change time off ${span(editing, zone)}` : 'Add time off'}
        </h4>
        <p className="muted">In the clock of {zone}. The visits booked in it are listed before saving; they stay booked.</p>
        <label className="check">
          <input type="checkbox" checked={wholeDays} onChange={(e) => setWholeDays(e.target.checked)} />
          Whole days
        </label>
        <div className="admin-fields">
          <Field label={wholeDays ? 'First day' : 'From (day)'}>
            <input name="fromDay" type="date" required min={editing ? undefined : today} defaultValue={shown?.fromDay} />
          </Field>
          {wholeDays ? null : (
            <Field label="From (time)">
              <input name="fromTime" type="time" required step={300} defaultValue={shown?.fromTime} />
            </Field>
          )}
          <Field label={wholeDays ? 'Last day' : 'Until (day)'} hint={wholeDays ? 'Leave empty for one day.' : undefined}>
            <input name="untilDay" type="date" required={!wholeDays} min={today} defaultValue={shown?.untilDay} />
          </Field>
          {wholeDays ? null : (
            <Field label="Until (time)">
              <input name="untilTime" type="time" required step={300} defaultValue={shown?.untilTime} />
            </Field>
          )}
          <Field label="Reason (optional)" hint="Staff see it; patients do not.">
            <input name="reason" maxLength={200} autoComplete="off" defaultValue={editing?.reason ?? ''} />
          </Field>
        </div>
        {pending ? null : <Problem error={save.error} />}
        {pending ? null : (
          <div className="row">
            <button type="submit" disabled={save.busy}>
              {save.busy ? 'Checking booked visits…' : editing ? 'Save changes' : 'Add time off'}
            </button>
            {editing ? (
              <button type="button" onClick={stopEditing}>
                Cancel
              </button>
            ) : null}
          </div>
        )}
      </form>
      {pending ? (
        <>
          <AffectedVisits
            visits={pending.visits}
            zone={zone}
            busy={save.busy}
            editing={editing !== null}
            onSave={() => void save.run(() => persist(pending.body, pending.visits.length))}
            onBack={() => {
              setPending(null);
              requestAnimationFrame(() => formHeading.current?.focus());
            }}
          />
          <Problem error={save.error} />
        </>
      ) : null}
      {removing ? (
        <Dialog
          title="Remove this time off?"
          onCancel={() => {
            setRemoving(null);
            opener.current?.focus();
          }}
          choices={[
            {
              label: 'Remove',
              kind: 'danger',
              onChoose: () => {
                const entry = removing;
                setRemoving(null);
                if (editing?.id === entry.id) startEditing(null);
                void remove.run(async () => {
                  await api('DELETE', `/api/unavailability/${entry.id}`);
                  await read();
                  onSaved(`Time off removed for ${doctor.displayName}: ${span(entry, zone)} can be booked again.`);
                });
              },
            },
            {
              label: 'Keep',
              focus: true,
              onChoose: () => {
                setRemoving(null);
                opener.current?.focus();
              },
            },
          ]}
        >
          <p>
            {span(removing, zone)}
            {removing.reason ? ` (${removing.reason})` : ''}: its time can be booked again within the doctor’s weekly hours.
          </p>
        </Dialog>
      ) : null}
    </section>
  );
}
