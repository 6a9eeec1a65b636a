// The records the hub found for the person the desk is registering (409 DUPLICATE_PATIENT): each
// with "Use this patient", and one deliberate "Register anyway" for a different person who shares
// the names and birth date. The heading takes focus so a screen reader says why nothing was saved.
import { useEffect, useRef } from 'react';
import { ApiError } from '../../lib/errors';
import { fullDate } from './dates';
import { fullName } from './types';

/** One possible match as the hub describes it (server/modules/patients/schemas.ts, DuplicateMatch). */
export interface DuplicateMatch {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  maskedPhone: string;
  hasLogin: boolean;
}

const isMatch = (m: unknown): m is DuplicateMatch => {
  const r = m as Record<string, unknown> | null;
  return (
    !!r &&
    typeof r.id === 'string' &&
    typeof r.firstName === 'string' &&
    typeof r.lastName === 'string' &&
    typeof r.dateOfBirth === 'string' &&
    typeof r.maskedPhone === 'string' &&
    typeof r.hasLogin === 'boolean'
  );
};

/** The matches of a DUPLICATE_PATIENT refusal, or null for any other error. */
export function duplicateMatches(err: unknown): DuplicateMatch[] | null {
  if (!(err instanceof ApiError) || err.code !== 'DUPLICATE_PATIENT') return null;
  const list = err.details.matches;
  return Array.isArray(list) ? list.filter(isMatch) : [];
}

interface Props {
  matches: DuplicateMatch[];
  busy: boolean;
  onUse: (id: string) => void;
  onRegisterAnyway: () => void;
}

export function DuplicateMatches({ matches, busy, onUse, onRegisterAnyway }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="reception-duplicates stack" aria-labelledby="duplicates-title">
      <h3 id="duplicates-title" ref={heading} tabIndex={-1}>
        Already registered?
      </h3>
      <p>
        {matches.length === 1 ? 'A patient' : `${matches.length} patients`} with these names and this birth date{' '}
        {matches.length === 1 ? 'is' : 'are'} already registered. If it is the same person, use their record.
      </p>
      <ul className="reception-matches" aria-label="Possible matches">
        {matches.map((m) => (
          <li key={m.id}>
            <span className="reception-match-who" id={`match-${m.id}`}>
              <strong>{fullName(m)}</strong>
              <span className="muted">
                born {fullDate(m.dateOfBirth)} · phone {m.maskedPhone} · {m.hasLogin ? 'has a portal login' : 'no portal login'}
              </span>
            </span>
            <button type="button" className="primary" disabled={busy} aria-describedby={`match-${m.id}`} onClick={() => onUse(m.id)}>
              Use this patient
            </button>
          </li>
        ))}
      </ul>
      <p className="muted">Only if this is a different person who shares the names and birth date:</p>
      <button type="button" disabled={busy} onClick={onRegisterAnyway}>
        Register anyway as a new patient
      </button>
    </section>
  );
}
