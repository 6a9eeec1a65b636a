// Who may read the note: standard (the care team), sensitive (doctors of the care team) or highly
// sensitive (the author and the colleagues named here). Radio buttons in a fieldset, so the
// arrow keys move between the levels; the colleagues are the clinic's doctors, by their logins.
import { useEffect, useState } from 'react';
import { api } from '../../../lib/api';
import type { Doctor, DoctorList } from '../../../lib/contract';
import { session } from '../../../lib/session';
import { type MoreDraft, PRIVACIES } from './more';

interface Props {
  more: MoreDraft;
  set: (patch: Partial<MoreDraft>) => void;
}

export function PrivacyPicker({ more, set }: Props) {
  const [doctors, setDoctors] = useState<Doctor[] | null>(null);
  const highly = more.privacy === 'highly_sensitive';
  useEffect(() => {
    if (!highly || doctors) return;
    api<DoctorList>('GET', '/api/doctors?limit=100')
      .then((d) => setDoctors(d.doctors.filter((x) => x.userId !== session.user?.id)))
      .catch(() => setDoctors([]));
  }, [highly, doctors]);

  return (
    <fieldset className="privacy">
      <legend>Privacy</legend>
      {PRIVACIES.map((p) => (
        <label className="check" key={p.value}>
          <input
            type="radio"
            name="note-privacy"
            value={p.value}
            checked={more.privacy === p.value}
            onChange={() => set({ privacy: p.value })}
          />{' '}
          {p.label} <small className="muted">{p.hint}</small>
        </label>
      ))}
      {highly ? (
        <fieldset className="named">
          <legend>Also readable by</legend>
          {doctors === null ? <p className="muted">Loading colleagues…</p> : null}
          {doctors?.length === 0 ? <p className="muted">Nobody else can be named.</p> : null}
          {doctors?.map((d) => (
            <label className="check" key={d.userId}>
              <input
                type="checkbox"
                checked={more.named.includes(d.userId)}
                onChange={(e) => set({ named: e.target.checked ? [...more.named, d.userId] : more.named.filter((id) => id !== d.userId) })}
              />{' '}
              {d.displayName} <small className="muted">{d.specialization}</small>
            </label>
          ))}
        </fieldset>
      ) : null}
    </fieldset>
  );
}
