// Adding a location, or changing one: every field PATCH /api/locations/:id accepts. The time zone
// is chosen once (visits already booked are kept in it); the currency is set after creating, as
// the hub takes it only as a change. A change sends only the fields that changed. Opening hours are
// one line a weekday (opening-hours.ts).
import { type FormEvent, useId, useMemo, useRef } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Location, LocationInput, LocationPatch } from '../../lib/contract';
import { readerZone } from '../../lib/datetime';
import { currencies, languages, timeZones } from './choices';
import { linesOf, rangesOf } from './opening-hours';
import { AdminForm, fieldsOf, SelectField, useAction } from './parts';
import { WEEKDAYS } from './week';

const DEFAULTS = {
  currency: 'USD',
  language: 'en',
  units: 'metric',
  boardShowsInitials: true,
  patientChangeCutoffHours: 24,
  patientMaxUpcomingVisitsPerDoctor: 2,
  patientMaxUpcomingVisits: 6,
  patientMaxSeriesWeeks: 4,
} as const;

const NUMBERS = [
  'patientChangeCutoffHours',
  'patientMaxUpcomingVisitsPerDoctor',
  'patientMaxUpcomingVisits',
  'patientMaxSeriesWeeks',
] as const;
const TEXTS = ['name', 'address', 'phone', 'currency', 'language'] as const;

interface Props {
  /** The location to change; none: a new one. */
  location?: Location;
  onSaved: (location: Location, created: boolean) => void;
  onCancel: () => void;
}

