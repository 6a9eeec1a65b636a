// A billing question in a modal dialog (void a line or an invoice, refund a payment), on the native
// <dialog>: showModal() makes the page behind it inert and traps focus, Escape is "Go back", the
// dialog is named by its title, and its first field takes focus. The caller checks the fields and
// the dialog shows the refusal (the hub's or the form's own) in an alert inside it.
import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { Problem } from './Problem';

interface Props {
  title: string;
  children: ReactNode;
  confirm: string;
  danger?: boolean;
  busy: boolean;
  error: unknown;
  currency?: string;
  onSubmit: () => void;
  onCancel: () => void;
}

export function ModalForm({ title, children, confirm, danger, busy, error, currency, onSubmit, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('input, textarea, select')?.focus();
    return () => dialog.close();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };

  return (
    <dialog
      ref={ref}
      className="card ask billing-ask"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit} noValidate className="stack">
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <Problem error={error} currency={currency} />
        <div className="row actions">
          <button type="submit" className={danger ? 'danger' : 'primary'} aria-disabled={busy || undefined}>
            {busy ? 'Sending…' : confirm}
          </button>
          <button type="button" onClick={onCancel}>
            Go back
          </button>
        </div>
      </form>
    </dialog>
  );
}
