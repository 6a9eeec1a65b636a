// Finding the patient at the desk (by name, phone or email), or registering a new one. After a
// search the results' heading takes focus (the Search button is disabled while it runs, which would
// drop focus to the page), so a screen reader says how many were found and Tab reaches the first.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Empty, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Patient, PatientList } from '../../lib/contract';
import { countryOf, formatPhone } from '../../lib/phone';
import { fullDate } from './dates';
import { Problem } from './errors';
import { RegisterPatient } from './RegisterPatient';
import { fullName } from './types';
import { rememberPatient } from './use-patients';

interface Props {
  patient: Patient | null;
  onPatient: (patient: Patient | null) => void;
  onNotice: (message: string) => void;
  /** The location's phone: numbers of its country read nationally. */
  clinicPhone?: string;
}

export function PatientSearch({ patient, onPatient, onNotice, clinicPhone }: Props) {
  const phone = (p: Patient) => formatPhone(p.phone, countryOf(clinicPhone));
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Patient[] | null>(null);
  const [searched, setSearched] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [registering, setRegistering] = useState(false);
  /** Grows with each answered search, so the heading takes focus once per search. */
  const [answered, setAnswered] = useState(0);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (answered) resultsHeading.current?.focus();
  }, [answered]);

  async function search(e: FormEvent) {
    e.preventDefault();
    const q = query.trim();
    if (!q) return setProblem('Type part of a name, a phone number or an email address.');
    setBusy(true);
    setProblem(null);
    try {
      const answer = await api<PatientList>('GET', `/api/patients?query=${encodeURIComponent(q)}&limit=20`);
      for (const p of answer.patients) rememberPatient(p);
      setResults(answer.patients);
      setSearched(q);
      setAnswered((n) => n + 1);
    } catch (err) {
      setProblem(err);
      requestAnimationFrame(() => input.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="patient-title">
      <h2 id="patient-title">Patient</h2>
      {patient ? (
        <div className="reception-chosen" role="status">
          <span>
            Chosen: <strong>{fullName(patient)}</strong>
          </span>
          <span className="muted">
            born {fullDate(patient.dateOfBirth)} · {phone(patient)}
          </span>
          <button type="button" onClick={() => onPatient(null)}>
            Clear
          </button>
        </div>
      ) : (
        <p className="muted" role="status">
          No patient chosen.
        </p>
      )}
      <search>
        <form className="row reception-search" onSubmit={search}>
          <Field label="Find a patient">
            <input
              ref={input}
              type="search"
              value={query}
              placeholder="Name, phone or email"
              maxLength={100}
              onChange={(e) => setQuery(e.target.value)}
            />
          </Field>
          <button type="submit" disabled={busy}>
            Search
          </button>
        </form>
      </search>
      <Problem error={problem} />
      {busy ? <Loading what="Searching" /> : null}
      {results && !busy ? (
        <>
          <h3 id="results-title" ref={resultsHeading} tabIndex={-1} className="reception-results-title">
            {results.length === 0
              ? `Nobody matches “${searched}”`
              : `${results.length === 1 ? '1 patient matches' : `${results.length} patients match`} “${searched}”`}
          </h3>
          {results.length ? (
            <ul className="reception-results" aria-label="Matching patients">
              {results.map((p) => (
                <li key={p.id}>
                  <button type="button" aria-pressed={patient?.id === p.id} onClick={() => onPatient(p)}>
                    <strong>{fullName(p)}</strong>
                    <span className="muted">
                      born {fullDate(p.dateOfBirth)} · {phone(p)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>Check the spelling or register the patient.</Empty>
          )}
        </>
      ) : null}
      <button type="button" aria-expanded={registering} aria-controls="register-patient" onClick={() => setRegistering(!registering)}>
        {registering ? 'Close the new patient form' : 'Register a new patient'}
      </button>
      {registering ? (
        <RegisterPatient
          onRegistered={(p) => {
            rememberPatient(p);
            setRegistering(false);
            onPatient(p);
            onNotice(`Registered ${fullName(p)} (phone ${phone(p)}).`);
          }}
          onExisting={(p) => {
            rememberPatient(p);
            setRegistering(false);
            onPatient(p);
            onNotice(`Chose ${fullName(p)}, already registered (phone ${phone(p)}).`);
          }}
        />
      ) : null}
    </section>
  );
}
