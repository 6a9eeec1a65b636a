// Errors as sentences: the shared sentences (lib/errors.ts), plus codes this desk meets that
// the shared list does not name yet, plus the desk's own checks (plain strings).
import { ApiError, sentenceFor } from '../../lib/errors';

const MORE: Record<string, string> = {
  DOCTOR_INACTIVE: 'This doctor is not seeing patients at the moment.',
  CONFLICT: 'Someone else changed this at the same time. Please look again and retry.',
  NO_SHOW_TOO_EARLY: 'Too early for a no-show: from the start of the visit, or 5 minutes after the patient was called.',
};

export function explain(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof ApiError && MORE[error.code]) return MORE[error.code] as string;
  return sentenceFor(error);
}

/** The error line of a form or panel: a sentence, announced when it appears. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {explain(error)}
    </p>
  );
}