export function LocationForm({ location, onSaved, onCancel }: Props) {
  const id = useId();
  const { busy, error, setError, run } = useAction();
  const zones = useMemo(timeZones, []);
  const moneyCodes = useMemo(currencies, []);
  const tongues = useMemo(languages, []);
  const was = location ?? DEFAULTS;
  const hoursWere = linesOf(location?.openingHours ?? []);
  const dayInputs = useRef<(HTMLInputElement | null)[]>([]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    const initials = (e.currentTarget.elements.namedItem('boardShowsInitials') as HTMLInputElement).checked;
    const numbers: Partial<Record<(typeof NUMBERS)[number], number>> = {};
    for (const name of NUMBERS) {
      const n = Number(f[name]);
      if (f[name] !== '' && Number.isInteger(n)) numbers[name] = n;
    }
    const hours = rangesOf(WEEKDAYS.map((_, i) => f[`hours-${i}`] ?? ''));
    if ('problem' in hours) {
      const day = dayInputs.current[hours.day];
      day?.setAttribute('aria-invalid', 'true');
      day?.focus();
      setError(hours.problem);
      return;
    }
    const openingHours = hours.ranges;
    void run(async () => {
      if (!location) {
        const body: LocationInput = {
          name: f.name ?? '',
          address: f.address ?? '',
          phone: f.phone ?? '',
          timezone: f.timezone ?? 'UTC',
          language: f.language || DEFAULTS.language,
          units: f.units === 'us' ? 'us' : 'metric',
          boardShowsInitials: initials,
          openingHours,
          ...numbers,
        };
        let made = await api<Location>('POST', '/api/locations', body);
        if (f.currency && f.currency !== made.currency) {
          try {
            made = await api<Location>('PATCH', `/api/locations/${made.id}`, { currency: f.currency } satisfies LocationPatch);
          } catch (err) {
            // The location exists: it is shown, and the currency's refusal said in the list.
            onSaved(made, true);
            throw err;
          }
        }
        onSaved(made, true);
        return;
      }
      const patch: Record<string, unknown> = {};
      for (const name of TEXTS) if (f[name] !== undefined && f[name] !== location[name]) patch[name] = f[name];
      if (f.units !== location.units) patch.units = f.units;
      if (initials !== location.boardShowsInitials) patch.boardShowsInitials = initials;
      if (JSON.stringify(openingHours) !== JSON.stringify(location.openingHours)) patch.openingHours = openingHours;
      for (const name of NUMBERS) if (numbers[name] !== undefined && numbers[name] !== location[name]) patch[name] = numbers[name];
      if (Object.keys(patch).length === 0) {
        setError('Nothing was changed.');
        return;
      }
      onSaved(await api<Location>('PATCH', `/api/locations/${location.id}`, patch as LocationPatch), false);
    });
  }

  return (
    <AdminForm
      title={location ? `Change ${location.name}` : 'Add a location'}
      error={error}
      busy={busy}
      submit={location ? 'Save changes' : 'Add location'}
      busyLabel={'Saving…'}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="admin-fields">
        <Field label="Name">
          <input name="name" required maxLength={120} defaultValue={location?.name} autoComplete="off" />
        </Field>
        <Field label="Address">
          <input name="address" required maxLength={300} defaultValue={location?.address} autoComplete="off" />
        </Field>
        <Field label="Phone" hint="With the country code, e.g. +1 212 555 0100">
          <input name="phone" type="tel" required maxLength={32} defaultValue={location?.phone} autoComplete="off" />
        </Field>
        {location ? (
          <div className="field">
            <span>Time zone</span>
            <span className="admin-fixed">{location.timezone}</span>
            <small className="muted">Chosen when the location was added; visits are kept in it.</small>
          </div>
        ) : (
          <SelectField label="Time zone" hint="Visits, queues and the screens’ clocks go by it; it cannot change later.">
            {(control) => (
              <select {...control} name="timezone" defaultValue={zones.includes(readerZone()) ? readerZone() : 'UTC'}>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            )}
          </SelectField>
        )}
        <SelectField label="Currency" hint="Invoices already made keep theirs.">
          {(control) => (
            <select {...control} name="currency" defaultValue={was.currency}>
              {moneyCodes.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </SelectField>
        <Field label="Waiting-room language" hint="A language tag such as en, de or pt-BR">
          <input name="language" list={`${id}-languages`} required maxLength={35} defaultValue={was.language} autoComplete="off" />
        </Field>
        <datalist id={`${id}-languages`}>
          {tongues.map((l) => (
            <option key={l.tag} value={l.tag}>
              {l.label}
            </option>
          ))}
        </datalist>
        <SelectField label="Units for vital signs">
          {(control) => (
            <select {...control} name="units" defaultValue={was.units}>
              <option value="metric">Metric (°C, kg, cm)</option>
              <option value="us">US (°F, lb, in)</option>
            </select>
          )}
        </SelectField>
      </div>
      <fieldset className="admin-group" name="openingHours">
        <legend>Opening hours</legend>
        <p className="muted" id={`${id}-hours`}>
          In the location’s time zone, e.g. 08:00–12:30, 14:00–18:00. Leave a day empty when it is closed.
        </p>
        <div className="admin-hours">
          {WEEKDAYS.map((day, i) => (
            <Field key={day} label={day}>
              <input
                ref={(el) => {
                  dayInputs.current[i] = el;
                }}
                name={`hours-${i}`}
                defaultValue={hoursWere[i]}
                maxLength={60}
                autoComplete="off"
                aria-describedby={`${id}-hours`}
              />
            </Field>
          ))}
        </div>
      </fieldset>
      <fieldset className="admin-group">
        <legend>Waiting-room board</legend>
        <label className="check">
          <input type="checkbox" name="boardShowsInitials" defaultChecked={was.boardShowsInitials} />
          Show patients’ initials beside their ticket
        </label>
      </fieldset>
      <fieldset className="admin-group">
        <legend>Patients who book online</legend>
        <div className="admin-fields">
          <Field label="Changes close (hours before the visit)">
            <input name="patientChangeCutoffHours" type="number" min={0} max={336} required defaultValue={was.patientChangeCutoffHours} />
          </Field>
          <Field label="Upcoming visits with one doctor" hint="0: patients cannot book online">
            <input
              name="patientMaxUpcomingVisitsPerDoctor"
              type="number"
              min={0}
              max={100}
              required
              defaultValue={was.patientMaxUpcomingVisitsPerDoctor}
            />
          </Field>
          <Field label="Upcoming visits in all">
            <input name="patientMaxUpcomingVisits" type="number" min={0} max={500} required defaultValue={was.patientMaxUpcomingVisits} />
          </Field>
          <Field label="Longest weekly series (weeks)" hint="0: no series">
            <input name="patientMaxSeriesWeeks" type="number" min={0} max={12} required defaultValue={was.patientMaxSeriesWeeks} />
          </Field>
        </div>
      </fieldset>
    </AdminForm>
  );
}
