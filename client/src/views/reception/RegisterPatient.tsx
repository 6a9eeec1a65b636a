// A new patient's record: names, birth date and phone (stored in E.164 by the hub), email optional.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Patient } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { Problem } from './errors';

/** The hub's own pattern for a phone field (server/http/schemas.ts, Phone). */
const PHONE = /^\+?[0-9(][0-9 ()./-]{4,30}$/;

export function RegisterPatient({ onRegistered }: { onRegistered: (patient: Patient) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const phone = text('phone');
    if (!PHONE.test(phone)) return setProblem(new ApiError('INVALID_PHONE', 400));
    const today = new Date().toISOString().slice(0, 10);
    if (text('dateOfBirth') > today) return setProblem('The date of birth cannot be in the future.');
    setBusy(true);
    setProblem(null);
    try {
      const body = {
        firstName: text('firstName'),
        lastName: text('lastName'),
        dateOfBirth: text('dateOfBirth'),
        phone,
        ...(text('email') ? { email: text('email') } : {}),
      };
      onRegistered(await api<Patient>('POST', '/api/patients', body));
    } catch (err) {
      setProblem(err);
      setBusy(false);
    }
  }

  return (
    <form id="register-patient" className="stack reception-register" aria-label="New patient" onSubmit={submit}>
      <div className="reception-two">
        <Field label="First name">
          <input ref={first} name="firstName" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Last name">
          <input name="lastName" required maxLength={100} autoComplete="off" />
        </Field>
      </div>
      <div className="reception-two">
        <Field label="Date of birth">
          <input name="dateOfBirth" type="date" required />
        </Field>
        <Field label="Phone" hint="With the country code, e.g. +1 212 555 0123">
          <input name="phone" type="tel" required maxLength={32} autoComplete="off" />
        </Field>
      </div>
      <Field label="Email (optional)">
        <input name="email" type="email" maxLength={254} autoComplete="off" />
      </Field>
      <Problem error={problem} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Registering…' : 'Register patient'}
      </button>
    </form>
  );
}
