// Adding a doctor (POST /api/doctors): their sign-in, specialty, licence, where they work and how
// long a visit takes; their own fee if they have one (in the location's currency). Their weekly
// hours and time off are set after, on the doctor's panel, where their profile is changed
// (DoctorProfileForm below).
import { type FormEvent, useId, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Doctor, DoctorInput, DoctorPatch, Location } from '../../lib/contract';
import { amountText, parseMinor } from '../../lib/money';
import { languageName, languages } from './choices';
import { ListField } from './ListField';
import { AdminForm, fieldsOf, LoginFields, SelectField, useAction } from './parts';

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
        <LoginFields
          password={{
            label: 'First password (optional)',
            hint: '10 characters or more. Without one they cannot sign in yet.',
            required: false,
          }}
        />
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

/** A BCP 47 tag as the hub takes it (en, pt-BR). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Changing a doctor's profile (PATCH /api/doctors/:id): names, specialties (several, the main one
 * first), what patients read about them, the languages they consult in, licence and its expiry,
 * room, visit length and own fee. Only what changed is sent, so the audit log shows just that.
 */
export function DoctorProfileForm({
  doctor,
  currency,
  specialties: known,
  onSaved,
  onCancel,
}: {
  doctor: Doctor;
  currency?: string;
  specialties: string[];
  onSaved: (doctor: Doctor) => void;
  onCancel: () => void;
}) {
  const [specialties, setSpecialties] = useState(doctor.specialties.length ? doctor.specialties : [doctor.specialization]);
  const [spoken, setSpoken] = useState(doctor.languages);
  const { busy, error, setError, run } = useAction();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    const fee = parseMinor(f.fee ?? '', currency);
    if (fee === null) {
      setError(`The fee is not an amount: type it as ${amountText(4500, currency)}, or leave it empty for the appointment type’s price.`);
      return;
    }
    if (specialties.length === 0) {
      setError('A doctor has one specialty at least: add one.');
      return;
    }
    const patch: DoctorPatch = {};
    const text = (name: 'firstName' | 'lastName' | 'licenseNumber' | 'room') => {
      if ((f[name] ?? '') !== doctor[name]) patch[name] = f[name] ?? '';
    };
    text('firstName');
    text('lastName');
    text('licenseNumber');
    text('room');
    if (!sameList(specialties, doctor.specialties)) patch.specialties = specialties;
    if ((f.bio ?? '') !== (doctor.bio ?? '')) patch.bio = f.bio || null;
    if (!sameList(spoken, doctor.languages)) patch.languages = spoken;
    if ((f.licenseExpiresOn || null) !== doctor.licenseExpiresOn) patch.licenseExpiresOn = f.licenseExpiresOn || null;
    if (Number(f.consultationMinutes) !== doctor.consultationMinutes) patch.consultationMinutes = Number(f.consultationMinutes);
    if ((fee ?? null) !== doctor.feeMinor) patch.feeMinor = fee ?? null;
    if (Object.keys(patch).length === 0) {
      setError('Nothing was changed.');
      return;
    }
    void run(async () => onSaved(await api<Doctor>('PATCH', `/api/doctors/${doctor.id}`, patch)));
  }

  return (
    <AdminForm
      title={`Change the profile of ${doctor.displayName}`}
      error={error}
      busy={busy}
      submit="Save profile"
      busyLabel="Saving…"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="admin-fields">
        <Field label="First name">
          <input name="firstName" required maxLength={100} autoComplete="off" defaultValue={doctor.firstName} />
        </Field>
        <Field label="Last name">
          <input name="lastName" required maxLength={100} autoComplete="off" defaultValue={doctor.lastName} />
        </Field>
        <Field label="Licence number">
          <input name="licenseNumber" required maxLength={50} autoComplete="off" defaultValue={doctor.licenseNumber} />
        </Field>
        <Field label="Licence expires on (optional)" hint="Empty: not recorded.">
          <input name="licenseExpiresOn" type="date" min="1970-01-01" max="2099-12-31" defaultValue={doctor.licenseExpiresOn ?? ''} />
        </Field>
        <Field label="Room">
          <input name="room" required maxLength={50} autoComplete="off" defaultValue={doctor.room} />
        </Field>
        <Field label="Visit length (minutes)">
          <input name="consultationMinutes" type="number" min={5} max={240} step={5} required defaultValue={doctor.consultationMinutes} />
        </Field>
        <Field label={`Own fee${currency ? ` (${currency})` : ''}, optional`} hint="Empty: the appointment type’s price.">
          <input
            name="fee"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={doctor.feeMinor === null ? '' : amountText(doctor.feeMinor, currency)}
          />
        </Field>
      </div>
      <ListField
        label="Specialties"
        hint="The main one first: lists and the waiting-room screen show it."
        values={specialties}
        onChange={setSpecialties}
        suggestions={known.map((value) => ({ value }))}
        mainFirst
        max={10}
        check={(v) => (v.length < 2 || v.length > 100 ? 'A specialty is 2 to 100 characters.' : null)}
      />
      <ListField
        label="Languages"
        hint="The languages they consult in: type a name or a tag such as pt-BR."
        values={spoken}
        onChange={setSpoken}
        suggestions={languages().map((l) => ({ value: l.tag, label: l.label }))}
        show={languageName}
        max={20}
        check={(v) => (LANGUAGE_TAG.test(v) ? null : `“${v}” is not a language tag such as en or pt-BR.`)}
      />
      <Field label="About them (optional)" hint="Patients read it when they book.">
        <textarea name="bio" rows={3} maxLength={2000} defaultValue={doctor.bio ?? ''} />
      </Field>
    </AdminForm>
  );
}
