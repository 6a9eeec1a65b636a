// Small pieces of this view: an error told as a sentence (with this view's extra codes), a
// polite status line for what just happened, and a control with its own label.
import type { ReactNode } from 'react';
import { say } from './format';

export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {say(error)}
    </p>
  );
}

/** Always in the page, so screen readers announce what is written into it. */
export function Said({ text }: { text: string | null }) {
  return (
    <p className="ok said" role="status">
      {text ?? ''}
    </p>
  );
}

/**
 * A control with a label tied by id: a <select> wrapped in its label would be named by the label
 * and its chosen option together ("Doctor Choose a doctor…").
 */
export function Labelled({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
