// The nurse's page (/nurse): the location they are working at (their own locations), today's
// checked-in patients there, oldest check-in first, kept current live (use-triage.ts), and
// triage vitals recorded for a visit (TriageForm.tsx); a triaged visit says when. Worked from the keyboard: each row's button opens the form and focus goes to its first field.
import { useEffect, useState } from 'react';
import { Shell } from '../../components/Shell';
import { clock, Empty, ErrorLine, Loading } from '../../components/ui';
import type { Role, TriageVisit, User } from '../../lib/contract';
import { useHub } from '../../lib/socket';
import { useUser } from '../../lib/use-user';
import { statusLabel } from '../doctor/labels';
import { ageOn } from '../doctor/patients';
import type { Units } from '../doctor/soap';
import { useLocations } from '../pharmacy/use-locations';
import { TriageForm } from './TriageForm';
import { useTriage } from './use-triage';
import '../doctor/doctor.css';
import '../record/record.css';
import './nurse.css';
import { LocationPicker } from '../../components/LocationPicker';

const ROLES: readonly Role[] = ['nurse'];

export default function Nurse() {
  const user = useUser(ROLES);
  if (!user) return <Loading what="Opening triage" />;
  return (
    <Shell user={user} title="Triage">
      <Station user={user} />
    </Shell>
  );
}

function Station({ user }: { user: User }) {
  const { locations, location, choose, error } = useLocations('clinic-hub.nurse.location');
  const { socket, link } = useHub();
  const { triage, error: triageError, reload } = useTriage(socket, location?.id ?? null);
  const [open, setOpen] = useState<string | null>(null);
  const [said, setSaid] = useState('');

  // The form opened: the first measurement is where the keyboard goes.
  useEffect(() => {
    if (open) document.querySelector<HTMLInputElement>('.triage-form input')?.focus();
  }, [open]);

  if (error) return <ErrorLine error={error} />;
  if (!locations) return <Loading what="Finding your locations" />;
  if (!location) return <p className="muted">You are not assigned to a location yet. Please ask an administrator.</p>;
  const timeZone = location.timezone;
  const units: Units = location.units === 'us' ? 'us' : 'metric';
  const visits = triage?.visits ?? [];

  const saved = (v: TriageVisit, at: string) => {
    setSaid(`Vitals recorded for ${v.patient.name} at ${clock(at, timeZone)}.`);
    setOpen(null);
    void reload();
  };

  return (
    <div className="nurse">
      <div className="row between nurse-head">
        <h1>Triage</h1>
        <LocationPicker id="nurse-location" locations={locations} value={location.id} onChange={choose} />
        <span className={`pill link-${link}`} role="status">
          {link === 'live' ? 'Live' : link === 'connecting' ? 'Connecting…' : 'Reconnecting… updates are paused'}
        </span>
      </div>
      <p className="muted">Hello {user.firstName}. Patients checked in today, the longest waiting first.</p>
      <p className="ok" role="status">
        {said}
      </p>
      <section className="card" aria-labelledby="checked-in-title">
        <h2 id="checked-in-title">Checked in{triage ? ` (${visits.length})` : ''}</h2>
        <ErrorLine error={triageError} />
        {!triage && !triageError ? <Loading what="Loading today’s patients" /> : null}
        {triage && !visits.length ? <Empty>Nobody is checked in right now.</Empty> : null}
        {visits.length ? (
          <ul className="triage-list" aria-label="Checked-in patients">
            {visits.map((v) => (
              <li key={v.appointmentId} className={v.triagedAt ? 'triaged' : undefined}>
                <div className="row between">
                  <span>
                    {v.ticket ? <strong className="ticket">{v.ticket}</strong> : null} <strong>{v.patient.name}</strong>{' '}
                    <span className="muted">
                      {ageOn(v.patient.dateOfBirth)} years · {v.doctor.name} · {statusLabel(v.status)}
                      {v.checkedInAt ? ` · checked in ${clock(v.checkedInAt, timeZone)}` : ''}
                    </span>
                  </span>
                  {v.triagedAt ? (
                    <span className="pill ok-pill">Triaged {clock(v.triagedAt, timeZone)}</span>
                  ) : (
                    <span className="pill warn">Not triaged</span>
                  )}
                </div>
                {open === v.appointmentId ? (
                  <TriageForm visit={v} units={units} onSaved={(p) => saved(v, p.at)} onCancel={() => setOpen(null)} />
                ) : (
                  <button type="button" onClick={() => setOpen(v.appointmentId)}>
                    {v.triagedAt ? 'Record vitals again' : 'Record vitals'}
                    <span className="sr-only"> for {v.patient.name}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
