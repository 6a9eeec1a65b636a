// Small building blocks every view uses: an error line that says what went wrong, loading and
// empty states, and a labelled form field. Accessible by default (roles, labels, live regions).
import type { ReactNode } from 'react';
import { sentenceFor } from '../lib/errors';

export function ErrorLine({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {sentenceFor(error)}
    </p>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child
    <label className="field">
      <span>{label}</span>
      {children}
      {hint ? <small className="muted">{hint}</small> : null}
    </label>
  );
}

// Times and days come from the one date module (lib/datetime.ts): the reader's locale, the clinic's
// zone, the zone named when the reader's differs. `clock` is its time().
export { day, time as clock } from '../lib/datetime';
