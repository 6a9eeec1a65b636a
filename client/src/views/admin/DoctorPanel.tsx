// The chosen doctor on /admin/doctors: who they are, their profile to change (DoctorProfileForm),
// deactivating them (PATCH {active: false}: they leave booking, their visits and records stay; the
// question first counts the visits still booked with them, which stay booked) or bringing them
// back, their weekly hours (WeekGrid.tsx) and time off (TimeOff.tsx).
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { AffectedQuestion, AffectedVisits, Doctor, DoctorPatch, Location } from '../../lib/contract';
import { dayAndTime } from '../../lib/datetime';
import { SENTENCES } from '../../lib/errors';
import { Dialog } from '../doctor/Dialog';
import { languageName } from './choices';
import '../doctor/dialogs.css';
import { DoctorProfileForm } from './DoctorForm';
import { minutesText, Problem, useAction } from './parts';
import { TimeOff } from './TimeOff';
import { WeekGrid } from './WeekGrid';

/** The longest span the hub lists booked visits over at once (a time off's limit). */
const YEAR_MS = 365 * 86_400_000;

interface Props {
  doctor: Doctor;
  /** Open locations, for the weekly hours. */
  locations: Location[];
  /** The doctor's own location (perhaps deactivated). */
  site?: Location;
  specialties: string[];
  onSaved: (sentence: string, focus?: boolean) => void;
  onChanged: () => void;
}

export function DoctorPanel({ doctor, locations, site, specialties, onSaved, onChanged }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const profileButton = useRef<HTMLButtonElement>(null);
  const leaveButton = useRef<HTMLButtonElement>(null);
  const [changing, setChanging] = useState(false);
  const [asking, setAsking] = useState(false);
  const active = useAction();
  useEffect(() => heading.current?.focus(), []);
  const zone = site?.timezone ?? 'UTC';
  // Each part says what it saved without moving the focus away from where the admin is working.
  const quietly = (sentence: string) => onSaved(sentence, false);

  function setActive(on: boolean) {
    void active.run(async () => {
      const saved = await api<Doctor>('PATCH', `/api/doctors/${doctor.id}`, { active: on } satisfies DoctorPatch);
      onChanged();
      onSaved(
        saved.active
          ? `${saved.displayName} is bookable again.`
          : `${saved.displayName} is deactivated: they leave booking; their visits and records stay.`,
      );
    });
  }

  return (
    <section id="doctor-panel" className="admin-doctor stack" aria-labelledby="doctor-panel-title">
      <h2 id="doctor-panel-title" ref={heading} tabIndex={-1}>
        {doctor.displayName}
        {doctor.active ? null : ' (deactivated)'}
      </h2>
      <p className="muted">
        {doctor.specialties.join(', ') || doctor.specialization} · {site?.name ?? 'Unknown location'}, room {doctor.room} · visits of{' '}
        {minutesText(doctor.consultationMinutes)} · queue tickets {doctor.ticketPrefix}-001, {doctor.ticketPrefix}-002…
        {doctor.languages.length ? ` · speaks ${doctor.languages.map(languageName).join(', ')}` : ''}
      </p>
      {doctor.active ? null : (
        <p className="admin-note">
          Not bookable: patients and the desk no longer see them, and new bookings, holds and walk-ins are refused (“
          {SENTENCES.DOCTOR_INACTIVE}”). Their booked visits, records and history stay.
        </p>
      )}
      <div className="row">
        <button ref={profileButton} type="button" aria-expanded={changing} onClick={() => setChanging(!changing)}>
          Change profile
        </button>
        {doctor.active ? (
          <button ref={leaveButton} type="button" className="danger" disabled={active.busy} onClick={() => setAsking(true)}>
            Deactivate…
          </button>
        ) : (
          <button type="button" disabled={active.busy} onClick={() => setActive(true)}>
            Reactivate
          </button>
        )}
      </div>
      <Problem error={active.error} />
      {changing ? (
        <DoctorProfileForm
          doctor={doctor}
          currency={site?.currency}
          specialties={specialties}
          onCancel={() => {
            setChanging(false);
            requestAnimationFrame(() => profileButton.current?.focus());
          }}
          onSaved={(saved) => {
            setChanging(false);
            onChanged();
            onSaved(`Profile of ${saved.displayName} saved.`);
          }}
        />
      ) : null}
      {asking ? (
        <LeaveQuestion
          doctor={doctor}
          zone={zone}
          onAnswer={(leave) => {
            setAsking(false);
            if (leave) setActive(false);
            else leaveButton.current?.focus();
          }}
        />
      ) : null}
      {locations.length > 0 ? <WeekGrid doctor={doctor} locations={locations} onSaved={quietly} /> : null}
      <div className="admin-doctor-parts">
        <TimeOff doctor={doctor} zone={zone} onSaved={quietly} />
      </div>
    </section>
  );
}

/** "Deactivate …?": with the visits still booked with them over the coming year, which stay booked. */
function LeaveQuestion({ doctor, zone, onAnswer }: { doctor: Doctor; zone: string; onAnswer: (leave: boolean) => void }) {
  const [visits, setVisits] = useState<AffectedVisits['visits'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const now = Date.now();
    const question: AffectedQuestion = { startAt: new Date(now).toISOString(), endAt: new Date(now + YEAR_MS).toISOString() };
    api<AffectedVisits>('POST', `/api/doctors/${doctor.id}/unavailability/affected`, question)
      .then((r) => setVisits(r.visits))
      .catch(setError);
  }, [doctor.id]);
  const first = visits?.[0];
  return (
    <Dialog
      title={`Deactivate ${doctor.displayName}?`}
      onCancel={() => onAnswer(false)}
      choices={[
        { label: 'Deactivate', kind: 'danger', onChoose: () => onAnswer(true) },
        { label: 'Keep', focus: true, onChoose: () => onAnswer(false) },
      ]}
    >
      <p>
        They leave the doctors patients and the desk book with, and new bookings, holds and walk-ins with them are refused. Their past
        visits, notes, prescriptions and today’s queue stay, and they can be reactivated. Their sign-in keeps working: end it on the Staff
        page.
      </p>
      {error ? (
        <Problem error={error} />
      ) : !visits ? (
        <p aria-live="polite">Counting the visits booked with them…</p>
      ) : (
        <p aria-live="polite">
          {visits.length === 0
            ? 'No visits are booked with them from now on.'
            : `${visits.length === 1 ? '1 visit is' : `${visits.length} visits are`} booked with them from now on (the next on ${dayAndTime(first?.startAt ?? '', zone)}). They stay booked: the desk calls the patients to move them.`}
        </p>
      )}
    </Dialog>
  );
}
