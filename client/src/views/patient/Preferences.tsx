// How the clinic reaches the patient about visits: email, SMS and in-app, each on or off
// (notificationPreferences on PATCH /api/patients/:id, their own record).
import { type FormEvent, useEffect, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Patient } from '../../lib/contract';
import { countryOf, formatPhone } from '../../lib/phone';
import { Problem, Said } from './bits';

type Prefs = Patient['notificationPreferences'];

export function Preferences({ patientId, clinicPhone }: { patientId: string; clinicPhone?: string }) {
  const [record, setRecord] = useState<Patient | null>(null);
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);

  useEffect(() => {
    api<Patient>('GET', `/api/patients/${patientId}`)
      .then((r) => {
        setRecord(r);
        setPrefs(r.notificationPreferences);
      })
      .catch(setError);
  }, [patientId]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!prefs) return;
    setBusy(true);
    setError(null);
    setSaid(null);
    try {
      const r = await api<Patient>('PATCH', `/api/patients/${patientId}`, { notificationPreferences: prefs });
      setRecord(r);
      setPrefs(r.notificationPreferences);
      const on = r.notificationPreferences;
      setSaid(
        on.email || on.sms || on.inApp
          ? 'Saved. Reminders and changes to your visits will reach you as chosen.'
          : 'Saved. You will not get reminders: please keep track of your visits yourself.',
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!prefs || !record) return error ? <Problem error={error} /> : <Loading what="Loading your choices" />;
  const changed = (Object.keys(prefs) as (keyof Prefs)[]).some((k) => prefs[k] !== record.notificationPreferences[k]);
  const toggle = (key: keyof Prefs) => (e: { target: { checked: boolean } }) => {
    setSaid(null);
    setPrefs({ ...prefs, [key]: e.target.checked });
  };

  return (
    <form className="stack" onSubmit={save}>
      <fieldset className="checks">
        <legend>Send me confirmations, reminders and changes to my visits by</legend>
        <label>
          <input type="checkbox" checked={prefs.email} onChange={toggle('email')} />
          <span className="check-text">
            Email
            <small className="muted">{record.email ?? 'No email address on file'}</small>
          </span>
        </label>
        <label>
          <input type="checkbox" checked={prefs.sms} onChange={toggle('sms')} />
          <span className="check-text">
            Text message (SMS)
            <small className="muted">{formatPhone(record.phone, countryOf(clinicPhone))}</small>
          </span>
        </label>
        <label>
          <input type="checkbox" checked={prefs.inApp} onChange={toggle('inApp')} />
          <span className="check-text">
            In this app
            <small className="muted">While you have Clinic Hub open</small>
          </span>
        </label>
      </fieldset>
      <Problem error={error} />
      <button type="submit" className="primary" disabled={busy || !changed}>
        {busy ? 'Saving…' : 'Save my choices'}
      </button>
      <Said text={said} />
    </form>
  );
}
