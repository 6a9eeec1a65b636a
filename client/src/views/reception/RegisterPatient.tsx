// A new patient's record: names, birth date and phone (stored in E.164 by the hub), email optional.
// A refusal about one field (the hub's reason, e.g. a birth date before 1900) is shown beside that
// field; a person who may already be registered is shown with "Use this patient" and a deliberate
// "Register anyway" (DuplicateMatches).
import { type FormEvent, type InputHTMLAttributes, type ReactNode, useEffect, useRef, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Patient } from '../../lib/contract';
import { ApiError, problemWith } from '../../lib/errors';
import { DuplicateMatches, duplicateMatches } from './DuplicateMatches';
import { Problem } from './errors';
import './register.css';

/** The hub's own pattern for a phone field (server/http/schemas.ts, Phone). */
const PHONE = /^\+?[0-9(][0-9 ()./-]{4,30}$/;

const FIELDS = ['firstName', 'lastName', 'dateOfBirth', 'phone', 'email'] as const;
type FieldName = (typeof FIELDS)[number];

interface Props {
  onRegistered: (patient: Patient) => void;
  /** The desk chose an existing record instead of registering the person again. */
  onExisting: (patient: Patient) => void;
}

interface NewPatientBody {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email?: string;
}

export function RegisterPatient({ onRegistered, onExisting }: Props) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  /** What was sent when the hub answered DUPLICATE_PATIENT: "Register anyway" sends exactly this. */
  const [refused, setRefused] = useState<NewPatientBody | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => first.current?.focus(), []);

  const matches = refused ? duplicateMatches(problem) : null;
  const fieldInTrouble = FIELDS.find((f) => problemWith(problem, f));

  // Put the cursor in the field the hub (or the check below) refused; its reason is read with it.
  useEffect(() => {
    if (fieldInTrouble) form.current?.querySelector<HTMLInputElement>(`[name="${fieldInTrouble}"]`)?.focus();
  }, [fieldInTrouble]);

  async function send(body: NewPatientBody & { allowDuplicate?: true }) {
    setBusy(true);
    setProblem(null);
    try {
      onRegistered(await api<Patient>('POST', '/api/patients', body));
    } catch (err) {
      setRefused(duplicateMatches(err) ? body : null);
      setProblem(err);
      setBusy(false);
    }
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (name: FieldName) => String(data.get(name) ?? '').trim();
    const phone = text('phone');
    if (!PHONE.test(phone)) return setProblem(new ApiError('INVALID_PHONE', 400, undefined, { field: 'phone' }));
    const today = new Date().toISOString().slice(0, 10);
    if (text('dateOfBirth') > today) {
      return setProblem(
        new ApiError('VALIDATION_FAILED', 400, undefined, { field: 'dateOfBirth', reason: 'A date of birth cannot be in the future.' }),
      );
    }
    void send({
      firstName: text('firstName'),
      lastName: text('lastName'),
      dateOfBirth: text('dateOfBirth'),
      phone,
      ...(text('email') ? { email: text('email') } : {}),
    });
  }

  async function chooseExisting(id: string) {
    setBusy(true);
    try {
      onExisting(await api<Patient>('GET', `/api/patients/${id}`));
    } catch (err) {
      setProblem(err);
      setBusy(false);
    }
  }

  /** A field with the hub's reason beside it when it is the one refused. */
  function checked(name: FieldName, label: string, input: (extra: InputHTMLAttributes<HTMLInputElement>) => ReactNode, hint?: string) {
    const reason = problemWith(problem, name);
    const id = `register-${name}-problem`;
    return (
      <div className="reception-field">
        <Field label={label} hint={hint}>
          {input(reason ? { 'aria-invalid': true, 'aria-describedby': id } : {})}
        </Field>
        {reason ? (
          <p id={id} className="error reception-field-problem" role="alert">
            {reason}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <form
      ref={form}
      id="register-patient"
      className="stack reception-register"
      aria-label="New patient"
      onSubmit={submit}
      // A changed form is another person: the matches and the reasons were about the last one.
      onChange={() => {
        if (problem && !busy) setProblem(null);
      }}
    >
      <div className="reception-two">
        {checked('firstName', 'First name', (extra) => (
          <input ref={first} name="firstName" required maxLength={100} autoComplete="off" {...extra} />
        ))}
        {checked('lastName', 'Last name', (extra) => (
          <input name="lastName" required maxLength={100} autoComplete="off" {...extra} />
        ))}
      </div>
      <div className="reception-two">
        {checked('dateOfBirth', 'Date of birth', (extra) => (
          <input name="dateOfBirth" type="date" required {...extra} />
        ))}
        {checked(
          'phone',
          'Phone',
          (extra) => (
            <input name="phone" type="tel" required maxLength={32} autoComplete="off" {...extra} />
          ),
          'With the country code, e.g. +1 212 555 0123',
        )}
      </div>
      {checked('email', 'Email (optional)', (extra) => (
        <input name="email" type="email" maxLength={254} autoComplete="off" {...extra} />
      ))}
      {matches?.length && refused ? (
        <DuplicateMatches
          matches={matches}
          busy={busy}
          onUse={chooseExisting}
          onRegisterAnyway={() => void send({ ...refused, allowDuplicate: true })}
        />
      ) : null}
      {fieldInTrouble || matches?.length ? null : <Problem error={problem} />}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Registering…' : 'Register patient'}
      </button>
    </form>
  );
}
