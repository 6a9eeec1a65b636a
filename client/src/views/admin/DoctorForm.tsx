// Adding a doctor (POST /api/doctors): their sign-in, specialty, licence, where they work and how
// long a visit takes; their own fee if they have one (in the location's currency). Their weekly
// hours and time off are set after, on the doctor's panel.
import { type FormEvent, useId, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Doctor, DoctorInput, Location } from '../../lib/contract';
import { amountText, parseMinor } from '../../lib/money';
import { AdminForm, fieldsOf, SelectField, useAction } from './parts';

interface Props {
  locations: Location[];
  specialties: string[];
  onSaved: (doctor: Doctor) => void;
  onCancel: () => void;
}

export function DoctorForm({ locations, specialties, onSaved, onCancel }: Props) {
  const id = useId();
  const [locationId, setLocationId] = useState(locations[0]?.id ?? '');
  const { busy, error, setError, run } = useAction();
  const currency = locations.find((l) => l.id === locationId)?.currency;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    const fee = parseMinor(f.fee ?? '', currency);
    if (fee === null) {
      setError(`The fee is not an amount: type it as ${amountText(4500, currency)}, or leave it empty for the appointment type’s price.`);
      return;
    }
    const body: DoctorInput = {
      firstName: f.firstName ?? '',
      lastName: f.lastName ?? '',
      email: f.email ?? '',
      specialization: f.specialization ?? '',
      licenseNumber: f.licenseNumber ?? '',
      locationId,
      room: f.room ?? '',
      consultationMinutes: Number(f.consultationMinutes),
      ...(password ? { password } : {}),
      ...(fee !== undefined ? { feeMinor: fee } : {}),
    };
    void run(async () => onSaved(await api<Doctor>('POST', '/api/doctors', body)));
  }

  return (
    <AdminForm
      title={'Add a doctor'}
      error={error}
      busy={busy}
      submit={'Add doctor'}
      busyLabel={'Adding…'}
      disabled={locations.length === 0}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="admin-fields">
        <Field label="First name">
          <input name="firstName" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Last name">
          <input name="lastName" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Email" hint="They sign in with it.">
          <input name="email" type="email" required maxLength={254} autoComplete="off" />
        </Field>
        <Field label="First password (optional)" hint="10 characters or more. Without one they cannot sign in yet.">
          <input name="password" type="password" minLength={10} maxLength={128} autoComplete="new-password" />
        </Field>
        <Field label="Specialty">
          <input name="specialization" required minLength={2} maxLength={100} list={`${id}-specialties`} autoComplete="off" />
        </Field>
        <datalist id={`${id}-specialties`}>
          {specialties.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <Field label="Licence number">
          <input name="licenseNumber" required maxLength={50} autoComplete="off" />
        </Field>
        <SelectField label="Location">
          {(control) => (
            <select {...control} name="locationId" value={locationId} onChange={(e) => setLocationId(e.target.value)} required>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          )}
        </SelectField>
        <Field label="Room" hint="As the waiting-room screen shows it, e.g. 2 or B-12">
          <input name="room" required maxLength={50} autoComplete="off" />
        </Field>
        <Field label="Visit length (minutes)">
          <input name="consultationMinutes" type="number" min={5} max={240} step={5} required defaultValue={15} />
        </Field>
        <Field label={`Own fee${currency ? ` (${currency})` : ''}, optional`} hint="Billed instead of the appointment type’s price.">
          <input name="fee" inputMode="decimal" autoComplete="off" />
        </Field>
      </div>
    </AdminForm>
  );
}
