// Pieces every admin page uses: the line that says what just happened (it takes the focus, since
// the control that was used may be gone), an action's error that also moves the focus to the field
// the hub named, and reading a form's fields.
import { type FormEvent, type ReactNode, type RefObject, useCallback, useEffect, useId, useRef, useState } from 'react';
import { Field } from '../../components/ui';
import { ApiError } from '../../lib/errors';

import { Problem } from '../feedback/parts';

export { Problem, useAction } from '../feedback/parts';

/** "Location “Riverside” added.": said in a status line that takes the focus. */
export function useSaid() {
  const [said, setSaid] = useState('');
  const line = useRef<HTMLParagraphElement>(null);
  /** `focus: false` when the page moves the focus elsewhere itself (the line is still read out). */
  const say = useCallback((sentence: string, focus = true) => {
    setSaid(sentence);
    if (focus) requestAnimationFrame(() => line.current?.focus());
  }, []);
  const saidLine = (
    <p ref={line} className="ok said" role="status" tabIndex={-1}>
      {said}
    </p>
  );
  return { say, saidLine };
}

/**
 * After a refused save: the field the hub named (`field`, the form control's name) takes the
 * focus, and says it is not valid, so the admin lands where the fix is.
 */
export function focusProblem(form: RefObject<HTMLFormElement | null>, err: unknown): void {
  if (!(err instanceof ApiError) || !err.problem.field) return;
  const control = form.current?.elements.namedItem(err.problem.field);
  if (control instanceof HTMLElement) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
}

/** A form's onChange: a field being corrected is no longer marked as the one the hub refused. */
export function clearInvalid(e: { target: EventTarget }): void {
  if (e.target instanceof HTMLElement) e.target.removeAttribute('aria-invalid');
}

/** A form's text fields by name, trimmed. */
export function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const data = new FormData(form);
  const out: Record<string, string> = {};
  for (const [name, value] of data.entries()) if (typeof value === 'string') out[name] = value.trim();
  return out;
}

/** Whole minutes or hours as people say them: "15 min", "1 h 30 min". */
export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * A labelled select: the label points at it (a select inside its label would be named by all its
 * options' text), and its hint describes it.
 */
export function SelectField({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (control: { id: string; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': hint ? `${id}-hint` : undefined })}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

/**
 * The frame of every add or change form of the console: a card named by its heading, which takes
 * the focus when it opens; Escape cancels; after a refused save the field the hub named takes the
 * focus (focusProblem), and the error is said under the fields.
 */
export function AdminForm(props: {
  title: string;
  error: unknown;
  busy: boolean;
  /** The submit button's words, and its words while saving. */
  submit: string;
  busyLabel: string;
  disabled?: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { title, error, busy, submit, busyLabel, disabled, onSubmit, onCancel, children } = props;
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => focusProblem(form, error), [error]);
  return (
    <form
      ref={form}
      className="card admin-form"
      aria-labelledby={`${id}-title`}
      onSubmit={onSubmit}
      onChange={clearInvalid}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
      <Problem error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || disabled}>
          {busy ? busyLabel : submit}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * A new login's name, email and first password, as the staff and doctor forms ask for them
 * (`password` says whether it is required and what to tell the admin about it).
 */
export function LoginFields({ password }: { password: { label: string; hint: string; required: boolean } }) {
  return (
    <>
      <Field label="First name">
        <input name="firstName" required maxLength={100} autoComplete="off" />
      </Field>
      <Field label="Last name">
        <input name="lastName" required maxLength={100} autoComplete="off" />
      </Field>
      <Field label="Email" hint="They sign in with it.">
        <input name="email" type="email" required maxLength={254} autoComplete="off" />
      </Field>
      <Field label={password.label} hint={password.hint}>
        <input name="password" type="password" required={password.required} minLength={10} maxLength={128} autoComplete="new-password" />
      </Field>
    </>
  );
}
